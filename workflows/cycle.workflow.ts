import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  advanceCycle,
  advanceProblem,
  cancelCycle,
  cancelProblem,
  contributeProblem,
  extendProblem,
  withDefaults,
  afterAction,
  afterDueMoved,
  afterReminderRound,
  pendingDivisions,
  rejectCycle,
  rejectProblem,
  StepProblem,
  CycleInput,
  CycleSnapshot,
  CycleStageState,
  openStage,
  startCycle,
  STEP_UNDONE_MESSAGE,
  TimerAction,
  timerPlan,
  timerStep,
} from '@rol/domain';
import {
  AdvanceRequest,
  advanceUpdate,
  CancelRequest,
  cancelUpdate,
  ContributeRequest,
  contributeUpdate,
  CycleActivities,
  CycleChange,
  CycleEvent,
  cycleStateQuery,
  CycleStepResult,
  CycleUpdateResult,
  ExtendRequest,
  extendUpdate,
  RetimeRequest,
  RejectRequest,
  rejectUpdate,
  retimeSignal,
  PERMANENT_WRITE_FAILURE,
  PermanentWriteDetails,
  SA_OVERDUE,
  SA_STAGE,
  StageNoticeInput,
  StepRequest,
  writeNowUpdate,
} from '@rol/contracts';

const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' } as const;

const { persistCycle } = proxyActivities<CycleActivities>({ startToCloseTimeout: '1 minute', retry: RETRY });
// The same write as a local activity: it runs in the worker within the workflow task that asked for it,
// so a person's step costs one workflow task instead of two plus an activity task.
const { persistCycle: persistCycleLocally } = proxyLocalActivities<CycleActivities>({
  startToCloseTimeout: '1 minute',
  retry: RETRY,
});
/** Histories recorded before it scheduled persistCycle as an ordinary activity and still replay that way. */
const LOCAL_PERSIST_PATCH = 'persist-cycle-locally';
/** Before it, a person's step was persisted by the workflow before it was answered. */
const WRITE_THROUGH_PATCH = 'step-written-by-caller';
/** Before it, a reminder round that came back after the due date moved counted as sent for the new date. */
const REPLAN_REMINDER_PATCH = 'reminder-replanned-after-due-moved';
/** How long the workflow leaves a person's step to its caller to write before writing it itself. */
const BACKSTOP_MS = 10_000;
/** After a change of the workflow's own was refused for good: 1 minute, doubling, at most a day. */
const REFUSAL_BACKOFF_MS = 60_000;
const MAX_REFUSAL_BACKOFF_MS = 86_400_000;
// SMTP or the database being down is a passing fault: keep trying with backoff, never drop a notice.
// A round heartbeats per mail (one send gives up within ~50 s): a killed worker's round is retried
// about a minute later.
const { remindStage, escalateStage } = proxyActivities<CycleActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '75 seconds',
  retry: RETRY,
});

/** One department's yearly 法治政府建设年度报告. */
export async function reportCycleWorkflow(input: CycleInput): Promise<CycleSnapshot> {
  return runCycle(input);
}

