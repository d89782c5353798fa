import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import {
  advanceCycle,
  advanceProblem,
  cancelCycle,
  cancelProblem,
  closeEvaluation,
  evaluationClosingEvents,
  CycleInput,
  CycleSnapshot,
  CycleStageState,
  extendItem,
  extendProblem,
  openStage,
  rejectCycle,
  rejectProblem,
  withDefaults,
} from '@rol/domain';
import {
  AdvanceRequest,
  advanceUpdate,
  CancelRequest,
  cancelUpdate,
  CycleEvent,
  cycleStateQuery,
  ExtendRequest,
  extendUpdate,
  RejectRequest,
  rejectUpdate,
  retimeSignal,
  writeNowUpdate,
} from '@rol/contracts';
import { assertNoProblem, CycleEngine, iso } from './cycle-engine';
import { registerContributions } from './report-cycle.part';
import { registerShufaSteps } from './shufa-cycle.part';

/** After a change of the workflow's own was refused for good: 1 minute, doubling, at most a day. */
const REFUSAL_BACKOFF_MS = 60_000;
const MAX_REFUSAL_BACKOFF_MS = 86_400_000;

/** One department's yearly 法治政府建设年度报告. */
export async function reportCycleWorkflow(input: CycleInput): Promise<CycleSnapshot> {
  const engine = new CycleEngine(input);
  registerSteps(engine);
  // Only a report collects its divisions' material: a 述法 cycle has no such update at all.
  if (engine.state.kind === 'report') registerContributions(engine);
  return runCycle(engine, input);
}

/** One principal leader's yearly 述法. */
export async function shufaCycleWorkflow(input: CycleInput): Promise<CycleSnapshot> {
  const engine = new CycleEngine(input);
  registerSteps(engine);
  registerShufaSteps(engine);
  return runCycle(engine, input);
}

