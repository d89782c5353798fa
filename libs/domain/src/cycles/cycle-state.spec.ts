import { advanceCycle, CycleInput, pendingDivisions, rejectCycle, stageActionProblem, startCycle } from './cycle-state';

const base: CycleInput = {
  cycleId: 'report-2026-x',
  kind: 'report',
  calendarId: 'c',
  calendarRevision: 1,
  organizationId: 'd',
  jurisdictionId: 'j',
  year: 2026,
  leaderId: null,
  due: { contributions: 10, drafting: 20, legality_review: 30, sign_off: 40, submission: 50, publication: 60 },
  reminders: ['P1D'],
  escalation: { after: 'P1D', every: 'P3D' },
  divisions: [],
};
const by = { id: 'u', label: 'u' };

describe('cycle transitions', () => {
  it('starts at drafting when the department has no divisions, and at contributions otherwise', () => {
    const none = startCycle(base, 5);
    expect(none).toMatchObject({ stage: 'drafting', dueAt: 20, visit: 1 });
    expect(none.stages[0]).toMatchObject({ endedAt: 5, record: { outcome: 'skipped' } });
    // An input from before divisions were passed keeps collection open (replays as it ran).
    expect(startCycle({ ...base, divisions: undefined }, 5).stage).toBe('contributions');
    const two = startCycle({ ...base, divisions: ['a', 'b'] }, 5);
    expect(two).toMatchObject({ stage: 'contributions', dueAt: 10 });
    expect(pendingDivisions(two)).toEqual(['a', 'b']);
  });

  it('walks the stages in order to completed', () => {
    const s = startCycle(base, 0);
    for (const next of ['legality_review', 'sign_off', 'submission', 'publication', 'completed']) {
      advanceCycle(s, 1, { outcome: 'advanced', by, at: 1 });
      expect(s.stage).toBe(next);
    }
    expect(s.dueAt).toBeNull();
  });

  it('sends a rejection back to drafting with its own due date, counting the rework and the visit', () => {
    const s = startCycle(base, 0);
    advanceCycle(s, 1, { outcome: 'advanced', by, at: 1 });
    rejectCycle(s, 2, { outcome: 'rejected', by, at: 2, comment: 'why' }, 99);
    expect(s).toMatchObject({ stage: 'drafting', dueAt: 99, rework: 1, visit: 2 });
    expect(s.stages.find((x) => x.stage === 'drafting')).toMatchObject({ extended: true, endedAt: null, startedAt: 2 });
    // Review is to be done again: it is open to calendar changes, and a stale approval is STAGE_MISMATCH.
    expect(s.stages.find((x) => x.stage === 'legality_review')).toMatchObject({
      endedAt: null,
      record: { outcome: 'rejected' },
    });
    expect(stageActionProblem(s, 'legality_review')?.code).toBe('STAGE_MISMATCH');
  });

  it('says CONFLICT for a stage already ended and STAGE_MISMATCH for one not reached', () => {
    const s = startCycle(base, 0);
    advanceCycle(s, 1, { outcome: 'advanced', by, at: 1 });
    expect(stageActionProblem(s, 'legality_review')).toBeNull();
    expect(stageActionProblem(s, 'drafting')?.code).toBe('CONFLICT');
    expect(stageActionProblem(s, 'sign_off')?.code).toBe('STAGE_MISMATCH');
    expect(stageActionProblem(s, 'shufa_writing')?.code).toBe('STAGE_MISMATCH');
  });
});
