import { advanceCycle, CycleInput, startCycle } from '../cycles/cycle-state';
import { evaluateProblem, evaluationClosingEvents, recordEvaluation } from './shufa-steps';
import { withShufaDefaults } from './shufa-settings';

const member = (i: number) => `00000000-0000-4000-8000-00000000000${i}`;
const input: CycleInput = {
  cycleId: 'shufa-2026-x',
  kind: 'shufa',
  calendarId: 'c',
  calendarRevision: 1,
  organizationId: 'd',
  jurisdictionId: 'j',
  year: 2026,
  leaderId: 'l',
  due: { shufa_writing: 10, shufa_materials_review: 20, shufa_evaluation: 30, shufa_rectification: 40 },
  reminders: [],
  escalation: { after: 'P1D', every: 'P3D' },
  shufa: withShufaDefaults({ panel: [1, 2, 3].map((i) => ({ userId: member(i), type: 'npc_deputy' as const })) }),
};
const by = { id: 'u', label: 'u' };
const all = (score: number) => ({ scores: { 学法用法: score, 依法决策: score, 推进法治建设: score, 述法质量: score } });

describe('述法 evaluation steps', () => {
  it('refuses a second score and one outside the stage, and records the result of an evaluation closed by hand', () => {
    const s = startCycle(input, 0);
    expect(evaluateProblem(s, { actor: { id: member(1), label: '' }, marks: all(90) })?.code).toBe('STAGE_MISMATCH');
    expect(evaluationClosingEvents(s)).toEqual([]);
    advanceCycle(s, 1, { outcome: 'advanced', by, at: 1 });
    advanceCycle(s, 2, { outcome: 'advanced', by, at: 2 });
    expect(evaluateProblem(s, { actor: { id: member(1), label: '' }, marks: all(90) })).toBeNull();
    expect(recordEvaluation(s, { userId: member(1), marks: all(90), comment: null, at: 3 })).toBe(false);
    expect(evaluateProblem(s, { actor: { id: member(1), label: '' }, marks: all(80) })?.code).toBe('CONFLICT');
    expect(recordEvaluation(s, { userId: member(2), marks: all(70), comment: null, at: 4 })).toBe(false);
    // Two of three scored (quorum ⅔ of 3 = 2): closed by the office now, graded on those two.
    expect(evaluationClosingEvents(s)).toEqual([
      {
        action: 'shufa.evaluation_closed',
        after: expect.objectContaining({ score: 80, grade: '良好', insufficient: false, missing: [member(3)] }),
      },
    ]);
  });
});