/** The steps both kinds take: advance, reject, cancel, extend; the state query; calendar changes. */
function registerSteps(engine: CycleEngine): void {
  const state = engine.state;
  setHandler(
    advanceUpdate,
    (request: AdvanceRequest) =>
      engine.transition(
        request,
        'stage.advanced',
        () => {
          // The office closing a 述法 evaluation early: the result is what the marks so far give.
          if (state.stage === 'shufa_evaluation' && state.shufa && state.shufa.closedAt === null) {
            closeEvaluation(state, Date.now());
          }
          advanceCycle(state, Date.now(), {
            outcome: 'advanced',
            by: request.actor,
            at: Date.now(),
            comment: request.comment,
            details: request.details,
          });
        },
        { actor: request.actor, reason: request.comment, after: { details: request.details } },
        evaluationClosingEvents(state),
      ),
    { validator: (request: AdvanceRequest) => assertNoProblem(advanceProblem(state, request)) },
  );

  setHandler(
    rejectUpdate,
    (request: RejectRequest) =>
      engine.transition(
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
    { validator: (request: RejectRequest) => assertNoProblem(rejectProblem(state, request)) },
  );

  setHandler(
    cancelUpdate,
    (request: CancelRequest) =>
      engine.transition(
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
    { validator: (request: CancelRequest) => assertNoProblem(cancelProblem(state, request)) },
  );

  setHandler(cycleStateQuery, () => state);
  // The caller of a step could not write it (PostgreSQL refused it for good): the workflow writes
  // what it holds now, and if that is refused too, goes back to what PostgreSQL holds.
  setHandler(writeNowUpdate, async () => {
    const epochBefore = engine.epoch;
    try {
      await engine.flush();
    } catch (error) {
      engine.undone(error);
    }
    return { written: engine.epoch === epochBefore };
  });
  setHandler(retimeSignal, (request) => {
    engine.retimes.push(request);
  });

  setHandler(
    extendUpdate,
    async (request: ExtendRequest) => {
      const stage = state.stages.find((s) => s.stage === request.stage) as CycleStageState;
      const { divisionId } = request;
      // Applied at once, even while a reminder is being sent: that one goes out for the old date and
      // does not count for the new one; the loop re-plans as soon as the send returns.
      let events: CycleEvent[];
      if (divisionId !== undefined) {
        const item = { kind: 'contribution' as const, divisionId };
        const before = state.items?.find((d) => d.item.divisionId === divisionId)?.dueAt ?? stage.dueAt;
        extendItem(state, item, request.dueAt, Date.now());
        engine.itemMoved();
        events = [
          {
            action: 'cycle.extended',
            actor: request.actor,
            reason: request.reason,
            before: { stage: stage.stage, divisionId, dueAt: iso(before) },
            after: { stage: stage.stage, divisionId, dueAt: iso(request.dueAt) },
          },
        ];
      } else {
        const before = stage.dueAt;
        stage.dueAt = request.dueAt;
        stage.extended = true;
        engine.dueMoved(stage);
        events = [
          {
            action: 'cycle.extended',
            actor: request.actor,
            reason: request.reason,
            before: { stage: stage.stage, dueAt: iso(before) },
            after: { stage: stage.stage, dueAt: iso(stage.dueAt) },
          },
        ];
      }
      engine.changeCount++;
      if (engine.writtenByCaller()) return engine.stepAnswer(events, request);
      const epochBefore = engine.epoch;
      try {
        await engine.persist(events);
      } catch (error) {
        engine.undone(error);
      }
      engine.assertNotUndone(epochBefore);
      return state;
    },
    { validator: (request: ExtendRequest) => assertNoProblem(extendProblem(state, request, Date.now())) },
  );
}

/**
 * The main loop: calendar changes, then the timers of every open deadline (reminders, the overdue
 * event, escalations from durable timers), then a wait for a change or the next instant; until the
 * cycle ends. A year of escalations can outgrow one history: it carries on in a fresh run.
 */
async function runCycle(engine: CycleEngine, input: CycleInput): Promise<CycleSnapshot> {
  const state = engine.state;
  let wake: { at: number; scope: CancellationScope; fired: boolean } | null = null;
  for (;;) {
    for (;;) {
      try {
        await engine.applyRetimes();
        if (!openStage(state)) break;
        const timers = engine.nextTimers();
        if (timers.due) {
          // One action at a time, then look again: a calendar change may have arrived meanwhile.
          await engine.carryOut(timers.due.deadlines, timers.due.action);
          continue;
        }
        const nextAt = timers.nextAt ?? Infinity;
        state.nextTimerAt = timers.nextAt;
        const backstop = engine.backstopAt();
        if (Date.now() >= backstop) {
          await engine.flush();
          continue;
        }
        if (workflowInfo().continueAsNewSuggested && engine.retimes.length === 0) {
          // Carry the state on into a fresh run once nothing is in flight (checked again after
          // waiting, with no await before continuing).
          const quiet = engine.changeCount;
          await allHandlersFinished();
          if (engine.backstopAt() < Infinity) await engine.flush();
          await engine.persisting;
          if (engine.changeCount === quiet && engine.retimes.length === 0) {
            await continueAsNew<typeof reportCycleWorkflow>({ ...input, resume: withDefaults(state) });
          }
          continue;
        }
        const seen = engine.changeCount;
        const wakeAt = Math.min(nextAt, backstop);
        const changed = () => engine.changeCount !== seen || engine.retimes.length > 0;
        if (wakeAt === Infinity) {
          // No deadline is open (nothing left to hand in, say) and nothing to write: wait for a change.
          await condition(changed);
          continue;
        }
        if (!engine.stepsWrittenByCaller) {
          // Older histories (and every cycle until a person's step was answered the newer way): a new
          // timer at each wake-up. No patch marker of its own, so a launch records none.
          await condition(changed, wakeAt - Date.now());
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
        await condition(() => changed() || timer.fired);
        if (timer.fired) wake = null;
      } catch (error) {
        engine.undone(error);
        engine.refusals++;
        await sleep(Math.min(REFUSAL_BACKOFF_MS * 2 ** (engine.refusals - 1), MAX_REFUSAL_BACKOFF_MS));
      }
    }
    await allHandlersFinished();
    try {
      if (engine.backstopAt() < Infinity) await engine.flush();
    } catch (error) {
      engine.undone(error);
    }
    await engine.persisting;
    // A closing change that was refused and undone: the cycle is open again and goes on.
    if (!openStage(state)) break;
  }
  return state;
}
