import { EntityManager } from 'typeorm';
import { WorkingDayOverride, WorkingDays } from '@rol/domain';
import { WorkingDayOverrideEntity } from '../entities/working-day-override.entity';
import { chineseDaysHolidayData } from './holiday-data';

/** The working-day calendar as it stands now: published data plus every admin override. */
export async function loadWorkingDays(manager: EntityManager): Promise<WorkingDays> {
  return workingDaysWith(await manager.find(WorkingDayOverrideEntity));
}

/** The working-day calendar with overrides read elsewhere (e.g. in the same query as a cycle). */
export function workingDaysWith(overrides: Iterable<WorkingDayOverride>): WorkingDays {
  return new WorkingDays(chineseDaysHolidayData, overrides);
}
