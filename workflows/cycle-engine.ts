import {
  ActivityFailure,
  ApplicationFailure,
  patched,
  proxyActivities,
  proxyLocalActivities,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  afterAction,
  afterReminderRound,
  anyOverdue,
  CycleInput,
  CycleSnapshot,
  CycleStageState,
  DeadlineAction,
  deadlineStep,
  findDeadline,
  followStageDue,
  keepsDeadlineItems,
  nextDeadlineActions,
  OpenDeadline,
  openDeadlines,
  openStage,
  startCycle,
  STEP_UNDONE_MESSAGE,
  StepProblem,
  updateDeadline,
  withDeadlineItems,
  withDefaults,
  yetToScore,
} from '@rol/domain';
import {
  CycleActivities,
  CycleChange,
  CycleEvent,
  CycleStepResult,
  CycleUpdateResult,
  PERMANENT_WRITE_FAILURE,
  PermanentWriteDetails,
  RetimeRequest,
  SA_OVERDUE,
  SA_STAGE,
  StageNoticeInput,
  StepRequest,
} from '@rol/contracts';

const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' } as const;

const { persistCycle } = proxyActivities<CycleActivities>({ startToCloseTimeout: '1 minute', retry: RETRY });
// The same write as a local activity: it runs in the worker within the workflow task that asked for it,
// so a person's step costs one workflow task instead of two plus an activity task.
const { persistCycle: persistCycleLocally } = proxyLocalActivities<CycleActivities>({
  startToCloseTimeout: '1 minute',
  retry: RETRY,
});
// SMTP or the database being down is a passing fault: keep trying with backoff, never drop a notice.
// A round heartbeats per mail (one send gives up within ~50 s): a killed worker's round is retried
// about a minute later.
export const { remindStage, escalateStage } = proxyActivities<CycleActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '75 seconds',
  retry: RETRY,
});

/** Histories recorded before it scheduled persistCycle as an ordinary activity and still replay that way. */
const LOCAL_PERSIST_PATCH = 'persist-cycle-locally';
/** Before it, a person's step was persisted by the workflow before it was answered. */
const WRITE_THROUGH_PATCH = 'step-written-by-caller';
/** Before it, a reminder round that came back after the due date moved counted as sent for the new date. */
const REPLAN_REMINDER_PATCH = 'reminder-replanned-after-due-moved';
/**
 * Before it, the open stage was a cycle's one deadline (in the contributions stage, about every
 * division still to hand in); since, each division's part is a deadline item of its own.
 */
const DEADLINE_ITEMS_PATCH = 'deadline-items';
/** Before it, a reminder sent was written to the projection only with the cycle's next change. */
const REMINDER_PROGRESS_PATCH = 'reminder-progress-persisted';
/** How long the workflow leaves a person's step to its caller to write before writing it itself. */
export const BACKSTOP_MS = 10_000;

/** What a rectification item's notices name: the item, and what it is. */
function rectificationNotice(state: CycleSnapshot, itemId: string) {
  const description = state.rectification?.find((i) => i.id === itemId)?.description;
  return { rectificationItemId: itemId, ...(description ? { itemDescription: description.slice(0, 60) } : {}) };
}

/** A queued write whose changes were undone before its turn came. */
const DROPPED = 'dropped' as const;

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function refused(
  type: 'VALIDATION_FAILED' | 'STAGE_MISMATCH' | 'CONFLICT',
  message: string,
  field?: string,
): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: field ? [{ fields: [{ field, problems: [message] }] }] : [],
  });
}

/** A person's step the domain's step rules refuse is refused before anything reaches history. */
export function assertNoProblem(problem: StepProblem | null): void {
  if (problem) throw refused(problem.code, problem.message, problem.field);
}

