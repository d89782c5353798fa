import { addDays, IsoDate, weekday } from './iso-date';

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** The holiday or make-up day's name, when it is one. */
  name: string | null;
  /** Where the answer comes from: an admin's override, the published holiday data, or the weekday rule. */
  source: 'override' | 'holiday-data' | 'weekday';
}

export interface WorkingDayOverride {
  date: IsoDate;
  working: boolean;
  name: string | null;
}

/** Published holiday data: the answer for a listed day, or null for an ordinary day. */
export type HolidayData = (date: IsoDate) => { working: boolean; name: string } | null;

export const ROLLOVER_POLICIES = ['previous-workday', 'next-workday', 'none'] as const;
export type RolloverPolicy = (typeof ROLLOVER_POLICIES)[number];

// Far more than any real run of holidays (the longest is about 9 days); stops a bad override set looping.
const MAX_SCAN_DAYS = 366;

/**
 * Working days of mainland China: admin overrides first, then the State Council's published
 * holidays and 调休 make-up working days, then Monday to Friday. One implementation for the API,
 * the worker and the preview.
 */
export class WorkingDays {
  private readonly overrides: Map<IsoDate, WorkingDayOverride>;

  constructor(
    private readonly holidays: HolidayData,
    overrides: Iterable<WorkingDayOverride> = [],
  ) {
    this.overrides = new Map([...overrides].map((o) => [o.date, o]));
  }

  day(date: IsoDate): DayInfo {
    const override = this.overrides.get(date);
    if (override) return { date, working: override.working, name: override.name, source: 'override' };
    const listed = this.holidays(date);
    if (listed) return { date, working: listed.working, name: listed.name, source: 'holiday-data' };
    const dow = weekday(date);
    return { date, working: dow !== 0 && dow !== 6, name: null, source: 'weekday' };
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.day(date).working;
  }

  /** The nearest working day strictly after `date` (or on it, when `inclusive`). */
  nextWorkingDay(date: IsoDate, inclusive = false): IsoDate {
    return this.scan(date, 1, inclusive);
  }

  /** The nearest working day strictly before `date` (or on it, when `inclusive`). */
  previousWorkingDay(date: IsoDate, inclusive = false): IsoDate {
    return this.scan(date, -1, inclusive);
  }

  /** `n` working days after `date` (negative: before). 0 gives `date` itself. */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    let current = date;
    for (let i = 0; i < Math.abs(n); i++) current = this.scan(current, Math.sign(n), false);
    return current;
  }

  /** Where a due date on this day goes under the roll-over policy. */
  rollOver(date: IsoDate, policy: RolloverPolicy): IsoDate {
    switch (policy) {
      case 'previous-workday':
        return this.previousWorkingDay(date, true);
      case 'next-workday':
        return this.nextWorkingDay(date, true);
      case 'none':
        return date;
    }
  }

  private scan(date: IsoDate, step: number, inclusive: boolean): IsoDate {
    let current = inclusive ? date : addDays(date, step);
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      if (this.isWorkingDay(current)) return current;
      current = addDays(current, step);
    }
    throw new Error(`no working day within ${MAX_SCAN_DAYS} days of ${date}`);
  }
}
