import { EntityManager } from 'typeorm';
import { WorkingDays } from '@rol/domain';
import { WorkingDayOverrideEntity } from '../entities/working-day-override.entity';
import { chineseDaysHolidayData } from './holiday-data';

/** The working-day calendar as it stands now: published data plus every admin override. */
export async function loadWorkingDays(manager: EntityManager): Promise<WorkingDays> {
  const overrides = await manager.find(WorkingDayOverrideEntity);
  return new WorkingDays(chineseDaysHolidayData, overrides);
}
