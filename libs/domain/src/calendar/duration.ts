/**
 * ISO-8601 durations as used by calendars: weeks, days, hours, minutes and seconds (P7D, P1W,
 * PT2S, P1DT12H). Years and months are refused: their length depends on the date.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

export function parseDuration(value: string): number | null {
  const m = DURATION.exec(value);
  if (!m || value === 'P' || value.endsWith('T')) return null;
  const [, w, d, h, min, s] = m;
  return (
    (Number(w ?? 0) * 7 + Number(d ?? 0)) * 86_400_000 +
    Number(h ?? 0) * 3_600_000 +
    Number(min ?? 0) * 60_000 +
    Math.round(Number(s ?? 0) * 1000)
  );
}

/** No reminder, escalation or extension in a yearly cycle is longer than a year. */
export const MAX_DURATION_MS = 366 * 86_400_000;

export function durationProblem(value: unknown): string | null {
  if (typeof value !== 'string') return '应为 ISO-8601 时长字符串，如 P7D、PT2S';
  if (value.startsWith('-')) return '时长不能为负';
  if (/^P(\d+Y|\d+M)/.test(value)) return '不支持以年或月为单位的时长，请用周(W)、天(D)、时分秒';
  const ms = parseDuration(value);
  if (ms === null) return `不是合法的 ISO-8601 时长：${value}`;
  return ms > MAX_DURATION_MS ? '时长不能超过 366 天' : null;
}

/** A span as an ISO-8601 duration, whole seconds: 93784000 → "P1DT2H3M4S", 0 → "PT0S". */
export function formatDuration(ms: number): string {
  let seconds = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (!days && !time) return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
