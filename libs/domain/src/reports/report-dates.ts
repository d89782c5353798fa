import { IsoDate } from '../calendar/iso-date';

/**
 * Why a date a person records with a report's step (the sign-off meeting, 成文日期, 发布日期) cannot
 * be right, or null. It must fall in the report's own time: not before the first day of the year
 * reported on (a report on 2025 is neither discussed, signed nor published before 2025-01-01), and
 * not after today (steps record what has happened). The caller has checked it is a real date.
 */
export function reportDateProblem(date: IsoDate, context: { year: number; today: IsoDate }): string | null {
  if (date > context.today) return `不能晚于今天（${context.today}）`;
  if (date < `${context.year}-01-01`) return `不能早于所报告年度的第一天（${context.year}-01-01）`;
  return null;
}