/** The snapshot PostgreSQL still holds, when a write failed because PostgreSQL refused it for good. */
function permanentRefusal(error: unknown): PermanentWriteDetails | null {
  // An activity's failure comes wrapped in an ActivityFailure; a local activity's as it was thrown.
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (!(cause instanceof ApplicationFailure) || cause.type !== PERMANENT_WRITE_FAILURE) return null;
  const details = cause.details?.[0] as Partial<PermanentWriteDetails> | undefined;
  return { stored: details?.stored ?? null, code: details?.code ?? null };
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * A cycle's state and what keeps it: the persist queue (every change is written to PostgreSQL, in
 * order, with its audit rows), the transitions people's steps make, calendar changes, and the one
 * timer loop over every open deadline. The workflow file holds only the handlers and the main loop.
 *
 * Replay: the await points are those of the code every recorded history was made with (a handler's
 * success path awaits its write in place, never through an extra async layer).
 */
export class CycleEngine {
  readonly state: CycleSnapshot;
  /** How many times the state has changed: the main loop waits for it to move, or for a timer. */
  changeCount = 0;
  readonly retimes: RetimeRequest[] = [];
  /** Set once a person's step has been answered the newer way (its patch is in the history). */
  stepsWrittenByCaller = false;
  /** Refusals in a row: after each, the main loop waits longer before it goes on. */
  refusals = 0;
  /**
   * Rolled back to what PostgreSQL holds this many times: a change that cannot be stored is undone,
   * and writes queued in an earlier epoch are dropped. No history recorded before this has a refused write.
   */
  epoch = 0;

  // Every change moves the snapshot's seq on and waits, with its audit rows, to be written. Writes go
  // out one at a time, in seq order, each with every change not yet known written (the writer skips
  // what the projection already holds).
  private pending: CycleChange[] = [];
  private recorded: CycleSnapshot;
  persisting: Promise<unknown> = Promise.resolve();
  // Changes answered to a caller and in no write of the workflow yet: seq → when made.
  private readonly unflushed = new Map<number, number>();
  // The stage search attribute (for Temporal's own UI, eventually consistent by nature) follows
  // people's steps when the workflow next writes, not at each step: null while it is current.
  private searchStaleSince: number | null = null;
  /** What the projection was last known to hold. */
  private written: CycleSnapshot;

  constructor(input: CycleInput) {
    // Workflow time (Date.now) is deterministic: it is the time of the event being replayed.
    this.state = input.resume ? withDefaults(input.resume) : startCycle(input, Date.now());
    // Older histories replay without deadline items; a cycle keeps them once it has them.
    if (!keepsDeadlineItems(this.state) && patched(DEADLINE_ITEMS_PATCH)) withDeadlineItems(this.state);
    this.recorded = this.state;
    this.written = copy(this.state);
  }

  private record(events: CycleEvent[]): CycleSnapshot {
    this.state.seq += 1;
    this.recorded = copy(this.state);
    this.pending.push({ seq: this.recorded.seq, events });
    return this.recorded;
  }

  /** When the workflow writes, itself, what it left to callers (Infinity: nothing is left). */
  backstopAt(): number {
    let since = this.searchStaleSince ?? Infinity;
    for (const at of this.unflushed.values()) since = Math.min(since, at);
    return since + BACKSTOP_MS;
  }

  private upsertStage(overdue: boolean): void {
    upsertSearchAttributes([
      { key: SA_STAGE, value: this.state.stage },
      { key: SA_OVERDUE, value: overdue },
    ]);
  }

  // When PostgreSQL refuses a write for good, the cycle goes back to what it holds, and Temporal and
  // PostgreSQL agree again.
  private rollBack(stored: CycleSnapshot | null): void {
    const target = withDefaults(copy(stored ?? this.written));
    const state = this.state as unknown as Record<string, unknown>;
    for (const key of Object.keys(state)) delete state[key];
    Object.assign(this.state, target);
    this.written = copy(target);
    this.recorded = this.written;
    this.pending = [];
    this.unflushed.clear();
    this.epoch++;
    this.changeCount++;
    this.upsertStage(this.state.overdue);
  }

