// The real parser: what calendar clients are checked against, not our own reading of the text.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js');
import { escapeText, foldLine, formatUtc, IcsEvent, renderCalendar } from './icalendar';

const due = Date.parse('2026-03-31T09:00:00Z');
const event = (over: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: 'report-2026-sw:drafting@rol-cycle',
  sequence: 2,
  stampedAt: Date.parse('2026-01-05T02:03:04Z'),
  startsAt: due,
  summary: '【起草】嘉定区商务委员会 2026 年度法治政府建设报告',
  description: '阶段：起草\n单位：嘉定区商务委员会; 备注, 含\\反斜杠',
  alarms: [
    { beforeMs: 86_400_000, description: '截止前 1 天' },
    { beforeMs: 5_000, description: '截止前 5 秒' },
  ],
  ...over,
});

function parse(text: string) {
  return new ICAL.Component(ICAL.parse(text));
}

describe('iCalendar writer', () => {
  it('writes a calendar the real parser reads back field for field', () => {
    const text = renderCalendar({ name: '我的截止日期', events: [event()] });
    const calendar = parse(text);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('我的截止日期');
    const [vevent] = calendar.getAllSubcomponents('vevent');
    const parsed = new ICAL.Event(vevent);
    expect(parsed.uid).toBe('report-2026-sw:drafting@rol-cycle');
    expect(parsed.sequence).toBe(2);
    expect(parsed.summary).toBe('【起草】嘉定区商务委员会 2026 年度法治政府建设报告');
    expect(parsed.description).toBe('阶段：起草\n单位：嘉定区商务委员会; 备注, 含\\反斜杠');
    expect(parsed.startDate.toJSDate().getTime()).toBe(due);
    expect(parsed.startDate.zone.tzid).toBe('UTC');
    expect(vevent.getFirstPropertyValue('dtstamp').toJSDate().toISOString()).toBe('2026-01-05T02:03:04.000Z');
    const alarms = vevent.getAllSubcomponents('valarm');
    expect(
      alarms.map((a: { getFirstPropertyValue(n: string): { toSeconds(): number } }) =>
        a.getFirstPropertyValue('trigger').toSeconds(),
      ),
    ).toEqual([-86_400, -5]);
    expect(alarms[0].getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(alarms[1].getFirstPropertyValue('description')).toBe('截止前 5 秒');
  });

  it('ends every line in CRLF and folds at 75 octets without splitting a character', () => {
    const long = '述法'.repeat(60) + ',;\\' + 'x'.repeat(100);
    const text = renderCalendar({ name: 'n', events: [event({ summary: long, description: long })] });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // Folded lines rejoin into the original: no replacement characters from split UTF-8 sequences.
    expect(text).not.toContain('\ufffd');
    const parsed = new ICAL.Event(parse(text).getFirstSubcomponent('vevent'));
    expect(parsed.summary).toBe(long);
    expect(parsed.description).toBe(long);
  });

  it('folds exactly at the limit and continues with one space', () => {
    const line = 'SUMMARY:' + 'a'.repeat(67 + 74 + 10);
    const folded = foldLine(line).split('\r\n');
    expect(folded.map((l) => Buffer.byteLength(l))).toEqual([75, 75, 11]);
    expect(folded[1].startsWith(' ')).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
    // A three-octet character that would cross octet 75 moves whole to the next line.
    const chinese = foldLine('X'.repeat(74) + '法');
    expect(chinese.split('\r\n')).toEqual(['X'.repeat(74), ' 法']);
  });

  it('escapes backslash, semicolon, comma and newlines in text', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('writes instants in UTC', () => {
    // 17:00 in Shanghai is 09:00 UTC.
    expect(formatUtc(Date.parse('2026-03-31T17:00:00+08:00'))).toBe('20260331T090000Z');
  });

  it('writes an empty calendar the parser accepts', () => {
    const calendar = parse(renderCalendar({ name: '我的截止日期', events: [] }));
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(0);
  });
});
