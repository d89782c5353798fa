import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import {
  CycleActivities,
  CycleChange,
  CycleEvent,
  noticeKeys,
  NoticeRecipient,
  NoticeRound,
  PERMANENT_WRITE_FAILURE,
  PermanentWriteDetails,
  StageNoticeInput,
} from '@rol/contracts';
import {
  CycleSnapshot,
  escalationLevel,
  noticeAction,
  noticeLink,
  NoticeRecipientRole,
  NoticeTopic,
} from '@rol/domain';
import {
  NoticeAsk,
  NoticeContent,
  renderNoticeMail,
  renderRobotMessage,
  stageEscalationContent,
  stageReminderContent,
  StageNoticeSubject,
} from '@rol/mail';
import {
  cycleSubjectType,
  isPermanentWriteError,
  NoticeChannelEntity,
  OrganizationEntity,
  storedCycleState,
  writeCycleChanges,
} from '@rol/persistence';
import { NoticeDeliveryService, NoticeRequest } from '../notices/notice-delivery.service';
import { CONSOLE_PUBLIC_URL } from '../notices/public-url';
import { StageAddressee, StageRecipientsService } from './stage-recipients.service';

@Injectable()
export class CycleActivitiesService implements CycleActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly delivery: NoticeDeliveryService,
    private readonly recipients: StageRecipientsService,
    @Inject(CONSOLE_PUBLIC_URL) private readonly publicUrl: string,
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
   * recipient), then one message to each channel the cycle's department has set (its mailbox, its group
   * robots), each under the round's key for that channel: a retried round skips whatever was already
   * sent (a channel that went through is not sent again) and sends the rest. Each notice names what
   * it asks of its recipient (`noticeAction`: an actor, an overseer, the department's channel) and links
   * to the console page for it; the keys do not depend on either.
   */
  private async sendRound(
    input: StageNoticeInput,
    kind: 'reminder' | 'escalation',
    key: (to: NoticeRecipient) => string,
    addressees: StageAddressee[],
    content: (about: StageNoticeSubject, ask: NoticeAsk) => NoticeContent,
  ): Promise<NoticeRound> {
    const organizations = this.dataSource.getRepository(OrganizationEntity);
    const organization = await organizations.findOneBy({ id: input.organizationId });
    const channels = await this.dataSource
      .getRepository(NoticeChannelEntity)
      .findOneBy({ organizationId: input.organizationId });
    // A division's part with a deadline of its own: the notice names the division.
    const division = input.divisionId ? await organizations.findOneBy({ id: input.divisionId }) : null;
    const about: StageNoticeSubject = {
      organizationName: organization?.name ?? '',
      kind: input.kind,
      year: input.year,
      stage: input.stage,
      dueAt: new Date(input.dueAt),
      cycleId: input.cycleId,
      ...(division ? { item: `${division.name}的材料` } : {}),
      ...(input.itemDescription ? { item: `整改事项「${input.itemDescription}」` } : {}),
    };
    const topic: NoticeTopic = {
      stage: input.stage,
      ...(input.divisionId ? { divisionId: input.divisionId, divisionName: division?.name } : {}),
      ...(input.rectificationItemId ? { rectificationItemId: input.rectificationItemId } : {}),
    };
    const asking = (role: NoticeRecipientRole): NoticeContent => {
      const { action, text } = noticeAction(topic, role);
      const url = noticeLink(this.publicUrl, { kind: input.kind, cycleId: input.cycleId }, topic, action);
      return content(about, { text, url });
    };
    const audit = { kind, subjectType: cycleSubjectType(input), subjectId: input.cycleId };
    const users = addressees.map((a) => a.user);
    const requests: NoticeRequest[] = addressees.map(({ user, role }) => ({
      ...audit,
      key: key(user.id),
      to: user.email,
      recipientUserId: user.id,
      mail: renderNoticeMail(asking(role), user.name),
    }));
    const channelNames: string[] = [];
    if (channels?.email) {
      channelNames.push('email');
      requests.push({
        ...audit,
        key: key({ channel: 'email' }),
        to: channels.email,
        recipientUserId: null,
        mail: renderNoticeMail(asking('channel'), about.organizationName),
      });
    }
    if (channels?.dingtalkWebhook && channels.dingtalkSecret) {
      channelNames.push('dingtalk');
      requests.push({
        ...audit,
        key: key({ channel: 'dingtalk' }),
        recipientUserId: null,
        robot: { kind: 'dingtalk', webhook: channels.dingtalkWebhook, secret: channels.dingtalkSecret },
        message: renderRobotMessage(asking('channel')),
      });
    }
    if (channels?.wecomWebhook) {
      channelNames.push('wecom');
      requests.push({
        ...audit,
        key: key({ channel: 'wecom' }),
        recipientUserId: null,
        robot: { kind: 'wecom', webhook: channels.wecomWebhook },
        message: renderRobotMessage(asking('channel')),
      });
    }
    let sentNow = 0;
    let failure: unknown = null;
    for (const request of requests) {
      // One recipient's failure (or a claim still held by a killed attempt) does not hold up the others;
      // the round fails afterwards and is retried for whoever is left.
      const outcome = await this.delivery.deliver(request).catch((error: unknown) => {
        failure ??= error;
        return null;
      });
      if (outcome?.sentNow) sentNow++;
      Context.current().heartbeat();
    }
    if (failure) throw failure;
    return {
      recipients: users.map((u) => u.email),
      sentNow,
      ...(channelNames.length > 0 ? { channels: channelNames } : {}),
    };
  }

  /**
   * Keyed by the offset, and (newer workflows: `keyedByDueAt`) by the due instant it names: a reminder
   * re-planned after the date moved is a new notice, a retried round is not.
   */
  async remindStage(input: StageNoticeInput & { offset: string; keyedByDueAt?: boolean }): Promise<NoticeRound> {
    const addressees = await this.recipients.addressees(input, 'responsible');
    const key = (to: NoticeRecipient) =>
      noticeKeys.reminder(input, input.offset, input.keyedByDueAt ? input.dueAt : null, to);
    return this.sendRound(input, 'reminder', key, addressees, (about, ask) =>
      stageReminderContent(about, new Date(), ask),
    );
  }

  async escalateStage(
    input: StageNoticeInput & { period: number; round: number; overdueSince: number },
  ): Promise<NoticeRound> {
    const level = escalationLevel(input.round);
    const addressees = await this.recipients.addressees(input, level);
    const key = (to: NoticeRecipient) => noticeKeys.escalation(input, input.period, input.round, to);
    return this.sendRound(input, 'escalation', key, addressees, (about, ask) =>
      stageEscalationContent(
        { ...about, round: input.round, level, overdueSince: new Date(input.overdueSince) },
        new Date(),
        ask,
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
