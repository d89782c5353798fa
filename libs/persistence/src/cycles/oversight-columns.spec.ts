import { advanceCycle, CycleInput, DEFAULT_SHUFA_SETTINGS, rejectCycle, startCycle } from '@rol/domain';
import { cycleOversight, oversightFields, stageMask, stagesOfMask } from './oversight-columns';

const D = 86_400_000;
const base: Omit<CycleInput, 'kind' | 'cycleId' | 'due'> = {
  calendarId: 'c',
  calendarRevision: 1,
  organizationId: 'd',
  jurisdictionId: 'j',
  year: 2026,
  leaderId: 'l',
  reminders: ['P1D'],
  escalation: { after: 'P1D', every: 'P3D' },
};
const by = { id: 'u', label: 'u' };

describe('the dashboard columns of the cycle projection', () => {
  it('keep the stages done and done on time as masks in the cycle kind’s stage order', () => {
    expect(stageMask('report', ['drafting', 'sign_off'])).toBe(0b1010);
    expect(stagesOfMask('report', 0b1010)).toEqual(['drafting', 'sign_off']);
    expect(stagesOfMask('shufa', stageMask('shufa', ['shufa_evaluation']))).toEqual(['shufa_evaluation']);
    const due = {
      drafting: 10 * D,
      legality_review: 20 * D,
      sign_off: 30 * D,
      submission: 40 * D,
      publication: 50 * D,
    };
    const s = startCycle({ ...base, kind: 'report', cycleId: 'r', leaderId: null, due, divisions: [] }, 0);
    advanceCycle(s, 5 * D, { outcome: 'advanced', by, at: 5 * D });
    advanceCycle(s, 25 * D, { outcome: 'advanced', by, at: 25 * D });
    rejectCycle(s, 26 * D, { outcome: 'rejected', by, at: 26 * D }, 60 * D);
    expect(oversightFields(s)).toMatchObject({ completedStages: 0, onTimeStages: 0, rework: 1, sentBack: true });
    advanceCycle(s, 27 * D, { outcome: 'advanced', by, at: 27 * D });
    advanceCycle(s, 28 * D, { outcome: 'advanced', by, at: 28 * D });
    expect(oversightFields(s)).toMatchObject({
      completedStages: stageMask('report', ['drafting', 'legality_review']),
      onTimeStages: stageMask('report', ['drafting']),
      nextDueAt: new Date(30 * D),
      sentBack: false,
    });
  });

  it('keep a 述法 cycle’s grade once closed and its rectification items not yet verified', () => {
    const due = { shufa_writing: 10 * D, shufa_materials_review: 20 * D, shufa_evaluation: 30 * D };
    const s = startCycle({ ...base, kind: 'shufa', cycleId: 's', due, shufa: DEFAULT_SHUFA_SETTINGS }, 0);
    expect(cycleOversight(s)).toMatchObject({ grade: null, openItems: 0 });
    s.shufa!.result = {
      score: 91,
      grade: '优秀',
      insufficient: false,
      panelSize: 3,
      quorumNeeded: 2,
      evaluators: [],
    } as unknown as NonNullable<typeof s.shufa>['result'];
    const item = (id: string, status: 'open' | 'done' | 'verified') => ({
      id,
      description: id,
      dueAt: 40 * D,
      status,
      carriedFrom: null,
      history: [],
      overdueSince: null,
      timer: s.timer,
    });
    s.rectification = [item('a', 'open'), item('b', 'done'), item('c', 'verified')];
    expect(cycleOversight(s)).toMatchObject({ grade: '优秀', openItems: 2 });
  });

  it('read a snapshot written by older code (no rework, divisions or stage records yet)', () => {
    const s = startCycle({ ...base, kind: 'report', cycleId: 'r', leaderId: null, due: { contributions: D } }, 0);
    const old = JSON.parse(JSON.stringify(s));
    delete old.rework;
    delete old.divisions;
    delete old.contributions;
    for (const stage of old.stages) delete stage.record;
    expect(cycleOversight(old)).toMatchObject({ rework: 0, nextDueAt: new Date(D), completedStages: [] });
    expect(old.rework).toBeUndefined();
  });
});
