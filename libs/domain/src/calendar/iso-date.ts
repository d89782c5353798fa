/** A calendar date "YYYY-MM-DD" (no time, no zone). Arithmetic is done in UTC so no zone leaks in. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** China has one time zone, without daylight saving: Asia/Shanghai is always UTC+08:00. */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
export const SUPPORTED_TIMEZONES = ['Asia/Shanghai'] as const;
export type SupportedTimezone = (typeof SUPPORTED_TIMEZONES)[number];

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(instant: Date): IsoDate {
  return new Date(instant.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The same Asia/Shanghai wall-clock time on another date. */
export function moveToDate(instant: Date, date: IsoDate): Date {
  const shift = Date.parse(`${date}T00:00:00Z`) - Date.parse(`${shanghaiDate(instant)}T00:00:00Z`);
  return new Date(instant.getTime() + shift);
}
