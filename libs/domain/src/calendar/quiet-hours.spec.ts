import { getDayDetail } from 'chinese-days';
import { weekday } from './iso-date';
import { quietHoursProblems, sendAt, sendWindow, withQuietHoursDefaults } from './quiet-hours';
import { timerPlan } from './timer-plan';
import { WorkingDays } from './working-days';

/** The State Council's days as the published package has them (2026: 春节 with 调休 on Saturday 2-28). */
const national = new WorkingDays((date) => {
  const detail = getDayDetail(date);
  const weekdayRule = weekday(date) !== 0 && weekday(date) !== 6;
  return detail.work === weekdayRule ? null : { working: detail.work, name: detail.name };
});
const window = sendWindow(withQuietHoursDefaults({}), national, '2026-01-01', '2027-12-31')!;
const shanghai = (local: string) => Date.parse(`${local}+08:00`);

describe('quiet hours: notices only on working days within office hours', () => {
  it('keeps a notice planned within office hours on a working day', () => {
    expect(sendAt(shanghai('2026-03-04T10:15:00'), window)).toBe(shanghai('2026-03-04T10:15:00'));
    expect(sendAt(shanghai('2026-03-04T09:00:00'), window)).toBe(shanghai('2026-03-04T09:00:00'));
  });

  it('moves one planned before 09:00 to 09:00 that day, and one at or after 17:30 to 09:00 the next working day', () => {
    expect(sendAt(shanghai('2026-03-04T07:00:00'), window)).toBe(shanghai('2026-03-04T09:00:00'));
    expect(sendAt(shanghai('2026-03-04T17:30:00'), window)).toBe(shanghai('2026-03-05T09:00:00'));
    // Friday evening: Monday morning.
    expect(sendAt(shanghai('2026-03-06T18:00:00'), window)).toBe(shanghai('2026-03-09T09:00:00'));
  });

  it('sends one planned for a Sunday on Monday at 09:00', () => {
    expect(sendAt(shanghai('2026-03-08T10:00:00'), window)).toBe(shanghai('2026-03-09T09:00:00'));
  });

  it('sends one planned for a 调休 Saturday that Saturday, and skips the whole 春节 holiday', () => {
    expect(weekday('2026-02-28')).toBe(6);
    expect(sendAt(shanghai('2026-02-28T11:00:00'), window)).toBe(shanghai('2026-02-28T11:00:00'));
    expect(sendAt(shanghai('2026-02-28T06:00:00'), window)).toBe(shanghai('2026-02-28T09:00:00'));
    // 春节 2026: 2-15 to 2-23 off; 2-24 (Tuesday) is the first working day.
    expect(sendAt(shanghai('2026-02-16T10:00:00'), window)).toBe(shanghai('2026-02-24T09:00:00'));
  });

  it('beyond the window’s dates falls back to Monday–Friday; off means at once', () => {
    expect(sendAt(shanghai('2028-01-01T10:00:00'), window)).toBe(shanghai('2028-01-03T09:00:00'));
    expect(sendAt(shanghai('2026-03-08T10:00:00'), null)).toBe(shanghai('2026-03-08T10:00:00'));
    expect(sendWindow({ enabled: false, from: '09:00', to: '17:30' }, national, '2026-01-01', '2026-12-31')).toBeNull();
  });

  it('shifts reminders and escalations in the timer plan, never the due instant; rounds landing together merge', () => {
    // Due Friday 2026-03-06 18:00: the PT0S reminder would be at 18:00, after hours.
    const due = shanghai('2026-03-06T18:00:00');
    const plan = timerPlan(due, ['P1D', 'PT0S'], { after: 'PT2H', every: 'PT12H' }, window);
    expect(plan.dueAt).toBe(due);
    expect(plan.reminders).toEqual([
      { offset: 'P1D', at: shanghai('2026-03-05T18:00:00') + 15 * 3600_000 }, // Thu 18:00 → Fri 09:00
      { offset: 'PT0S', at: shanghai('2026-03-09T09:00:00') },
    ]);
    // Rounds 1 (Fri 20:00), 2 (Sat 08:00), 3 (Sat 20:00), 4 (Sun 08:00), 5 (Sun 20:00), 6 (Mon 08:00) all wait for Monday 09:00.
    expect([1, 2, 3, 4, 5, 6].map((r) => plan.escalationAt(r))).toEqual(Array(6).fill(shanghai('2026-03-09T09:00:00')));
    expect(plan.escalationAt(7)).toBe(shanghai('2026-03-09T20:00:00') + 13 * 3600_000); // Mon 20:00 → Tue 09:00
  });

  it('names each wrong setting', () => {
    expect(quietHoursProblems({ enabled: 'yes', from: '9:00', to: '25:00' })).toEqual([
      { field: 'quietHours.enabled', problems: [expect.any(String)] },
      { field: 'quietHours.from', problems: [expect.any(String)] },
      { field: 'quietHours.to', problems: [expect.any(String)] },
    ]);
    expect(quietHoursProblems({ from: '18:00' })).toEqual([{ field: 'quietHours.to', problems: [expect.any(String)] }]);
    expect(quietHoursProblems({ sometimes: true })[0].field).toBe('quietHours.sometimes');
    expect(quietHoursProblems({ enabled: false })).toEqual([]);
  });
});