  flush(): Promise<unknown> {
    const snapshot = this.recorded;
    const changes = [...this.pending];
    const from = this.epoch;
    this.unflushed.clear();
    if (this.searchStaleSince !== null) {
      this.searchStaleSince = null;
      this.upsertStage(this.state.overdue);
    }
    if (changes.length === 0) return this.persisting;
    const write = this.persisting.then<boolean | typeof DROPPED>(() =>
      this.epoch !== from
        ? DROPPED
        : patched(LOCAL_PERSIST_PATCH)
          ? persistCycleLocally({ snapshot, changes })
          : // Older histories wrote each change on its own, as it was made.
            persistCycle({ snapshot, events: changes[changes.length - 1].events }),
    );
    this.persisting = write.catch(() => undefined);
    // Beside the chain, not in it: older histories' handlers and loop resume exactly as they did.
    write.then(
      (result) => {
        if (result === DROPPED) return;
        this.pending = this.pending.filter((c) => c.seq > snapshot.seq);
        this.written = snapshot;
        this.refusals = 0;
      },
      (error: unknown) => {
        const refusal = permanentRefusal(error);
        if (refusal && this.epoch === from) this.rollBack(refusal.stored);
      },
    );
    return write;
  }

  /** Whether a step's write failed because it was undone (see rollBack); any other failure is thrown. */
  undone(error: unknown): boolean {
    if (!permanentRefusal(error)) throw error;
    return true;
  }

  /** A change made by the workflow itself (a deadline, a calendar change): written before it goes on. */
  persist(events: CycleEvent[]): Promise<unknown> {
    this.record(events);
    return this.flush();
  }

  /**
   * Whether a person's step is answered at once and written by its caller (who writes it before he
   * answers; the workflow writes it too once BACKSTOP_MS have passed, in case the caller could not).
   * Older histories persisted it first, then answered.
   */
  writtenByCaller(): boolean {
    const byCaller = patched(WRITE_THROUGH_PATCH);
    if (byCaller) this.stepsWrittenByCaller = true;
    return byCaller;
  }

  /** The answer to a person's step: the new state and the changes its caller is to write. */
  stepAnswer(events: CycleEvent[], request: StepRequest): CycleStepResult {
    const written = request.writtenSeq;
    if (typeof written === 'number') {
      // The caller read the projection at that seq: everything up to it is written.
      this.pending = this.pending.filter((c) => c.seq > written);
      for (const seq of [...this.unflushed.keys()]) if (seq <= written) this.unflushed.delete(seq);
    }
    const snapshot = this.record(events);
    this.unflushed.set(snapshot.seq, Date.now());
    return { snapshot, changes: [...this.pending] };
  }

  /** After a step written in place: refused when its write was refused for good and it was undone. */
  assertNotUndone(epochBefore: number): void {
    if (this.epoch !== epochBefore) throw refused('VALIDATION_FAILED', STEP_UNDONE_MESSAGE);
  }

  /**
   * A person's step that changes no stage, answered at once or written first (as the handlers of
   * older steps do inline, which they keep for replay; steps added since use this).
   */
  async step(events: CycleEvent[], request: StepRequest): Promise<CycleUpdateResult> {
    this.changeCount++;
    if (this.writtenByCaller()) return this.stepAnswer(events, request);
    const epochBefore = this.epoch;
    try {
      await this.persist(events);
    } catch (error) {
      this.undone(error);
    }
    this.assertNotUndone(epochBefore);
    return this.state;
  }

  /**
   * What a kind does instead of the overdue event when one of its deadlines passes (a 述法
   * evaluation closes at its due date); answers whether it did. None for reports.
   */
  atDue: ((deadline: OpenDeadline) => Promise<boolean>) | null = null;

  /** Marks the stage change for the search attributes now (a change of the workflow's own). */
  stageChanged(): void {
    this.upsertStage(this.state.overdue);
  }

  private setOverdue(overdue: boolean): void {
    this.state.overdue = overdue;
    upsertSearchAttributes([{ key: SA_OVERDUE, value: overdue }]);
  }

  /** The open stage's due instant moved: its deadlines re-plan, and it may no longer be overdue. */
  dueMoved(stage: CycleStageState): void {
    if (stage.stage !== this.state.stage) return;
    this.state.dueAt = stage.dueAt;
    const before = this.state.timer;
    const overdue = followStageDue(this.state, Date.now());
    if (!keepsDeadlineItems(this.state)) {
      // Older cycles: the stage's one deadline; the search attribute is set when its progress moved.
      if (this.state.timer !== before) this.setOverdue(false);
    } else if (overdue !== this.state.overdue) this.setOverdue(overdue);
  }

