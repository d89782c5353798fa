import { CycleInput, startCycle } from './cycle-state';
import { advanceProblem, cancelProblem, contributeProblem, extendProblem, rejectProblem } from './step-rules';

const NOW = Date.UTC(2027, 0, 10);
const DAY = 86_400_000;
const input = (divisions: string[]): CycleInput => ({
  cycleId: 'report-2026-x',
  kind: 'report',
  calendarId: 'c',
  calendarRevision: 1,
  organizationId: 'o',
  jurisdictionId: 'j',
  year: 2026,
  leaderId: null,
  due: {
    contributions: NOW + DAY,
    drafting: NOW + 2 * DAY,
    legality_review: NOW + 3 * DAY,
    sign_off: NOW + 4 * DAY,
    submission: NOW + 5 * DAY,
    publication: NOW + 6 * DAY,
  },
  reminders: ['P1D'],
  escalation: { after: 'P1D', every: 'P1D' },
  divisions,
});

describe('the rules a person’s step must pass before the cycle takes it', () => {
  const collecting = startCycle(input(['d1', 'd2']), NOW);
  const drafting = startCycle(input([]), NOW);

  it('ends only the stage the person means', () => {
    expect(advanceProblem(drafting, { stage: 'drafting' })).toBeNull();
    expect(advanceProblem(drafting, { stage: 'sign_off' })?.code).toBe('STAGE_MISMATCH');
  });

  it('refuses text PostgreSQL cannot store, naming the field', () => {
    expect(advanceProblem(drafting, { stage: 'drafting', comment: '\u0000' } as never)).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'comment',
    });
  });

  it('sends back only a stage that has one to go back to, and only with a reason', () => {
    expect(rejectProblem(drafting, { stage: 'drafting', reason: 'x' })?.code).toBe('STAGE_MISMATCH');
    const review = { ...drafting, stage: 'legality_review' as const };
    expect(rejectProblem(review, { stage: 'legality_review', reason: ' ' })).toMatchObject({ field: 'reason' });
  });

  it('takes each division’s material once, only from the department’s own divisions', () => {
    expect(contributeProblem(collecting, { divisionId: 'd1' })).toBeNull();
    expect(contributeProblem(collecting, { divisionId: 'elsewhere' })).toMatchObject({ field: 'divisionId' });
    const handedIn = {
      ...collecting,
      contributions: [{ divisionId: 'd1', at: NOW, late: false, by: { id: null, label: 'x' } }],
    };
    expect(contributeProblem(handedIn, { divisionId: 'd1' })?.code).toBe('CONFLICT');
  });

  it('cancels only an open cycle, with a reason', () => {
    expect(cancelProblem(drafting, { reason: '部门撤并' })).toBeNull();
    expect(cancelProblem(drafting, { reason: '' })).toMatchObject({ field: 'reason' });
  });

  it('extends a stage not yet ended to a later instant, with a reason', () => {
    expect(extendProblem(drafting, { stage: 'drafting', dueAt: NOW + 9 * DAY, reason: '延期' }, NOW)).toBeNull();
    expect(extendProblem(drafting, { stage: 'drafting', dueAt: NOW - 1, reason: '延期' }, NOW)).toMatchObject({
      field: 'dueAt',
    });
    expect(extendProblem(drafting, { stage: 'contributions', dueAt: NOW + DAY, reason: 'x' }, NOW)?.code).toBe(
      'STAGE_MISMATCH',
    );
    expect(extendProblem(drafting, null, NOW)?.code).toBe('VALIDATION_FAILED');
  });
});
