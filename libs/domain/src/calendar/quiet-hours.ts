import { FieldProblem } from '../errors';
import { addDays, IsoDate, SHANGHAI_OFFSET_MS, shanghaiDate, weekday } from './iso-date';
import { WorkingDays } from './working-days';

/**
 * Quiet hours: reminders and escalations go out only on working days (with 调休) within office
 * hours, Asia/Shanghai; one falling outside waits for the next working period. Due dates do not move.
 */
export interface QuietHours {
  enabled: boolean;
  /** Office hours, "HH:MM" wall-clock in Asia/Shanghai; a notice at `to` or later waits for the next day. */
  from: string;
  to: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { enabled: true, from: '09:00', to: '17:30' };

/**
 * What a cycle needs to place its notices, as plain data a workflow can keep: the office hours and
 * the days in [firstDate, lastDate] that differ from Monday–Friday (holidays, 调休 make-up days,
 * local days). Outside that range the weekday rule holds.
 */
export interface SendWindow {
  from: string;
  to: string;
  firstDate: IsoDate;
  lastDate: IsoDate;
  /** date → working, only where the day differs from the weekday rule. */
  exceptions: Record<IsoDate, boolean>;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Everything wrong with a `quietHours` block (fields named under `prefix`); empty when valid. */
export function quietHoursProblems(input: unknown, prefix = 'quietHours'): FieldProblem[] {
  if (input === undefined) return [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [{ field: prefix, problems: ['应为对象 {enabled, from, to}'] }];
  }
  const value = input as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(value)) {
    if (!['enabled', 'from', 'to'].includes(key))
      problems.push({ field: `${prefix}.${key}`, problems: ['不支持该字段'] });
  }
  if (value.enabled !== undefined && typeof value.enabled !== 'boolean') {
    problems.push({ field: `${prefix}.enabled`, problems: ['应为 true 或 false'] });
  }
  for (const key of ['from', 'to'] as const) {
    const v = value[key];
    if (v !== undefined && (typeof v !== 'string' || !HH_MM.test(v))) {
      problems.push({ field: `${prefix}.${key}`, problems: ['应为 HH:MM 格式的时刻，如 09:00'] });
    }
  }
  if (problems.length === 0) {
    const settled = withQuietHoursDefaults(value as Partial<QuietHours>);
    if (minutes(settled.from) >= minutes(settled.to)) {
      problems.push({ field: `${prefix}.to`, problems: [`下班时间应晚于上班时间（${settled.from}）`] });
    }
  }
  return problems;
}

export function withQuietHoursDefaults(input: Partial<QuietHours> | null | undefined): QuietHours {
  return { ...DEFAULT_QUIET_HOURS, ...(input ?? {}) };
}

/** The send window of a calendar's cycles over [firstDate, lastDate], or null when quiet hours are off. */
export function sendWindow(
  quiet: QuietHours,
  workingDays: WorkingDays,
  firstDate: IsoDate,
  lastDate: IsoDate,
): SendWindow | null {
  if (!quiet.enabled) return null;
  const exceptions: Record<IsoDate, boolean> = {};
  for (let date = firstDate; date <= lastDate; date = addDays(date, 1)) {
    const working = workingDays.isWorkingDay(date);
    if (working !== isWeekday(date)) exceptions[date] = working;
  }
  return { from: quiet.from, to: quiet.to, firstDate, lastDate, exceptions };
}

/**
 * The send window of a calendar's cycles: its quiet hours over the working days from the start of
 * its year to the end of the next (when its cycles run); later days follow Monday–Friday.
 */
export function calendarSendWindow(
  calendar: { year: number; quietHours?: Partial<QuietHours> | null },
  workingDays: WorkingDays,
): SendWindow | null {
  const quiet = withQuietHoursDefaults(calendar.quietHours);
  return sendWindow(quiet, workingDays, `${calendar.year}-01-01`, `${calendar.year + 1}-12-31`);
}

const isWeekday = (date: IsoDate) => weekday(date) !== 0 && weekday(date) !== 6;

function isWorking(window: SendWindow, date: IsoDate): boolean {
  return window.exceptions[date] ?? isWeekday(date);
}

/** The Asia/Shanghai wall-clock instant `hhmm` on `date`. */
function at(date: IsoDate, hhmm: string): number {
  return Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS + minutes(hhmm) * 60_000;
}

/**
 * When a notice planned for `planned` goes out: then, if that is within office hours on a working
 * day; else at the start of the next working period. Without a window (quiet hours off), at once.
 * Pure and deterministic: the workflows' timers and the calendar preview both use it.
 */
export function sendAt(planned: number, window: SendWindow | null | undefined): number {
  if (!window) return planned;
  let date = shanghaiDate(new Date(planned));
  if (isWorking(window, date)) {
    if (planned < at(date, window.from)) return at(date, window.from);
    if (planned < at(date, window.to)) return planned;
  }
  // The next working day; no real calendar has more than a few weeks without one.
  for (let i = 0; i < 366; i++) {
    date = addDays(date, 1);
    if (isWorking(window, date)) return at(date, window.from);
  }
  return planned;
}