/** One principal leader's yearly 述法. */
export async function shufaCycleWorkflow(input: CycleInput): Promise<CycleSnapshot> {
  return runCycle(input);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function refused(
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

/** A queued write whose changes were undone before its turn came. */
const DROPPED = 'dropped' as const;

/** The snapshot PostgreSQL still holds, when a write failed because PostgreSQL refused it for good. */
function permanentRefusal(error: unknown): PermanentWriteDetails | null {
  // An activity's failure comes wrapped in an ActivityFailure; a local activity's as it was thrown.
  const cause = error instanceof ActivityFailure ? error.cause : error;
  if (!(cause instanceof ApplicationFailure) || cause.type !== PERMANENT_WRITE_FAILURE) return null;
  const details = cause.details?.[0] as Partial<PermanentWriteDetails> | undefined;
  return { stored: details?.stored ?? null, code: details?.code ?? null };
}

/** A person's step the domain's step rules refuse is refused before anything reaches history. */
function assertNoProblem(problem: StepProblem | null): void {
  if (problem) throw refused(problem.code, problem.message, problem.field);
}

/**
 * The cycle engine shared by both kinds: holds every stage's due instant, and for the open stage
 * fires reminders, the overdue event and escalations from durable timers (`condition` with a
 * timeout), following calendar changes and extensions at once. Stage actions by people come with
 * the report-cycle issue; until then the first stage stays open.
 */
async function runCycle(input: CycleInput): Promise<CycleSnapshot> {
  // Workflow time (Date.now) is deterministic: it is the time of the event being replayed.
  const state: CycleSnapshot = input.resume ? withDefaults(input.resume) : startCycle(input, Date.now());
  // How many times the state has changed (people's steps, calendar changes, undos): the main loop
  // waits for it to move, or for a timer.
  let changeCount = 0;
  const retimes: RetimeRequest[] = [];

  // Every change moves the snapshot's seq on and waits, with its audit rows, to be written. Writes go
  // out one at a time, in seq order, each with every change not yet known written (the writer skips
  // what the projection already holds).
  let pending: CycleChange[] = [];
  let recorded: CycleSnapshot = state;
  let persisting: Promise<unknown> = Promise.resolve();
  // Set once a person's step has been answered the newer way (its patch is in the history).
  let stepsWrittenByCaller = false;
  // Changes answered to a caller and in no write of the workflow yet: seq → when made.
  const unflushed = new Map<number, number>();
  // The stage search attribute (for Temporal's own UI, eventually consistent by nature) follows
  // people's steps when the workflow next writes, not at each step: null while it is current.
  let searchStaleSince: number | null = null;

  const record = (events: CycleEvent[]): CycleSnapshot => {
    state.seq += 1;
    recorded = JSON.parse(JSON.stringify(state)) as CycleSnapshot;
    pending.push({ seq: recorded.seq, events });
    return recorded;
  };

  /** When the workflow writes, itself, what it left to callers (Infinity: nothing is left). */
  const backstopAt = (): number => {
    let since = searchStaleSince ?? Infinity;
    for (const at of unflushed.values()) since = Math.min(since, at);
    return since + BACKSTOP_MS;
  };

  // What the projection was last known to hold. When PostgreSQL refuses a write for good, the cycle
  // goes back to what it holds (a change that cannot be stored is undone, not retried for ever, and
  // Temporal and PostgreSQL agree again); each such roll-back starts a new epoch, and writes queued
  // in an earlier one are dropped. No history recorded before this has a refused write.
  let written: CycleSnapshot = JSON.parse(JSON.stringify(state)) as CycleSnapshot;
  let epoch = 0;
  // Refusals in a row: after each, the main loop waits longer before it goes on (a change of its own
  // that was undone would be refused again if it came straight back).
  let refusals = 0;

  const rollBack = (stored: CycleSnapshot | null) => {
    const target = withDefaults(JSON.parse(JSON.stringify(stored ?? written)) as CycleSnapshot);
    for (const key of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[key];
    Object.assign(state, target);
    written = JSON.parse(JSON.stringify(target)) as CycleSnapshot;
    recorded = written;
    pending = [];
    unflushed.clear();
    epoch++;
    changeCount++;
    upsertSearchAttributes([
      { key: SA_STAGE, value: state.stage },
      { key: SA_OVERDUE, value: state.overdue },
    ]);
  };

  const flush = (): Promise<unknown> => {
    const snapshot = recorded;
    const changes = [...pending];
    const from = epoch;
    unflushed.clear();
    if (searchStaleSince !== null) {
      searchStaleSince = null;
      upsertSearchAttributes([
        { key: SA_STAGE, value: state.stage },
        { key: SA_OVERDUE, value: state.overdue },
      ]);
    }
    if (changes.length === 0) return persisting;
    const write = persisting.then<boolean | typeof DROPPED>(() =>
      epoch !== from
        ? DROPPED
        : patched(LOCAL_PERSIST_PATCH)
          ? persistCycleLocally({ snapshot, changes })
          : // Older histories wrote each change on its own, as it was made.
            persistCycle({ snapshot, events: changes[changes.length - 1].events }),
    );
    persisting = write.catch(() => undefined);
    // Beside the chain, not in it: older histories' handlers and loop resume exactly as they did.
    write.then(
      (result) => {
        if (result === DROPPED) return;
        pending = pending.filter((c) => c.seq > snapshot.seq);
        written = snapshot;
        refusals = 0;
      },
      (error: unknown) => {
        const refusal = permanentRefusal(error);
        if (refusal && epoch === from) rollBack(refusal.stored);
      },
    );
    return write;
  };

  /** Whether a step's write failed because it was undone (see rollBack); any other failure is thrown. */
  const undone = (error: unknown): boolean => {
    if (!permanentRefusal(error)) throw error;
    return true;
  };

  /** A change made by the workflow itself (a deadline, a calendar change): written before it goes on. */
  const persist = (events: CycleEvent[]): Promise<unknown> => {
    record(events);
    return flush();
  };

  /**
   * Whether a person's step is answered at once and written by its caller (who writes it before he
   * answers; the workflow writes it too once BACKSTOP_MS have passed, in case the caller could not).
   * Older histories persisted it first, then answered.
   */
  const writtenByCaller = () => {
    const byCaller = patched(WRITE_THROUGH_PATCH);
    if (byCaller) stepsWrittenByCaller = true;
    return byCaller;
  };

  /** The answer to a person's step: the new state and the changes its caller is to write. */
  const stepAnswer = (events: CycleEvent[], request: StepRequest): CycleStepResult => {
    const written = request.writtenSeq;
    if (typeof written === 'number') {
      // The caller read the projection at that seq: everything up to it is written.
      pending = pending.filter((c) => c.seq > written);
      for (const seq of [...unflushed.keys()]) if (seq <= written) unflushed.delete(seq);
    }
    const snapshot = record(events);
    unflushed.set(snapshot.seq, Date.now());
    return { snapshot, changes: [...pending] };
  };

  const setOverdue = (overdue: boolean) => {
    state.overdue = overdue;
    upsertSearchAttributes([{ key: SA_OVERDUE, value: overdue }]);
  };

  /** The open stage's due instant moved: its timers re-plan, and it may no longer be overdue. */
  const dueMoved = (stage: CycleStageState) => {
    if (stage.stage !== state.stage) return;
    state.dueAt = stage.dueAt;
    const before = state.timer;
    state.timer = afterDueMoved(state.timer, stage.dueAt, Date.now());
    if (state.timer !== before) {
      stage.overdueSince = null;
      setOverdue(false);
    }
  };

  const dues = () => Object.fromEntries(state.stages.map((s) => [s.stage, iso(s.dueAt)]));

  /** A stage change by a person: state changes at once (a concurrent second request is refused), then is answered. */
  const transition = async (
    request: StepRequest,
    action: string,
    change: () => void,
    event: Omit<CycleEvent, 'action'>,
    earlier: CycleEvent[] = [],
  ): Promise<CycleUpdateResult> => {
    const from = state.stage;
    change();
    const byCaller = writtenByCaller();
    if (byCaller) searchStaleSince ??= Date.now();
    else
      upsertSearchAttributes([
        { key: SA_STAGE, value: state.stage },
        { key: SA_OVERDUE, value: false },
      ]);
    changeCount++;
    const events = [
      ...earlier,
      { ...event, action, before: { stage: from }, after: { stage: state.stage, ...(event.after as object) } },
    ];
    if (byCaller) return stepAnswer(events, request);
    // Awaited in place (not through a helper), so an accepted step resumes exactly as it did before.
    const epochBefore = epoch;
    try {
      await persist(events);
    } catch (error) {
      undone(error);
    }
    if (epoch !== epochBefore) throw refused('VALIDATION_FAILED', STEP_UNDONE_MESSAGE);
    return state;
  };

  setHandler(
    advanceUpdate,
    (request: AdvanceRequest) =>
      transition(
        request,
        'stage.advanced',
        () =>
          advanceCycle(state, Date.now(), {
            outcome: 'advanced',
            by: request.actor,
            at: Date.now(),
            comment: request.comment,
            details: request.details,
          }),
        { actor: request.actor, reason: request.comment, after: { details: request.details } },
      ),
    {
      validator: (request: AdvanceRequest) => assertNoProblem(advanceProblem(state, request)),
    },
  );

  setHandler(
    rejectUpdate,
    (request: RejectRequest) =>
      transition(
        request,
        'stage.rejected',
        () =>
          rejectCycle(
            state,
            Date.now(),
            { outcome: 'rejected', by: request.actor, at: Date.now(), comment: request.reason },
            request.reworkDueAt,
          ),
        {
          actor: request.actor,
          reason: request.reason,
          after: { rework: state.rework + 1, dueAt: iso(request.reworkDueAt) },
        },
      ),
    {
      validator: (request: RejectRequest) => assertNoProblem(rejectProblem(state, request)),
    },
  );

  // Only a report collects its divisions' material: a 述法 cycle has no such update at all.
  if (state.kind === 'report') {
    setHandler(
      contributeUpdate,
      async (request: ContributeRequest) => {
        const now = Date.now();
        const late = now > state.stages[0].dueAt;
        state.contributions.push({ divisionId: request.divisionId, at: now, late, by: request.actor });
        const event: CycleEvent = {
          action: 'contribution.received',
          actor: request.actor,
          after: { divisionId: request.divisionId, late },
        };
        if (pendingDivisions(state).length > 0) {
          changeCount++;
          if (writtenByCaller()) return stepAnswer([event], request);
          const epochBefore = epoch;
          try {
            await persist([event]);
          } catch (error) {
            undone(error);
          }
          if (epoch !== epochBefore) throw refused('VALIDATION_FAILED', STEP_UNDONE_MESSAGE);
          return state;
        }
        // The last division: collection closes in the same step (no other update can come in between).
        return transition(
          request,
          'stage.advanced',
          () => advanceCycle(state, now, { outcome: 'advanced', by: null, at: now, comment: '各处室材料已全部报送' }),
          { after: { details: { allDivisionsContributed: true } } },
          [event],
        );
      },
      {
        validator: (request: ContributeRequest) => assertNoProblem(contributeProblem(state, request)),
      },
    );
  }

  setHandler(
    cancelUpdate,
    (request: CancelRequest) =>
      transition(
        request,
        'cycle.cancelled',
        () =>
          cancelCycle(state, Date.now(), {
            outcome: 'cancelled',
            by: request.actor,
            at: Date.now(),
            comment: request.reason,
          }),
        { actor: request.actor, reason: request.reason },
      ),
    {
      validator: (request: CancelRequest) => assertNoProblem(cancelProblem(state, request)),
    },
  );

  setHandler(cycleStateQuery, () => state);
  // The caller of a step could not write it (PostgreSQL refused it for good): the workflow writes
  // what it holds now, and if that is refused too, goes back to what PostgreSQL holds.
  setHandler(writeNowUpdate, async () => {
    const epochBefore = epoch;
    try {
      await flush();
    } catch (error) {
      undone(error);
    }
    return { written: epoch === epochBefore };
  });
  setHandler(retimeSignal, (request) => {
    retimes.push(request);
  });
  setHandler(
    extendUpdate,
    async (request: ExtendRequest) => {
      const stage = state.stages.find((s) => s.stage === request.stage) as CycleStageState;
      const before = stage.dueAt;
      // Applied at once, even while a reminder is being sent: that one goes out for the old date and
      // does not count for the new one; the loop re-plans as soon as the send returns.
      stage.dueAt = request.dueAt;
      stage.extended = true;
      dueMoved(stage);
      changeCount++;
      const events: CycleEvent[] = [
        {
          action: 'cycle.extended',
          actor: request.actor,
          reason: request.reason,
          before: { stage: stage.stage, dueAt: iso(before) },
          after: { stage: stage.stage, dueAt: iso(stage.dueAt) },
        },
      ];
      if (writtenByCaller()) return stepAnswer(events, request);
      const epochBefore = epoch;
      try {
        await persist(events);
      } catch (error) {
        undone(error);
      }
      if (epoch !== epochBefore) throw refused('VALIDATION_FAILED', STEP_UNDONE_MESSAGE);
      return state;
    },
    {
      validator: (request: ExtendRequest) => assertNoProblem(extendProblem(state, request, Date.now())),
    },
  );

  const applyRetimes = async () => {
    while (retimes.length > 0) {
      const request = retimes.shift() as RetimeRequest;
      if (request.revision <= state.calendarRevision) continue;
      const before = {
        revision: state.calendarRevision,
        due: dues(),
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
      const open = openStage(state);
      if (open) dueMoved(open);
      changeCount++;
      await persist([
        {
          action: 'cycle.retimed',
          actor: request.actor,
          reason: request.reason,
          before,
          after: { revision: request.revision, due: dues(), reminders: state.reminders, escalation: state.escalation },
        },
      ]);
    }
  };

  const noticeInput = (stage: CycleStageState): StageNoticeInput => ({
    cycleId: state.cycleId,
    kind: state.kind,
    organizationId: state.organizationId,
    jurisdictionId: state.jurisdictionId,
    year: state.year,
    stage: stage.stage,
    visit: state.visit,
    dueAt: stage.dueAt,
    ...(stage.stage === 'contributions' ? { pendingDivisions: pendingDivisions(state) } : {}),
  });

  /** The stage may end (or be rejected back) while a notice round is out: its progress then no longer applies. */
  const sameVisit = (stage: CycleStageState, visit: number) => state.stage === stage.stage && state.visit === visit;

  const carryOut = async (stage: CycleStageState, action: TimerAction) => {
    const visit = state.visit;
    switch (action.kind) {
      case 'reminder': {
        const plannedDueAt = stage.dueAt;
        const round = await remindStage({ ...noticeInput(stage), offset: action.offset, keyedByDueAt: true });
        if (!sameVisit(stage, visit)) return;
        // An extension may have come in while the round was out: then it went out for the old date.
        state.timer =
          stage.dueAt !== plannedDueAt && patched(REPLAN_REMINDER_PATCH)
            ? afterReminderRound(state.timer, action, plannedDueAt, stage.dueAt)
            : afterAction(state.timer, action);
        if (round.recipients.length === 0) {
          await persist([
            { action: 'stage.reminder_unaddressed', after: { stage: stage.stage, offset: action.offset } },
          ]);
        }
        return;
      }
      case 'pass-over':
        state.timer = afterAction(state.timer, action);
        return;
      case 'overdue':
        state.timer = afterAction(state.timer, action);
        stage.overdueSince = action.at;
        setOverdue(true);
        await persist([
          {
            action: 'stage.overdue',
            after: {
              stage: stage.stage,
              dueAt: iso(stage.dueAt),
              // Who is late: the divisions that have not handed in.
              ...(stage.stage === 'contributions' ? { pendingDivisions: pendingDivisions(state) } : {}),
            },
          },
        ]);
        return;
      case 'escalation': {
        const round = await escalateStage({
          ...noticeInput(stage),
          period: state.timer.overduePeriod,
          round: action.round,
          overdueSince: stage.overdueSince ?? stage.dueAt,
        });
        if (!sameVisit(stage, visit)) return;
        state.timer = afterAction(state.timer, action);
        if (round.recipients.length === 0) {
          await persist([
            { action: 'stage.escalation_unaddressed', after: { stage: stage.stage, round: action.round } },
          ]);
        }
        return;
      }
    }
  };

  let wake: { at: number; scope: CancellationScope; fired: boolean } | null = null;
  for (;;) {
    for (;;) {
      try {
        await applyRetimes();
        const stage = openStage(state);
        if (!stage) break;
        const step = timerStep(timerPlan(stage.dueAt, state.reminders, state.escalation), state.timer, Date.now());
        if (step.actions.length > 0) {
          // One action at a time, then look again: a calendar change may have arrived meanwhile.
          await carryOut(stage, step.actions[0]);
          continue;
        }
        state.nextTimerAt = step.nextAt;
        const backstop = backstopAt();
        if (Date.now() >= backstop) {
          await flush();
          continue;
        }
        if (workflowInfo().continueAsNewSuggested && retimes.length === 0) {
          // A year of escalations can outgrow one history: carry the state on into a fresh run, once
          // nothing is in flight (checked again after waiting, with no await before continuing).
          const quiet = changeCount;
          await allHandlersFinished();
          if (backstopAt() < Infinity) await flush();
          await persisting;
          if (changeCount === quiet && retimes.length === 0) {
            await continueAsNew<typeof reportCycleWorkflow>({ ...input, resume: withDefaults(state) });
          }
          continue;
        }
        const seen = changeCount;
        const wakeAt = Math.min(step.nextAt, backstop);
        if (!stepsWrittenByCaller) {
          // Older histories (and every cycle until a person's step was answered the newer way): a new
          // timer at each wake-up. No patch marker of its own, so a launch records none.
          await condition(() => changeCount !== seen || retimes.length > 0, wakeAt - Date.now());
          continue;
        }
        // One timer for as long as it is early enough: a burst of people's steps does not replace it at
        // each step (it may fire early; the loop then finds nothing to do and sets the next one).
        if (wake && wake.at > wakeAt) {
          wake.scope.cancel();
          wake = null;
        }
        if (!wake) {
          const timer = { at: wakeAt, scope: new CancellationScope(), fired: false };
          timer.scope
            .run(() => sleep(wakeAt - Date.now()))
            .then(
              () => {
                timer.fired = true;
              },
              () => undefined,
            );
          wake = timer;
        }
        const timer = wake;
        await condition(() => changeCount !== seen || retimes.length > 0 || timer.fired);
        if (timer.fired) wake = null;
      } catch (error) {
        undone(error);
        refusals++;
        await sleep(Math.min(REFUSAL_BACKOFF_MS * 2 ** (refusals - 1), MAX_REFUSAL_BACKOFF_MS));
      }
    }
    await allHandlersFinished();
    try {
      if (backstopAt() < Infinity) await flush();
    } catch (error) {
      undone(error);
    }
    await persisting;
    // A closing change that was refused and undone: the cycle is open again and goes on.
    if (!openStage(state)) break;
  }
  return state;
}