  /** A division's part got a date of its own: it may no longer be overdue, nor the cycle. */
  itemMoved(): void {
    const overdue = anyOverdue(this.state);
    if (overdue !== this.state.overdue) this.setOverdue(overdue);
  }

  /** A stage change by a person: state changes at once (a concurrent second request is refused), then is answered. */
  async transition(
    request: StepRequest,
    action: string,
    change: () => void,
    event: Omit<CycleEvent, 'action'>,
    earlier: CycleEvent[] = [],
  ): Promise<CycleUpdateResult> {
    const from = this.state.stage;
    change();
    const byCaller = this.writtenByCaller();
    if (byCaller) this.searchStaleSince ??= Date.now();
    else this.upsertStage(false);
    this.changeCount++;
    const events = [
      ...earlier,
      { ...event, action, before: { stage: from }, after: { stage: this.state.stage, ...(event.after as object) } },
    ];
    if (byCaller) return this.stepAnswer(events, request);
    // Awaited in place (not through a helper), so an accepted step resumes exactly as it did before.
    const epochBefore = this.epoch;
    try {
      await this.persist(events);
    } catch (error) {
      this.undone(error);
    }
    this.assertNotUndone(epochBefore);
    return this.state;
  }

  private dues(): Record<string, string> {
    return Object.fromEntries(this.state.stages.map((s) => [s.stage, iso(s.dueAt)]));
  }

  /** Calendar changes, newest revision only, each written before the next. */
  async applyRetimes(): Promise<void> {
    const state = this.state;
    while (this.retimes.length > 0) {
      const request = this.retimes.shift() as RetimeRequest;
      if (request.revision <= state.calendarRevision) continue;
      const before = {
        revision: state.calendarRevision,
        due: this.dues(),
        reminders: state.reminders,
        escalation: state.escalation,
      };
      for (const stage of state.stages) {
        const due = request.due[stage.stage];
        if (due !== undefined && !stage.extended && stage.endedAt === null) stage.dueAt = due;
      }
      state.calendarRevision = request.revision;
      state.reminders = [...request.reminders];
      state.escalation = { ...request.escalation };
      // Quiet hours or working days changed with the calendar (requests from before quiet hours say nothing).
      if (request.sendWindow !== undefined) state.sendWindow = request.sendWindow;
      const open = openStage(state);
      if (open) this.dueMoved(open);
      this.changeCount++;
      await this.persist([
        {
          action: 'cycle.retimed',
          actor: request.actor,
          reason: request.reason,
          before,
          after: {
            revision: request.revision,
            due: this.dues(),
            reminders: state.reminders,
            escalation: state.escalation,
          },
        },
      ]);
    }
  }

  noticeInput(deadline: OpenDeadline): StageNoticeInput {
    const state = this.state;
    return {
      cycleId: state.cycleId,
      kind: state.kind,
      organizationId: state.organizationId,
      jurisdictionId: state.jurisdictionId,
      year: state.year,
      stage: deadline.stage.stage,
      visit: state.visit,
      dueAt: deadline.dueAt,
      ...(deadline.pendingDivisions ? { pendingDivisions: deadline.pendingDivisions } : {}),
      ...(deadline.item.kind === 'contribution' ? { divisionId: deadline.item.divisionId } : {}),
      ...(deadline.item.kind === 'rectification' ? rectificationNotice(state, deadline.item.itemId) : {}),
      // A 述法 evaluation's notices go to the panel members yet to score.
      ...(deadline.stage.stage === 'shufa_evaluation' && state.shufa ? { evaluators: yetToScore(state.shufa) } : {}),
    };
  }

