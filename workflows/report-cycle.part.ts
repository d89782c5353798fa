import { setHandler } from '@temporalio/workflow';
import { advanceCycle, contributeProblem, contributionDueAt, keepsDeadlineItems, pendingDivisions } from '@rol/domain';
import { ContributeRequest, contributeUpdate, CycleEvent } from '@rol/contracts';
import { assertNoProblem, CycleEngine } from './cycle-engine';

/**
 * What only a report cycle has: its divisions' material. Each division's part is a deadline item of
 * its own (cycles that keep them); the last part closes the collection in the same step.
 */
export function registerContributions(engine: CycleEngine): void {
  const state = engine.state;
  setHandler(
    contributeUpdate,
    async (request: ContributeRequest) => {
      const now = Date.now();
      // Late against the division's own date (older cycles: the stage's).
      const dueAt = keepsDeadlineItems(state) ? contributionDueAt(state, request.divisionId) : state.stages[0].dueAt;
      const late = now > dueAt;
      state.contributions.push({ divisionId: request.divisionId, at: now, late, by: request.actor });
      const event: CycleEvent = {
        action: 'contribution.received',
        actor: request.actor,
        after: { divisionId: request.divisionId, late },
      };
      if (pendingDivisions(state).length > 0) {
        // A late division has handed in: the cycle is overdue only while another part or the stage is.
        if (keepsDeadlineItems(state)) engine.itemMoved();
        engine.changeCount++;
        if (engine.writtenByCaller()) return engine.stepAnswer([event], request);
        // Awaited in place (not through a helper), so an accepted step resumes exactly as it did before.
        const epochBefore = engine.epoch;
        try {
          await engine.persist([event]);
        } catch (error) {
          engine.undone(error);
        }
        engine.assertNotUndone(epochBefore);
        return state;
      }
      // The last division: collection closes in the same step (no other update can come in between).
      return engine.transition(
        request,
        'stage.advanced',
        () => advanceCycle(state, now, { outcome: 'advanced', by: null, at: now, comment: '各处室材料已全部报送' }),
        { after: { details: { allDivisionsContributed: true } } },
        [event],
      );
    },
    { validator: (request: ContributeRequest) => assertNoProblem(contributeProblem(state, request)) },
  );
}
