import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  appendAudit,
  HolidayPackageDataEntity,
  loadWorkingDays,
  packageHolidayDays,
  SYSTEM_ACTOR,
} from '@rol/persistence';
import { CalendarService } from '../calendars/calendar.service';

/** One process at a time compares the installed package with what was planned with. */
const PACKAGE_CHECK_LOCK = 7_311_202_613;

type ListedDays = Record<string, { working: boolean; name: string }>;

/** The dates whose working status differs between two sets of listed days (a day not listed: the weekday rule). */
function differingDays(before: ListedDays, after: ListedDays): string[] {
  const dates = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...dates].filter((date) => before[date]?.working !== after[date]?.working).sort();
}

/**
 * A newer `chinese-days` package (next year's notice, a correction) is a change of working days like
 * any other: at start-up the installed data is compared with the data last planned with, and the
 * launched calendars whose due dates move are re-timed (reason 节假日安排变更), then the new data is
 * recorded. The first start only records it.
 */
@Injectable()
export class HolidayPackageService implements OnApplicationBootstrap {
  private readonly logger = new Logger(HolidayPackageService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly calendars: CalendarService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Temporal or the database down at start: the check is made again at the next start.
    await this.followPackage().catch((error: unknown) =>
      this.logger.warn(`published holiday data not compared with the last planned with: ${String(error)}`),
    );
  }

  /** Compares and re-times; answers the changed days (empty when nothing changed). */
  async followPackage(current: ListedDays = packageHolidayDays()): Promise<string[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PACKAGE_CHECK_LOCK]);
      const stored = await manager.findOneBy(HolidayPackageDataEntity, { id: 1 });
      if (!stored) {
        await manager.insert(HolidayPackageDataEntity, { id: 1, days: current });
        return [];
      }
      const days = differingDays(stored.days, current);
      if (days.length === 0) {
        if (JSON.stringify(stored.days) !== JSON.stringify(current))
          await manager.update(HolidayPackageDataEntity, 1, { days: current });
        return [];
      }
      const previous = stored.days;
      await this.calendars.followWorkingDays(
        manager,
        SYSTEM_ACTOR,
        async () => {
          await manager.update(HolidayPackageDataEntity, 1, { days: current });
          await appendAudit(manager, {
            actor: SYSTEM_ACTOR,
            action: 'working_days.package_updated',
            subjectType: 'working_day',
            subjectId: 'package',
            reason: '节假日安排变更',
            before: Object.fromEntries(days.map((date) => [date, previous[date] ?? null])),
            after: Object.fromEntries(days.map((date) => [date, current[date] ?? null])),
          });
          return { result: undefined, days };
        },
        { before: (jurisdictionId) => loadWorkingDays(manager, jurisdictionId, (date) => previous[date] ?? null) },
      );
      this.logger.log(`published holiday data changed on ${days.length} days: launched calendars re-timed`);
      return days;
    });
  }
}
