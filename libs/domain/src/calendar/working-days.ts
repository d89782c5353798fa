import { addDays, IsoDate, weekday } from './iso-date';

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  /** The holiday or make-up day's name, when it is one. */
  name: string | null;
  /**
   * Where the answer comes from: the jurisdiction's own non-working day, an admin's override, an
   * imported State Council notice, the published holiday data, or the weekday rule.
   */
  source: DaySource;
}

export type DaySource = 'local' | 'override' | 'notice' | 'holiday-data' | 'weekday';

export interface WorkingDayOverride {
  date: IsoDate;
  working: boolean;
  name: string | null;
  /** An admin's correction (the default), or a day of an imported State Council notice. */
  source?: 'override' | 'notice';
}

/** A jurisdiction's own non-working day (a regional holiday): only its calendars know it. */
export interface LocalDay {
  date: IsoDate;
  name: string;
}

/** Published holiday data: the answer for a listed day, or null for an ordinary day. */
export type HolidayData = (date: IsoDate) => { working: boolean; name: string } | null;

export const ROLLOVER_POLICIES = ['previous-workday', 'next-workday', 'none'] as const;
export type RolloverPolicy = (typeof ROLLOVER_POLICIES)[number];

// Far more than any real run of holidays (the longest is about 9 days); stops a bad override set looping.
const MAX_SCAN_DAYS = 366;

export interface WorkingDaysOptions {
  /** The jurisdiction's own non-working days (its calendars only). */
  local?: Iterable<LocalDay>;
  /**
   * Years whose holidays are known: the published data's years and those completed by an imported
   * notice. Unknown: every year counts as known (callers that do not ask about coverage).
   */
  coveredYears?: Iterable<number>;
}

/**
 * Working days of mainland China: a jurisdiction's own non-working days first, then admin overrides
 * and imported notices, then the State Council's published holidays and 调休 make-up working days,
 * then Monday to Friday. One implementation for the API, the worker and the preview.
 */
export class WorkingDays {
  private readonly overrides: Map<IsoDate, WorkingDayOverride>;
  private readonly local: Map<IsoDate, LocalDay>;
  private readonly covered: Set<number> | null;

  constructor(
    private readonly holidays: HolidayData,
    overrides: Iterable<WorkingDayOverride> = [],
    options: WorkingDaysOptions = {},
  ) {
    this.overrides = new Map([...overrides].map((o) => [o.date, o]));
    this.local = new Map([...(options.local ?? [])].map((d) => [d.date, d]));
    this.covered = options.coveredYears ? new Set(options.coveredYears) : null;
  }

  day(date: IsoDate): DayInfo {
    const local = this.local.get(date);
    if (local) return { date, working: false, name: local.name, source: 'local' };
    const override = this.overrides.get(date);
    if (override) {
      return { date, working: override.working, name: override.name, source: override.source ?? 'override' };
    }
    const listed = this.holidays(date);
    if (listed) return { date, working: listed.working, name: listed.name, source: 'holiday-data' };
    const dow = weekday(date);
    return { date, working: dow !== 0 && dow !== 6, name: null, source: 'weekday' };
  }

  /** Whether the year's holidays are known (published data, or an imported notice). */
  covers(year: number): boolean {
    return this.covered === null || this.covered.has(year);
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
