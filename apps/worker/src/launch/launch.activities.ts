import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import {
  CYCLE_WORKFLOW,
  LaunchActivities,
  LaunchBatchInput,
  LaunchBatchResult,
  RetimeBatchInput,
  RetimeBatchResult,
  RetimeRequest,
  retimeSignal,
  SA_ORGANIZATION,
  SA_OVERDUE,
  SA_STAGE,
  SA_YEAR,
} from '@rol/contracts';
import { CalendarStage, CYCLE_STAGES, CycleInput, CycleKind, cycleId, startCycle } from '@rol/domain';
import {
  appendAudit,
  CalendarEntity,
  calendarDueInstants,
  CycleEntity,
  loadWorkingDays,
  markCalendarLaunched,
  OrganizationEntity,
  SYSTEM_ACTOR,
  writeCycleProjection,
} from '@rol/persistence';

export const WORKER_TASK_QUEUE = Symbol('WORKER_TASK_QUEUE');

/** A calendar change not visible yet is normal for a moment (the API starts the fan-out before it commits). */
const UNCOMMITTED_ATTEMPTS = 8;

/** Workflow starts and signals in flight at once. */
const PARALLEL = 16;

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
      Context.current().heartbeat();
    }
  });
  await Promise.all(lanes);
}

@Injectable()
export class LaunchActivitiesService implements LaunchActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly client: Client,
    @Inject(WORKER_TASK_QUEUE) private readonly taskQueue: string,
  ) {}

  private async calendar(manager: EntityManager, id: string, lock: boolean): Promise<CalendarEntity> {
    const calendar = await manager.findOne(CalendarEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_read' as const } } : {}),
    });
    if (!calendar) throw ApplicationFailure.nonRetryable(`calendar ${id} does not exist`, 'CalendarNotFound');
    return calendar;
  }

  /**
   * One batch of departments, in one transaction holding the calendar row (shared lock): the
   * projection rows are inserted, the workflows started, then it commits. A calendar change waits for
   * the batch, so its fan-out finds every cycle of it running. A retried batch finds its cycles
   * already there: nothing is started or recorded twice.
   */
  async launchBatch(input: LaunchBatchInput): Promise<LaunchBatchResult> {
    return this.dataSource.transaction(async (manager) => {
      const calendar = await this.calendar(manager, input.calendarId, true);
      const query = manager
        .getRepository(OrganizationEntity)
        .createQueryBuilder('o')
        .where("o.parent_id = :jurisdictionId AND o.kind = 'department'", { jurisdictionId: calendar.jurisdictionId })
        .orderBy('o.code', 'ASC')
        .take(input.limit);
      if (input.organizationId) query.andWhere('o.id = :id', { id: input.organizationId });
      if (input.afterCode !== null) query.andWhere('o.code > :after', { after: input.afterCode });
      const departments = await query.getMany();
      const result: LaunchBatchResult = {
        departments: departments.length,
        reportStarted: 0,
        shufaStarted: 0,
        alreadyRunning: 0,
        withoutLeader: [],
        lastCode: departments.at(-1)?.code ?? null,
      };
      if (departments.length === 0) return result;
      // A launch started by the calendar's schedule marks it launched here (one by request already is).
      await markCalendarLaunched(manager, calendar.id, SYSTEM_ACTOR, 'schedule');

      const due = calendarDueInstants(calendar, await loadWorkingDays(manager));
      const divisions = new Map<string, string[]>();
      const divisionRows: { id: string; parent_id: string }[] = await manager.query(
        `SELECT id, parent_id FROM organization WHERE kind = 'division' AND parent_id = ANY($1) ORDER BY code`,
        [departments.map((d) => d.id)],
      );
      for (const row of divisionRows) divisions.set(row.parent_id, [...(divisions.get(row.parent_id) ?? []), row.id]);
      const inputs: CycleInput[] = [];
      for (const department of departments) {
        const kinds: CycleKind[] = department.principalLeaderId ? ['report', 'shufa'] : ['report'];
        if (!department.principalLeaderId) result.withoutLeader.push(department.code);
        for (const kind of kinds) {
          inputs.push({
            cycleId: cycleId(kind, calendar.year, department.code),
            kind,
            calendarId: calendar.id,
            calendarRevision: calendar.revision,
            organizationId: department.id,
            jurisdictionId: calendar.jurisdictionId,
            year: calendar.year,
            leaderId: kind === 'shufa' ? department.principalLeaderId : null,
            due: Object.fromEntries(CYCLE_STAGES[kind].map((s) => [s, due[s]])) as Partial<
              Record<CalendarStage, number>
            >,
            reminders: calendar.reminders,
            escalation: calendar.escalation,
            ...(kind === 'report' ? { divisions: divisions.get(department.id) ?? [] } : {}),
          });
        }
      }
      const now = Date.now();
      const firstStage = new Map<string, string>();
      for (const cycle of inputs) {
        const snapshot = startCycle(cycle, now);
        firstStage.set(cycle.cycleId, snapshot.stage);
        await writeCycleProjection(manager, snapshot, []);
        Context.current().heartbeat();
      }
      // An earlier attempt may have started a cycle and then rolled back before a calendar change
      // committed: a cycle found running is sent the current dates (it ignores them if it has them).
      const current = this.retimeRequest(calendar, due);
      await inParallel(inputs, async (cycle) => {
        try {
          await this.client.workflow.start(CYCLE_WORKFLOW[cycle.kind], {
            workflowId: cycle.cycleId,
            taskQueue: this.taskQueue,
            args: [cycle],
            // A finished or cancelled cycle is never started again by a later launch.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            typedSearchAttributes: [
              { key: SA_ORGANIZATION, value: cycle.organizationId },
              { key: SA_YEAR, value: cycle.year },
              { key: SA_STAGE, value: firstStage.get(cycle.cycleId) as string },
              { key: SA_OVERDUE, value: false },
            ],
          });
          if (cycle.kind === 'report') result.reportStarted++;
          else result.shufaStarted++;
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          result.alreadyRunning++;
          await this.client.workflow
            .getHandle(cycle.cycleId)
            .signal(retimeSignal, current)
            .catch((signalError: unknown) => {
              // A cycle that has ended keeps the dates it ended with.
              if (!(signalError instanceof WorkflowNotFoundError)) throw signalError;
            });
        }
      });
      // Audit last, so the chain's lock is held only briefly; once per cycle, whichever attempt
      // (or the cycle's own first write after a rolled-back attempt) created its row.
      const audited = new Set(
        (
          (await manager.query(
            `SELECT subject_id FROM audit_log WHERE action = 'cycle.launched' AND subject_id = ANY($1)`,
            [inputs.map((c) => c.cycleId)],
          )) as { subject_id: string }[]
        ).map((r) => r.subject_id),
      );
      for (const cycle of inputs) {
        if (audited.has(cycle.cycleId)) continue;
        Context.current().heartbeat();
        await appendAudit(manager, {
          actor: SYSTEM_ACTOR,
          action: 'cycle.launched',
          subjectType: `${cycle.kind}_cycle`,
          subjectId: cycle.cycleId,
          after: {
            calendarId: cycle.calendarId,
            calendarRevision: cycle.calendarRevision,
            organizationId: cycle.organizationId,
            leaderId: cycle.leaderId,
            due: Object.fromEntries(Object.entries(cycle.due).map(([s, at]) => [s, new Date(at).toISOString()])),
          },
        });
      }
      return result;
    });
  }

  private retimeRequest(calendar: CalendarEntity, due: Record<CalendarStage, number>): RetimeRequest {
    return {
      revision: calendar.revision,
      due,
      reminders: calendar.reminders,
      escalation: calendar.escalation,
      reason: calendar.changeReason,
      actor: calendar.changedBy ?? SYSTEM_ACTOR,
    };
  }

  /**
   * Sends the calendar's due dates to one batch of its cycles; each applies only a newer revision.
   * A fan-out overtaken by a newer change stops: the newer one carries its own dates and reason, and
   * the cycles never held the intermediate dates.
   */
  async retimeBatch(input: RetimeBatchInput): Promise<RetimeBatchResult> {
    const manager = this.dataSource.manager;
    const calendar = await this.calendar(manager, input.calendarId, false);
    if (calendar.revision > input.revision) return { signalled: 0, lastId: null };
    if (calendar.revision < input.revision) {
      if (Context.current().info.attempt < UNCOMMITTED_ATTEMPTS) {
        throw new Error(`calendar ${calendar.id} revision ${input.revision} not visible yet`);
      }
      throw ApplicationFailure.nonRetryable(`calendar revision ${input.revision} was never committed`, 'NoRevision');
    }
    const cycles = await manager.find(CycleEntity, {
      select: { id: true },
      where: { calendarId: calendar.id, ...(input.afterId === null ? {} : { id: MoreThan(input.afterId) }) },
      order: { id: 'ASC' },
      take: input.limit,
    });
    if (cycles.length === 0) return { signalled: 0, lastId: null };
    const request = this.retimeRequest(calendar, calendarDueInstants(calendar, await loadWorkingDays(manager)));
    let signalled = 0;
    await inParallel(cycles, async ({ id }) => {
      try {
        await this.client.workflow.getHandle(id).signal(retimeSignal, request);
        signalled++;
      } catch (error) {
        // A cycle that has ended keeps the dates it ended with.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
    });
    return { signalled, lastId: cycles.at(-1)?.id ?? null };
  }

  toActivities(): LaunchActivities {
    return { launchBatch: this.launchBatch.bind(this), retimeBatch: this.retimeBatch.bind(this) };
  }
}
