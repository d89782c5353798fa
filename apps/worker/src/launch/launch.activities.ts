import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { DataSource, EntityManager, In, MoreThan } from 'typeorm';
import {
  cancelUpdate,
  CloseBatchInput,
  CloseBatchResult,
  CycleUpdateResult,
  isStepResult,
  ClosedRunStatus,
  CYCLE_WORKFLOW,
  LaunchActivities,
  LaunchBatchHeartbeat,
  LaunchBatchInput,
  noLaunchCounts,
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
import {
  CalendarStage,
  CANCELLED,
  COMPLETED,
  CYCLE_STAGES,
  CycleInput,
  withShufaDefaults,
  calendarSendWindow,
  WorkingDays,
  itemsToCarry,
  CycleKind,
  cycleId,
  CycleSnapshot,
  startCycle,
} from '@rol/domain';
import {
  appendAudit,
  appendAuditToEach,
  CalendarEntity,
  calendarDueInstants,
  CycleEntity,
  cycleSubjectType,
  loadWorkingDays,
  markCalendarLaunched,
  OrganizationEntity,
  SYSTEM_ACTOR,
  writeCycleChanges,
  writeNewCycles,
} from '@rol/persistence';

export const WORKER_TASK_QUEUE = Symbol('WORKER_TASK_QUEUE');

const RUN_ENDED: Record<ClosedRunStatus, string> = {
  FAILED: '运行失败',
  TERMINATED: '被强制终止',
  TIMED_OUT: '运行超时',
  CANCELLED: '在 Temporal 中被取消',
};

/** Why a projection row cannot be resumed from (null when it can): a snapshot of this cycle with its open stage. */
function resumeProblem(row: CycleEntity): string | null {
  const state = row.state as Partial<CycleSnapshot> | null;
  const usable =
    state !== null &&
    typeof state === 'object' &&
    state.cycleId === row.id &&
    state.stage === row.stage &&
    Array.isArray(state.stages) &&
    state.stages.some((s) => s.stage === state.stage) &&
    Array.isArray(state.reminders) &&
    typeof state.escalation === 'object' &&
    typeof state.timer === 'object';
  return usable ? null : '数据库中的流程状态不完整，无法据以恢复';
}

function isoOrNull(ms: number | null): string | null {
  return ms !== null && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** The input that starts a cycle's workflow again from a persisted snapshot (as continue-as-new does). */
function resumeInput(snapshot: CycleSnapshot): CycleInput {
  return {
    cycleId: snapshot.cycleId,
    kind: snapshot.kind,
    calendarId: snapshot.calendarId,
    calendarRevision: snapshot.calendarRevision,
    organizationId: snapshot.organizationId,
    jurisdictionId: snapshot.jurisdictionId,
    year: snapshot.year,
    leaderId: snapshot.leaderId,
    due: Object.fromEntries(snapshot.stages.filter((s) => Number.isFinite(s.dueAt)).map((s) => [s.stage, s.dueAt])),
    reminders: snapshot.reminders,
    escalation: snapshot.escalation,
    divisions: snapshot.divisions,
    resume: snapshot,
  };
}

/** A calendar change not visible yet is normal for a moment (the API starts the fan-out before it commits). */
const UNCOMMITTED_ATTEMPTS = 8;

/** Workflow starts and signals in flight at once. */
const PARALLEL = 16;

/** How long one run of the launch activity goes on through batches before it reports back. */
const RUN_BUDGET_MS = 10_000;

function emptyResult(): LaunchBatchResult {
  return { ...noLaunchCounts(), lastCode: null, batches: 0 };
}

/** Adds one batch's counts to a run's. */
function addUp(total: LaunchBatchResult, batch: LaunchBatchResult): void {
  total.departments += batch.departments;
  total.reportStarted += batch.reportStarted;
  total.shufaStarted += batch.shufaStarted;
  total.alreadyRunning += batch.alreadyRunning;
  total.alreadyEnded += batch.alreadyEnded;
  total.restarted.push(...batch.restarted);
  total.failed.push(...batch.failed);
  total.withoutLeader.push(...batch.withoutLeader);
  if (batch.lastCode !== null) {
    total.lastCode = batch.lastCode;
    total.batches = (total.batches ?? 0) + 1;
  }
}

/** How often a run tells Temporal it is alive (the SDK throttles too, but each call costs the worker). */
const HEARTBEAT_EVERY_MS = 1_000;

/** The heartbeats of one activity run: at most one a second, each carrying the progress recorded last. */
class Pulse {
  private last = Date.now();

  constructor(private details?: unknown) {}

  /** Records progress (sent at once): a retry of the run starts from it. */
  record(details: unknown): void {
    this.details = details;
    this.last = Date.now();
    Context.current().heartbeat(details);
  }

  beat(): void {
    if (Date.now() - this.last < HEARTBEAT_EVERY_MS) return;
    this.last = Date.now();
    Context.current().heartbeat(this.details);
  }
}

async function inParallel<T>(items: readonly T[], pulse: Pulse, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
      pulse.beat();
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
   * Batches of departments, one after another for up to RUN_BUDGET_MS (so the starts do not pause for
   * a workflow task between batches), then returns what they did. Each batch is one transaction
   * holding the calendar row (shared lock): the projection rows are inserted, the workflows started,
   * then it commits. A calendar change waits for the batch, so its fan-out finds every cycle of it
   * running. After each batch, the progress goes into the heartbeat: a retry carries on after the
   * last batch recorded there, and one that repeats a batch finds its cycles already there, so
   * nothing is started or recorded twice.
   */
  async launchBatch(input: LaunchBatchInput): Promise<LaunchBatchResult> {
    const began = Date.now();
    const recorded = Context.current().info.heartbeatDetails as Partial<LaunchBatchHeartbeat> | undefined;
    const total = recorded?.result ?? emptyResult();
    let afterCode = recorded?.result ? (recorded.afterCode ?? null) : input.afterCode;
    const pulse = new Pulse(recorded);
    for (;;) {
      const batch = await this.launchOneBatch({ ...input, afterCode }, pulse);
      addUp(total, batch);
      if (batch.lastCode === null || batch.departments < input.limit || input.organizationId !== null) {
        total.done = true;
        return total;
      }
      afterCode = batch.lastCode;
      pulse.record({ afterCode, result: total } satisfies LaunchBatchHeartbeat);
      if (Date.now() - began >= RUN_BUDGET_MS) {
        total.done = false;
        return total;
      }
    }
  }

  /** One batch of departments (see launchBatch). */
  private async launchOneBatch(input: LaunchBatchInput, pulse: Pulse): Promise<LaunchBatchResult> {
    const { result, closed } = await this.launchDepartments(input, pulse);
    // After the batch has committed (its lock on the calendar released): cycles whose workflow is
    // no longer running are looked at one by one, and those that died are started again.
    for (const cycle of closed) {
      await this.reopen(cycle, result);
      pulse.beat();
    }
    return result;
  }

  private async launchDepartments(
    input: LaunchBatchInput,
    pulse: Pulse,
  ): Promise<{ result: LaunchBatchResult; closed: CycleInput[] }> {
    return this.dataSource.transaction(async (manager) => {
      const calendar = await this.calendar(manager, input.calendarId, true);
      // A year closed meanwhile starts nothing more (the close ends what runs; locked the same way).
      if (calendar.status === 'closed')
        return { result: { ...noLaunchCounts(), departments: 0, lastCode: null }, closed: [] };
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
        ...noLaunchCounts(),
        departments: departments.length,
        lastCode: departments.at(-1)?.code ?? null,
      };
      const closed: CycleInput[] = [];
      if (departments.length === 0) return { result, closed };
      // A launch started by the calendar's schedule marks it launched here (one by request already is).
      await markCalendarLaunched(manager, calendar.id, SYSTEM_ACTOR, 'schedule');

      const workingDays = await loadWorkingDays(manager, calendar.jurisdictionId);
      const due = calendarDueInstants(calendar, workingDays);
      // Quiet hours: the working days every cycle of the calendar places its notices by.
      const window = calendarSendWindow(calendar, workingDays);
      const divisions = new Map<string, string[]>();
      const divisionRows: { id: string; parent_id: string }[] = await manager.query(
        `SELECT id, parent_id FROM organization WHERE kind = 'division' AND parent_id = ANY($1) ORDER BY code`,
        [departments.map((d) => d.id)],
      );
      for (const row of divisionRows) divisions.set(row.parent_id, [...(divisions.get(row.parent_id) ?? []), row.id]);
      // Last year's 述法 cycles, for the rectification items their leaders did not finish.
      const previous = new Map<string, CycleSnapshot>();
      const lastYear = await manager.find(CycleEntity, {
        where: { id: In(departments.map((d) => cycleId('shufa', calendar.year - 1, d.code))) },
      });
      for (const row of lastYear) previous.set(row.organizationId, row.state);
      const launchedAt = Date.now();
      // Only items of the same leader: a successor does not answer for his predecessor's list.
      const carriedFor = (departmentId: string) => {
        const before = previous.get(departmentId);
        const leader = departments.find((d) => d.id === departmentId)?.principalLeaderId;
        return before && before.leaderId === leader ? itemsToCarry(before, launchedAt) : [];
      };
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
            ...(window ? { sendWindow: window } : {}),
            ...(kind === 'report' ? { divisions: divisions.get(department.id) ?? [] } : {}),
            ...(kind === 'shufa'
              ? { shufa: withShufaDefaults(calendar.shufa), carried: carriedFor(department.id) }
              : {}),
          });
        }
      }
      const now = Date.now();
      const firstStage = new Map<string, string>();
      const snapshots = inputs.map((cycle) => startCycle(cycle, now));
      for (const snapshot of snapshots) firstStage.set(snapshot.cycleId, snapshot.stage);
      await writeNewCycles(manager, snapshots);
      // An earlier attempt may have started a cycle and then rolled back before a calendar change
      // committed: a cycle found running is sent the current dates (it ignores them if it has them).
      const current = this.retimeRequest(calendar, workingDays);
      await inParallel(inputs, pulse, async (cycle) => {
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
          // Its workflow has run before: still running (sent the current dates), or closed.
          if (await this.signalRunning(cycle.cycleId, current)) result.alreadyRunning++;
          else closed.push(cycle);
        }
      });
      // Audit last, so the chains' heads are locked only briefly; once per cycle, whichever attempt
      // (or the cycle's own first write after a rolled-back attempt) created its row. Two statements
      // for the whole batch.
      const audited = new Set(
        (
          (await manager.query(
            `SELECT subject_id FROM audit_log WHERE action = 'cycle.launched' AND subject_id = ANY($1)`,
            [inputs.map((c) => c.cycleId)],
          )) as { subject_id: string }[]
        ).map((r) => r.subject_id),
      );
      await appendAuditToEach(
        manager,
        inputs
          .filter((cycle) => !audited.has(cycle.cycleId))
          .map((cycle) => ({
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
              // The stage it began at (drafting when there is nothing to collect): read by the assessment.
              stage: firstStage.get(cycle.cycleId),
            },
          })),
      );
      return { result, closed };
    });
  }

  /** Sends the current dates to a running cycle (it ignores them if it has them); false when it is not running. */
  private async signalRunning(cycleId: string, current: RetimeRequest): Promise<boolean> {
    try {
      await this.client.workflow.getHandle(cycleId).signal(retimeSignal, current);
      return true;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return false;
      throw error;
    }
  }

  /**
   * A cycle whose workflow has closed. Completed (it ended, or was cancelled by an admin): left
   * alone. Failed, terminated, timed out or cancelled in Temporal while the projection shows it
   * open: started again as a new run of the same id, carrying on from its state in PostgreSQL (the
   * `resume` input the workflow also continues-as-new with), so its stage, due dates, reminders sent
   * and escalation rounds are those last persisted. The `cycle.restarted` audit row is committed
   * first, once per dead run (a retried batch or a concurrent launch does not write it twice); the
   * start allows a new run only after a failed one, so a cycle is never restarted over a live or
   * completed run.
   */
  private async reopen(cycle: CycleInput, result: LaunchBatchResult): Promise<void> {
    const described = await this.client.workflow.getHandle(cycle.cycleId).describe();
    const previousStatus = described.status.name;
    switch (previousStatus) {
      case 'RUNNING':
      case 'PAUSED':
      case 'CONTINUED_AS_NEW':
        // Started again meanwhile (by another launch, which sends it the dates).
        result.alreadyRunning++;
        return;
      case 'COMPLETED':
        result.alreadyEnded++;
        return;
      case 'UNSPECIFIED':
      case 'UNKNOWN':
        result.failed.push({
          cycleId: cycle.cycleId,
          previousStatus,
          reason: `Temporal 报告的运行状态（${previousStatus}）无法识别，未重新启动`,
        });
        return;
      case 'FAILED':
      case 'TERMINATED':
      case 'TIMED_OUT':
      case 'CANCELLED':
        break;
    }
    type Plan = { resume: CycleSnapshot } | { ended: true } | { failed: string };
    const plan = await this.dataSource.transaction(async (manager): Promise<Plan> => {
      // Locked: a concurrent launch restarting the same cycle waits here, then finds the audit row.
      const row = await manager.findOne(CycleEntity, {
        where: { id: cycle.cycleId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!row) return { failed: '数据库中没有该流程的记录，无法据以恢复' };
      if (row.stage === COMPLETED || row.stage === CANCELLED) return { ended: true };
      const problem = resumeProblem(row);
      if (problem) return { failed: problem };
      const snapshot = row.state;
      const recorded: unknown[] = await manager.query(
        `SELECT 1 FROM audit_log WHERE action = 'cycle.restarted' AND subject_id = $1 AND after->>'previousRunId' = $2`,
        [cycle.cycleId, described.runId],
      );
      if (recorded.length === 0) {
        await appendAudit(manager, {
          actor: SYSTEM_ACTOR,
          action: 'cycle.restarted',
          subjectType: cycleSubjectType(snapshot),
          subjectId: cycle.cycleId,
          reason: `上次运行${RUN_ENDED[previousStatus]}（${previousStatus}），按数据库中的流程状态重新启动`,
          after: {
            previousRunId: described.runId,
            previousStatus,
            stage: snapshot.stage,
            dueAt: isoOrNull(snapshot.dueAt),
            overdue: snapshot.overdue,
            seq: snapshot.seq,
            due: Object.fromEntries(snapshot.stages.map((s) => [s.stage, isoOrNull(s.dueAt)])),
          },
        });
      }
      return { resume: snapshot };
    });
    if ('ended' in plan) {
      result.alreadyEnded++;
      return;
    }
    if ('failed' in plan) {
      result.failed.push({ cycleId: cycle.cycleId, previousStatus, reason: plan.failed });
      return;
    }
    const snapshot = plan.resume;
    try {
      await this.client.workflow.start(CYCLE_WORKFLOW[snapshot.kind], {
        workflowId: snapshot.cycleId,
        taskQueue: this.taskQueue,
        args: [resumeInput(snapshot)],
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        typedSearchAttributes: [
          { key: SA_ORGANIZATION, value: snapshot.organizationId },
          { key: SA_YEAR, value: snapshot.year },
          { key: SA_STAGE, value: snapshot.stage },
          { key: SA_OVERDUE, value: snapshot.overdue },
        ],
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      // Another launch restarted it first (and lists it).
      result.alreadyRunning++;
      return;
    }
    // A calendar change made while it was down reaches it now. Read after the start: a change
    // committed later is fanned out to it by its own re-timing workflow.
    const calendar = await this.calendar(this.dataSource.manager, snapshot.calendarId, false);
    const workingDays = await loadWorkingDays(this.dataSource.manager, calendar.jurisdictionId);
    await this.signalRunning(snapshot.cycleId, this.retimeRequest(calendar, workingDays));
    result.restarted.push({ cycleId: snapshot.cycleId, previousStatus, stage: snapshot.stage });
  }

  /** The calendar's current dates, reminders, escalation and quiet hours, for its running cycles. */
  private retimeRequest(calendar: CalendarEntity, workingDays: WorkingDays): RetimeRequest {
    return {
      revision: calendar.revision,
      due: calendarDueInstants(calendar, workingDays),
      reminders: calendar.reminders,
      escalation: calendar.escalation,
      sendWindow: calendarSendWindow(calendar, workingDays),
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
    const request = this.retimeRequest(calendar, await loadWorkingDays(manager, calendar.jurisdictionId));
    let signalled = 0;
    await inParallel(cycles, new Pulse(), async ({ id }) => {
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

  /**
   * Ends one batch of a closed year's cycles still running: each is cancelled by its workflow with
   * the closing admin and reason (a 述法's open rectification items then carry into next year), and
   * the change written like a person's step. One that has ended meanwhile is passed over; one whose
   * workflow no longer runs (failed, terminated) is named and left as stored (launching restarts it).
   */
  async closeBatch(input: CloseBatchInput): Promise<CloseBatchResult> {
    const manager = this.dataSource.manager;
    const calendar = await this.calendar(manager, input.calendarId, false);
    if (calendar.status !== 'closed' || !calendar.closedAt) {
      throw ApplicationFailure.nonRetryable(`calendar ${calendar.id} is not closed`, 'NotClosed');
    }
    const cycles = await manager.find(CycleEntity, {
      select: { id: true },
      where: { calendarId: calendar.id, ...(input.afterId === null ? {} : { id: MoreThan(input.afterId) }) },
      order: { id: 'ASC' },
      take: input.limit,
    });
    if (cycles.length === 0) return { closed: 0, notRunning: [], lastId: null };
    const request = {
      actor: calendar.closedBy ?? SYSTEM_ACTOR,
      reason: `年度关闭：${calendar.closeReason ?? ''}`.replace(/：$/, ''),
    };
    let closed = 0;
    const notRunning: string[] = [];
    await inParallel(cycles, new Pulse(), async ({ id }) => {
      const stored = await manager.findOne(CycleEntity, { select: { id: true, stage: true }, where: { id } });
      if (!stored || stored.stage === COMPLETED || stored.stage === CANCELLED) return;
      let result: CycleUpdateResult;
      try {
        result = await this.client.workflow.getHandle(id).executeUpdate(cancelUpdate, { args: [request] });
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) {
          notRunning.push(id);
          return;
        }
        // Ended meanwhile (its validator refuses): nothing to close.
        if (error instanceof WorkflowUpdateFailedError) return;
        throw error;
      }
      if (isStepResult(result)) await writeCycleChanges(manager, result.snapshot, result.changes);
      closed++;
    });
    return { closed, notRunning, lastId: cycles.at(-1)?.id ?? null };
  }

  toActivities(): LaunchActivities {
    return {
      launchBatch: this.launchBatch.bind(this),
      retimeBatch: this.retimeBatch.bind(this),
      closeBatch: this.closeBatch.bind(this),
    };
  }
}
