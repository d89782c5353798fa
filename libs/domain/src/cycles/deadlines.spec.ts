import { afterAction } from '../calendar/timer-step';
import { CycleInput, startCycle } from './cycle-state';
import {
  anyOverdue,
  contributionDueAt,
  deadlineStep,
  extendItem,
  followStageDue,
  nextDeadlineActions,
  openDeadlines,
  updateDeadline,
  withDeadlineItems,
} from './deadlines';
import { extendProblem } from './step-rules';

const H = 3_600_000;
const D = 24 * H;
const DUE = 100 * D;
const base: CycleInput = {
  cycleId: 'report-2026-x',
  kind: 'report',
  calendarId: 'c',
  calendarRevision: 1,
  organizationId: 'd',
  jurisdictionId: 'j',
  year: 2026,
  leaderId: null,
  due: { contributions: DUE, drafting: 200 * D, legality_review: 300 * D, sign_off: 400 * D },
  reminders: ['P1D'],
  escalation: { after: 'P1D', every: 'P3D' },
  divisions: ['a', 'b'],
};
const collecting = () => withDeadlineItems(startCycle(base, 0));
const look = (s: ReturnType<typeof collecting>, now: number) =>
  nextDeadlineActions(deadlineStep(openDeadlines(s), s.reminders, s.escalation, now));

describe('deadline items', () => {
  it('keeps one deadline per division still to hand in, each following the stage until extended on its own', () => {
    const s = collecting();
    expect(openDeadlines(s).map((d) => [d.item, d.dueAt, d.pendingDivisions])).toEqual([
      [{ kind: 'contribution', divisionId: 'a' }, DUE, ['a']],
      [{ kind: 'contribution', divisionId: 'b' }, DUE, ['b']],
    ]);
    s.contributions.push({ divisionId: 'a', at: 1, late: false, by: { id: 'u', label: 'u' } });
    expect(openDeadlines(s).map((d) => d.item)).toEqual([{ kind: 'contribution', divisionId: 'b' }]);
  });

  it('keeps the open stage as the one deadline of a cycle started before deadline items', () => {
    const s = startCycle(base, 0);
    expect(openDeadlines(s)).toEqual([
      expect.objectContaining({ item: { kind: 'stage', stage: 'contributions' }, pendingDivisions: ['a', 'b'] }),
    ]);
  });

  it('sends each division its own reminder, and records divisions late together as one overdue event', () => {
    const s = collecting();
    const first = look(s, DUE - D + 1);
    expect(first).toMatchObject({ action: { kind: 'reminder', offset: 'P1D' } });
    expect(first?.deadlines.map((d) => d.item)).toEqual([{ kind: 'contribution', divisionId: 'a' }]);
    updateDeadline(s, first!.deadlines[0].item, { timer: afterAction(first!.deadlines[0].timer, first!.action) });
    expect(look(s, DUE - D + 1)?.deadlines.map((d) => d.item)).toEqual([{ kind: 'contribution', divisionId: 'b' }]);

    // Both missed their reminder (the worker was down): the reminders go first, then one overdue event.
    const late = collecting();
    expect(look(late, DUE + 1)).toMatchObject({ action: { kind: 'reminder' } });
    for (const d of openDeadlines(late))
      updateDeadline(late, d.item, { timer: afterAction(d.timer, look(late, DUE + 1)!.action) });
    const overdue = look(late, DUE + 1);
    expect(overdue?.action.kind).toBe('overdue');
    expect(overdue?.deadlines.map((d) => d.pendingDivisions)).toEqual([['a'], ['b']]);
  });

  it('moves one division on its own: it is no longer overdue, its escalation ladder starts again, the other stays late', () => {
    const s = collecting();
    for (const d of openDeadlines(s)) {
      updateDeadline(s, d.item, {
        timer: { ...d.timer, remindersDone: ['P1D'], overdueRecorded: true, overduePeriod: 1, escalationRound: 2 },
        overdueSince: DUE + 1,
      });
    }
    expect(anyOverdue(s)).toBe(true);
    extendItem(s, { kind: 'contribution', divisionId: 'a' }, DUE + 10 * D, DUE + 2 * D);
    expect(contributionDueAt(s, 'a')).toBe(DUE + 10 * D);
    expect(contributionDueAt(s, 'b')).toBe(DUE);
    const [a, b] = openDeadlines(s);
    expect(a).toMatchObject({
      dueAt: DUE + 10 * D,
      overdueSince: null,
      timer: { overdueRecorded: false, escalationRound: 0 },
    });
    expect(b).toMatchObject({ dueAt: DUE, overdueSince: DUE + 1, timer: { escalationRound: 2 } });
    expect(s.stages[0].overdueSince).toBe(DUE + 1);
    // The stage's date moving leaves the division with its own date alone.
    s.stages[0].dueAt = DUE + 20 * D;
    expect(followStageDue(s, DUE + 2 * D)).toBe(false);
    expect(openDeadlines(s).map((d) => d.dueAt)).toEqual([DUE + 10 * D, DUE + 20 * D]);
    expect(s.stages[0].overdueSince).toBeNull();
  });

  it('hands a cycle carried on mid-collection the stage progress for every division', () => {
    const s = startCycle(base, 0);
    s.timer = { ...s.timer, remindersDone: ['P1D'] };
    withDeadlineItems(s);
    expect(openDeadlines(s).map((d) => d.timer.remindersDone)).toEqual([['P1D'], ['P1D']]);
    expect(look(s, DUE - 1)).toBeNull();
  });

  it('refuses extending one division where it cannot apply', () => {
    const now = 1;
    const request = { stage: 'contributions' as const, dueAt: DUE * 2, reason: '处室人员调整' };
    expect(extendProblem(collecting(), { ...request, divisionId: 'a' }, now)).toBeNull();
    expect(extendProblem(collecting(), { ...request, divisionId: 'zz' }, now)).toMatchObject({ field: 'divisionId' });
    expect(extendProblem(startCycle(base, 0), { ...request, divisionId: 'a' }, now)).toMatchObject({
      code: 'STAGE_MISMATCH',
    });
    const done = collecting();
    done.contributions.push({ divisionId: 'a', at: 1, late: false, by: { id: 'u', label: 'u' } });
    expect(extendProblem(done, { ...request, divisionId: 'a' }, now)).toMatchObject({ code: 'CONFLICT' });
  });
});
