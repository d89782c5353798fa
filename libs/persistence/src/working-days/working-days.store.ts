import { EntityManager } from 'typeorm';
import { HolidayData, LocalDay, WorkingDayOverride, WorkingDays, WorkingDaysOptions } from '@rol/domain';
import { HolidayNoticeEntity } from '../entities/holiday-notice.entity';
import { LocalDayEntity } from '../entities/local-day.entity';
import { WorkingDayOverrideEntity } from '../entities/working-day-override.entity';
import { chineseDaysHolidayData, packageYears } from './holiday-data';

/** The years whose holidays are known: the package's, and those completed by an imported notice. */
export async function coveredYears(manager: EntityManager): Promise<number[]> {
  const notices = await manager.find(HolidayNoticeEntity, { select: { year: true } });
  return [...new Set([...packageYears(), ...notices.map((n) => n.year)])].sort((a, b) => a - b);
}

/**
 * The working-day calendar as it stands now: published data, imported notices and every admin
 * override, with the years it covers; for a jurisdiction's calendar, also its own non-working days.
 */
export async function loadWorkingDays(
  manager: EntityManager,
  jurisdictionId: string | null = null,
  /** Other published data than the installed package's (the data planned with before it was updated). */
  holidays: HolidayData = chineseDaysHolidayData,
): Promise<WorkingDays> {
  // One after the other: the manager may be a transaction's, on one connection.
  const overrides = await manager.find(WorkingDayOverrideEntity);
  const local = jurisdictionId ? await manager.find(LocalDayEntity, { where: { jurisdictionId } }) : [];
  const years = await coveredYears(manager);
  return new WorkingDays(holidays, overrides, { local: local as LocalDay[], coveredYears: years });
}

/** The working-day calendar with overrides read elsewhere (e.g. in the same query as a cycle). */
export function workingDaysWith(
  overrides: Iterable<WorkingDayOverride>,
  options: WorkingDaysOptions = {},
): WorkingDays {
  return new WorkingDays(chineseDaysHolidayData, overrides, options);
}
