import { getDayDetail } from 'chinese-days';
import type { HolidayData } from '@rol/domain';

/**
 * The State Council's holiday notices as published in the `chinese-days` package: holidays and 调休
 * make-up working days, named "English,中文,N". Ordinary days are left to the weekday rule, and days
 * the package does not know yet (next year's notice) to admin overrides.
 */
export const chineseDaysHolidayData: HolidayData = (date) => {
  const detail = getDayDetail(date);
  const parts = detail.name.split(',');
  if (parts.length < 2) return null;
  return { working: detail.work, name: detail.work ? `${parts[1]}调休上班` : parts[1] };
};
