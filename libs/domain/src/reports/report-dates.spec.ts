import { reportDateProblem } from './report-dates';

describe('dates recorded with a report’s steps', () => {
  const context = { year: 2025, today: '2026-03-10' };

  it('accepts the year reported on, the year after and today', () => {
    for (const date of ['2025-01-01', '2025-12-31', '2026-02-28', '2026-03-10']) {
      expect(reportDateProblem(date, context)).toBeNull();
    }
  });

  it('refuses a date after today: a step records what has happened', () => {
    expect(reportDateProblem('2026-03-11', context)).toContain('不能晚于今天');
  });

  it('refuses a date before the year reported on', () => {
    expect(reportDateProblem('2024-12-31', context)).toContain('2025-01-01');
    expect(reportDateProblem('1900-01-01', context)).toContain('不能早于');
  });
});
