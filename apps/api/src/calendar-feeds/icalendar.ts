/**
 * A small iCalendar (RFC 5545) writer: just what a feed of deadlines needs. Pure; no I/O.
 * Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 sequence); text values escape
 * backslash, semicolon, comma and newlines; instants are written in UTC.
 */
import { formatDuration } from '@rol/domain';

/** A reminder shown `beforeMs` milliseconds before the event. */
export interface IcsAlarm {
  beforeMs: number;
  description: string;
}

export interface IcsEvent {
  /** Stays the same for the same deadline across fetches, so clients update it instead of adding one. */
  uid: string;
  /** Rises whenever the event changes (RFC 5545 §3.8.7.4); never goes down. */
  sequence: number;
  /** When this version of the event was made (epoch ms). */
  stampedAt: number;
  /** The due instant (epoch ms); the event has no length. */
  startsAt: number;
  summary: string;
  description: string;
  alarms: readonly IcsAlarm[];
}

export interface IcsCalendar {
  /** Shown by clients as the subscription's name (X-WR-CALNAME). */
  name: string;
  events: readonly IcsEvent[];
}

const PRODUCT_ID = '-//rol-cycle//法治政府建设年度报告与述法工作平台//ZH';
const MAX_LINE_OCTETS = 75;

/** A TEXT value (RFC 5545 §3.3.11): `\` `;` `,` and newlines escaped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * One content line folded into lines of at most 75 octets (RFC 5545 §3.1): each continuation
 * starts with a space, which counts towards its 75. A character is never split across lines.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

/** A DATE-TIME in UTC: 20261125T133000Z. */
export function formatUtc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function eventLines(event: IcsEvent): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${formatUtc(event.stampedAt)}`,
    `DTSTART:${formatUtc(event.startsAt)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    'TRANSP:TRANSPARENT',
    ...event.alarms.flatMap((alarm) => [
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `TRIGGER;RELATED=START:-${formatDuration(alarm.beforeMs)}`,
      `DESCRIPTION:${escapeText(alarm.description)}`,
      'END:VALARM',
    ]),
    'END:VEVENT',
  ];
}

/** The whole VCALENDAR object, CRLF-terminated. */
export function renderCalendar(calendar: IcsCalendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODUCT_ID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
    'X-WR-TIMEZONE:Asia/Shanghai',
    ...calendar.events.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