  /** What a deadline's audit rows say it is about. */
  private about(deadline: OpenDeadline): Record<string, unknown> {
    switch (deadline.item.kind) {
      case 'contribution':
        return { stage: deadline.stage.stage, divisionId: deadline.item.divisionId };
      case 'rectification':
        return { stage: deadline.stage.stage, rectificationItemId: deadline.item.itemId };
      case 'stage':
      case 'evaluation':
        return { stage: deadline.stage.stage };
    }
  }

  /** The stage may end (or be rejected back) while a notice round is out: its progress then no longer applies. */
  private sameVisit(stage: CycleStageState, visit: number): boolean {
    return this.state.stage === stage.stage && this.state.visit === visit;
  }

  /**
   * One look at every open deadline with the one timer rule: what to carry out now (one action, or
   * one overdue event for deadlines late together), or else when to look again.
   */
  nextTimers(): { due: { deadlines: OpenDeadline[]; action: DeadlineAction } | null; nextAt: number | null } {
    const state = this.state;
    const step = deadlineStep(openDeadlines(state), state.reminders, state.escalation, Date.now(), state.sendWindow);
    return { due: nextDeadlineActions(step), nextAt: step.nextAt };
  }

  /** Carries out one timer action for the deadlines it concerns (see `nextTimers`). */
  async carryOut(deadlines: OpenDeadline[], action: DeadlineAction): Promise<void> {
    const state = this.state;
    const [deadline] = deadlines;
    const { stage, item } = deadline;
    const visit = state.visit;
    // The item's progress as it is now (it may have changed while a round was out), if still open.
    const current = () => findDeadline(state, item);
    switch (action.kind) {
      case 'reminder': {
        const plannedDueAt = deadline.dueAt;
        const round = await remindStage({ ...this.noticeInput(deadline), offset: action.offset, keyedByDueAt: true });
        if (!this.sameVisit(stage, visit)) return;
        const now = current();
        if (!now) return;
        // An extension may have come in while the round was out: then it went out for the old date.
        updateDeadline(state, item, {
          timer:
            now.dueAt !== plannedDueAt && patched(REPLAN_REMINDER_PATCH)
              ? afterReminderRound(now.timer, action, plannedDueAt, now.dueAt)
              : afterAction(now.timer, action),
        });
        if (round.recipients.length === 0) {
          await this.persist([
            { action: 'stage.reminder_unaddressed', after: { ...this.about(deadline), offset: action.offset } },
          ]);
        } else if (patched(REMINDER_PROGRESS_PATCH)) {
          // The oversight light turns yellow on a reminder not acted on: the projection must know it went out.
          await this.persist([]);
        }
        return;
      }
      case 'pass-over':
        updateDeadline(state, item, { timer: afterAction(deadline.timer, action) });
        return;
      case 'overdue':
        if (this.atDue && (await this.atDue(deadline))) return;
        for (const late of deadlines) {
          updateDeadline(state, late.item, { timer: afterAction(late.timer, action), overdueSince: action.at });
        }
        this.setOverdue(true);
        await this.persist([
          {
            action: 'stage.overdue',
            after: {
              stage: stage.stage,
              dueAt: iso(deadline.dueAt),
              // Who is late: the divisions that have not handed in; the rectification items not fixed.
              ...(stage.stage === 'contributions'
                ? { pendingDivisions: deadlines.flatMap((d) => d.pendingDivisions ?? []) }
                : {}),
              ...(deadline.item.kind === 'rectification'
                ? {
                    rectificationItems: deadlines.flatMap((d) =>
                      d.item.kind === 'rectification' ? [d.item.itemId] : [],
                    ),
                  }
                : {}),
            },
          },
        ]);
        return;
      case 'escalation': {
        const round = await escalateStage({
          ...this.noticeInput(deadline),
          period: deadline.timer.overduePeriod,
          round: action.round,
          overdueSince: deadline.overdueSince ?? deadline.dueAt,
        });
        if (!this.sameVisit(stage, visit)) return;
        const now = current();
        if (!now) return;
        updateDeadline(state, item, { timer: afterAction(now.timer, action) });
        if (round.recipients.length === 0) {
          await this.persist([
            { action: 'stage.escalation_unaddressed', after: { ...this.about(deadline), round: action.round } },
          ]);
        }
        return;
      }
    }
  }
}
