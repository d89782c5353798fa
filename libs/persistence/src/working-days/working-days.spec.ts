import { effectiveDue, WorkingDays } from '@rol/domain';
import { chineseDaysHolidayData } from './holiday-data';

const days = new WorkingDays(chineseDaysHolidayData);

describe('working days of 2026 (State Council notice, from chinese-days)', () => {
  it('counts the Saturday 2026-02-28 as a make-up working day', () => {
    expect(days.day('2026-02-28')).toEqual({
      date: '2026-02-28',
      working: true,
      name: '春节调休上班',
      source: 'holiday-data',
    });
  });

  it('counts 2026-02-16 (春节) as a holiday', () => {
    expect(days.isWorkingDay('2026-02-16')).toBe(false);
    expect(days.day('2026-02-16').name).toBe('春节');
  });

  it('counts the Saturday 2026-10-10 as a working day and 国庆 as holidays', () => {
    expect(days.isWorkingDay('2026-10-10')).toBe(true);
    expect(days.isWorkingDay('2026-10-01')).toBe(false);
    expect(days.isWorkingDay('2026-10-07')).toBe(false);
  });

  it('rolls a due date on 2026-10-01 back to 09-30 or forward to 10-08', () => {
    expect(days.rollOver('2026-10-01', 'previous-workday')).toBe('2026-09-30');
    expect(days.rollOver('2026-10-01', 'next-workday')).toBe('2026-10-08');
    expect(days.rollOver('2026-10-01', 'none')).toBe('2026-10-01');
    expect(days.rollOver('2026-09-30', 'next-workday')).toBe('2026-09-30');
  });

  it('keeps the wall-clock time when a due instant rolls over', () => {
    const due = new Date('2026-10-01T18:00:00+08:00');
    expect(effectiveDue(due, 'previous-workday', days).toISOString()).toBe('2026-09-30T10:00:00.000Z');
    expect(effectiveDue(due, 'next-workday', days).toISOString()).toBe('2026-10-08T10:00:00.000Z');
    const working = new Date('2026-09-29T18:00:00+08:00');
    expect(effectiveDue(working, 'previous-workday', days)).toBe(working);
  });

  it('counts working days across holidays and weekends', () => {
    expect(days.previousWorkingDay('2026-10-08')).toBe('2026-09-30');
    expect(days.nextWorkingDay('2026-09-30')).toBe('2026-10-08');
    expect(days.addWorkingDays('2026-10-09', -2)).toBe('2026-09-30');
    expect(days.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(days.addWorkingDays('2026-09-30', 0)).toBe('2026-09-30');
  });

  it('lets an admin override win, for a 2027 date the package does not know yet', () => {
    expect(days.isWorkingDay('2027-02-08')).toBe(true); // a Monday, as far as the package knows
    const corrected = new WorkingDays(chineseDaysHolidayData, [
      { date: '2027-02-08', working: false, name: '春节' },
      { date: '2027-02-20', working: true, name: '春节调休上班' },
    ]);
    expect(corrected.day('2027-02-08')).toEqual({
      date: '2027-02-08',
      working: false,
      name: '春节',
      source: 'override',
    });
    expect(corrected.isWorkingDay('2027-02-20')).toBe(true);
    expect(corrected.rollOver('2027-02-08', 'previous-workday')).toBe('2027-02-05');
  });
});
