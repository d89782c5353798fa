import { assertValidCalendar, calendarProblems, parseDue } from './calendar-rules';
import { WorkingDays } from './working-days';
import { parseDuration } from './duration';
import { timerPlan } from './timer-plan';

const validDue = {
  contributions: '2027-01-15T18:00:00+08:00',
  drafting: '2027-02-05T18:00:00+08:00',
  legality_review: '2027-02-15T18:00:00+08:00',
  sign_off: '2027-02-24T18:00:00+08:00',
  submission: '2027-02-28',
  publication: '2027-03-31',
  shufa_writing: '2026-12-31',
  shufa_materials_review: '2027-01-20',
  shufa_evaluation: '2027-03-15',
  shufa_rectification: '2027-06-30',
};
const valid = {
  year: 2026,
  due: validDue,
  reminders: ['P7D', 'P3D', 'P1D', 'PT0S'],
  escalation: { after: 'P1D', every: 'P3D' },
};

function fields(input: object): string[] {
  return calendarProblems(input).map((p) => p.field);
}

describe('calendar rules', () => {
  it('accepts a real calendar', () => {
    expect(calendarProblems(valid)).toEqual([]);
  });

  it('reads a plain date as the end of that day in Asia/Shanghai', () => {
    expect(parseDue('2027-02-28')?.toISOString()).toBe('2027-02-28T15:59:59.000Z');
    expect(parseDue('2027-02-30')).toBeNull();
    expect(parseDue('2027-02-28T18:00:00')).toBeNull(); // no offset: ambiguous
  });

  it('names the stage whose due date is out of order', () => {
    expect(fields({ ...valid, due: { ...validDue, sign_off: '2027-02-10T18:00:00+08:00' } })).toEqual(['due.sign_off']);
  });

  it('names an unknown stage, a missing one, a negative offset and a malformed duration', () => {
    expect(fields({ ...valid, due: { ...validDue, review: '2027-02-01' } })).toEqual(['due.review']);
    const { drafting: _omitted, ...withoutDrafting } = validDue;
    expect(fields({ ...valid, due: withoutDrafting })).toEqual(['due.drafting']);
    expect(fields({ ...valid, reminders: ['P7D', '-P1D'] })).toEqual(['reminders[1]']);
    expect(fields({ ...valid, reminders: ['7 days'] })).toEqual(['reminders[0]']);
    expect(fields({ ...valid, escalation: { after: 'P1M', every: 'PT0S' } })).toEqual([
      'escalation.after',
      'escalation.every',
    ]);
  });

  it('wants a sensible year and due dates in or just after it', () => {
    expect(fields({ ...valid, year: 1999 })).toContain('year');
    expect(fields({ ...valid, year: 2020 })).toEqual(expect.arrayContaining(['due.contributions']));
  });

  it('refuses durations longer than a year', () => {
    expect(fields({ ...valid, escalation: { after: 'P99999999D', every: 'P1D' } })).toEqual(['escalation.after']);
  });

  it('refuses a calendar whose stages fall out of order once rolled over to working days', () => {
    const weekend = { ...validDue, sign_off: '2027-02-27T18:00:00+08:00', submission: '2027-02-28T10:00:00+08:00' };
    expect(calendarProblems({ ...valid, due: weekend })).toEqual([]);
    const days = new WorkingDays(() => null);
    expect(() => assertValidCalendar({ ...valid, rollover: 'previous-workday', due: weekend }, days)).toThrow(
      expect.objectContaining({ details: { fields: [expect.objectContaining({ field: 'due.submission' })] } }),
    );
    expect(() => assertValidCalendar({ ...valid, rollover: 'none', due: weekend }, days)).not.toThrow();
  });

  it('parses ISO-8601 durations of weeks, days and time', () => {
    expect(parseDuration('P1W')).toBe(7 * 86_400_000);
    expect(parseDuration('P1DT12H')).toBe(36 * 3_600_000);
    expect(parseDuration('PT2S')).toBe(2000);
    expect(parseDuration('PT0S')).toBe(0);
    expect(parseDuration('P')).toBeNull();
    expect(parseDuration('P1Y')).toBeNull();
  });

  it('plans reminders before the due instant and escalation rounds after it', () => {
    const due = Date.parse('2027-02-28T15:59:59Z');
    const plan = timerPlan(due, ['P1D', 'P7D', 'PT0S'], { after: 'P1D', every: 'P3D' });
    expect(plan.reminders.map((r) => r.offset)).toEqual(['P7D', 'P1D', 'PT0S']);
    expect(new Date(plan.reminders[0].at).toISOString()).toBe('2027-02-21T15:59:59.000Z');
    expect(new Date(plan.escalationAt(1)).toISOString()).toBe('2027-03-01T15:59:59.000Z');
    expect(new Date(plan.escalationAt(3)).toISOString()).toBe('2027-03-07T15:59:59.000Z');
  });
});
