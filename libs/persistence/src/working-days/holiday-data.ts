import { readFileSync } from 'node:fs';
import { getDayDetail } from 'chinese-days';
import type { HolidayData } from '@rol/domain';

/**
 * The State Council's holiday notices as published in the `chinese-days` package: holidays and 调休
 * make-up working days, named "English,中文,N". Ordinary days are left to the weekday rule, and days
 * the package does not know yet (next year's notice) to imported notices and admin overrides.
 */
export const chineseDaysHolidayData: HolidayData = (date) => {
  const detail = getDayDetail(date);
  const parts = detail.name.split(',');
  if (parts.length < 2) return null;
  return { working: detail.work, name: detail.work ? `${parts[1]}调休上班` : parts[1] };
};

let listed: Record<string, { working: boolean; name: string }> | null = null;

/** Every day the package lists (holidays and make-up working days), as the package in node_modules has it. */
export function packageHolidayDays(): Record<string, { working: boolean; name: string }> {
  if (listed) return listed;
  const data = JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as {
    holidays: Record<string, string>;
    workdays: Record<string, string>;
  };
  const days: Record<string, { working: boolean; name: string }> = {};
  for (const date of [...Object.keys(data.holidays), ...Object.keys(data.workdays)].sort()) {
    const day = chineseDaysHolidayData(date);
    if (day) days[date] = day;
  }
  listed = days;
  return days;
}

/** The years whose holidays the package lists (each published notice's year). */
export function packageYears(days: Record<string, unknown> = packageHolidayDays()): number[] {
  return [...new Set(Object.keys(days).map((date) => Number(date.slice(0, 4))))].sort((a, b) => a - b);
}
