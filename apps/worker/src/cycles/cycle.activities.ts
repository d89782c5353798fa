import { Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import {
  CycleActivities,
  CycleChange,
  CycleEvent,
  noticeKeys,
  NoticeRound,
  PERMANENT_WRITE_FAILURE,
  PermanentWriteDetails,
  StageNoticeInput,
} from '@rol/contracts';
import { CycleSnapshot, escalationLevel } from '@rol/domain';
import { RenderedMail, renderStageEscalation, renderStageReminder, StageNoticeData } from '@rol/mail';
import {
  cycleSubjectType,
  isPermanentWriteError,
  OrganizationEntity,
  storedCycleState,
  UserEntity,
  writeCycleChanges,
} from '@rol/persistence';
import { NoticeDeliveryService } from '../notices/notice-delivery.service';
import { StageRecipientsService } from './stage-recipients.service';

@Injectable()
export class CycleActivitiesService implements CycleActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly delivery: NoticeDeliveryService,
    private readonly recipients: StageRecipientsService,
  ) {}

  /** One statement, its own transaction (see writeCycleChanges): no BEGIN/COMMIT round trips. */
  async persistCycle({
    snapshot,
    events,
    changes,
  }: {
    snapshot: CycleSnapshot;
    events?: CycleEvent[];
    changes?: CycleChange[];
  }): Promise<boolean> {
    const all = changes ?? (events?.length ? [{ seq: snapshot.seq, events }] : []);
    try {
      return (await writeCycleChanges(this.dataSource.manager, snapshot, all)).written;
    } catch (error) {
      if (!isPermanentWriteError(error)) throw error;
      // Retrying cannot help: the workflow goes back to what the projection holds.
      const details: PermanentWriteDetails = {
        stored: await storedCycleState(this.dataSource.manager, snapshot.cycleId),
        code: ((error as { driverError?: { code?: string } }).driverError?.code ?? null) as string | null,
      };
      throw ApplicationFailure.create({
        type: PERMANENT_WRITE_FAILURE,
        message: `数据库拒绝保存该流程的变更：${(error as Error).message}`,
        nonRetryable: true,
        details: [details],
      });
    }
  }

  /**
   * Sends one mail per recipient, each under its notice key (`noticeKeys`: the item, the round, the
   * recipient): a retried round skips the ones already sent and sends the rest.
   */
  private async sendRound(
    input: StageNoticeInput,
    kind: 'reminder' | 'escalation',
    key: (userId: string) => string,
    users: UserEntity[],
    render: (data: StageNoticeData) => RenderedMail,
  ): Promise<NoticeRound> {
    const organizations = this.dataSource.getRepository(OrganizationEntity);
    const organization = await organizations.findOneBy({ id: input.organizationId });
    // A division's part with a deadline of its own: the notice names the division.
    const division = input.divisionId ? await organizations.findOneBy({ id: input.divisionId }) : null;
    let sentNow = 0;
    let failure: unknown = null;
    for (const user of users) {
      // One recipient's failure (or a claim still held by a killed attempt) does not hold up the others;
      // the round fails afterwards and is retried for whoever is left.
      const outcome = await this.delivery
        .deliver({
          key: key(user.id),
          kind,
          to: user.email,
          recipientUserId: user.id,
          mail: render({
            recipientName: user.name,
            organizationName: organization?.name ?? '',
            kind: input.kind,
            year: input.year,
            stage: input.stage,
            dueAt: new Date(input.dueAt),
            cycleId: input.cycleId,
            ...(division ? { item: `${division.name}的材料` } : {}),
            ...(input.itemDescription ? { item: `整改事项「${input.itemDescription}」` } : {}),
          }),
          subjectType: cycleSubjectType(input),
          subjectId: input.cycleId,
        })
        .catch((error: unknown) => {
          failure ??= error;
          return null;
        });
      if (outcome?.sentNow) sentNow++;
      Context.current().heartbeat();
    }
    if (failure) throw failure;
    return { recipients: users.map((u) => u.email), sentNow };
  }

  /**
   * Keyed by the offset, and (newer workflows: `keyedByDueAt`) by the due instant it names: a reminder
   * re-planned after the date moved is a new notice, a retried round is not.
   */
  async remindStage(input: StageNoticeInput & { offset: string; keyedByDueAt?: boolean }): Promise<NoticeRound> {
    const users = await this.recipients.recipients(input, 'responsible');
    const key = (userId: string) =>
      noticeKeys.reminder(input, input.offset, input.keyedByDueAt ? input.dueAt : null, userId);
    return this.sendRound(input, 'reminder', key, users, (data) => renderStageReminder(data, new Date()));
  }

  async escalateStage(
    input: StageNoticeInput & { period: number; round: number; overdueSince: number },
  ): Promise<NoticeRound> {
    const level = escalationLevel(input.round);
    const users = await this.recipients.recipients(input, level);
    const key = (userId: string) => noticeKeys.escalation(input, input.period, input.round, userId);
    return this.sendRound(input, 'escalation', key, users, (data) =>
      renderStageEscalation(
        { ...data, round: input.round, level, overdueSince: new Date(input.overdueSince) },
        new Date(),
      ),
    );
  }

  toActivities(): CycleActivities {
    return {
      persistCycle: this.persistCycle.bind(this),
      remindStage: this.remindStage.bind(this),
      escalateStage: this.escalateStage.bind(this),
    };
  }
}
