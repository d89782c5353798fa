import { addDays, IsoDate, isIsoDate, weekday } from './iso-date';

/**
 * The State Council's yearly holiday notice (国务院办公厅关于XXXX年部分节假日安排的通知) read into
 * days off and 调休 make-up working days. Only the numbered items ("一、元旦：…") are arrangements; the
 * preamble and the closing paragraphs are ignored. Nothing is guessed: a sentence in an item that has a
 * date but cannot be read completely is a problem, never dropped.
 */

export interface NoticeDay {
  date: IsoDate;
  name: string;
}

export interface HolidayNotice {
  year: number;
  /** The first line, when it is the notice's title. */
  title: string | null;
  /** Every day off, named after its item (e.g. '春节'), sorted by date. */
  holidays: NoticeDay[];
  /** Make-up working days (调休上班), named e.g. '春节调休上班', sorted by date. */
  workdays: NoticeDay[];
}

/** What could not be read, and the sentence (as written in the input) it is in. */
export interface NoticeProblem {
  sentence: string;
  message: string;
}

export type NoticeReading = { ok: true; notice: HolidayNotice } | { ok: false; problems: NoticeProblem[] };

/** The longest run of days off one sentence may give; anything longer is a misreading. */
const MAX_RANGE_DAYS = 31;

const WEEKDAY_NAMES = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const WEEKDAY_OF: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

// Full- and half-width punctuation and range dashes to one form, character for character, so an
// index into the normalised text is the same index into the text as written.
const NORMAL_FORM: Record<string, string> = {
  '：': ':',
  '，': ',',
  '（': '(',
  '）': ')',
  '。': '.',
  '．': '.',
  '；': ';',
  '､': '、',
  '\u3000': ' ',
  '-': '至',
  '–': '至',
  '—': '至',
  '―': '至',
  '－': '至',
  '~': '至',
  '～': '至',
  '〜': '至',
};
const TO_NORMALISE = /[：，（）。．；､\u3000\-–—―－~～〜]/g;

const TITLE = /^(?:国务院办公厅)?关于(\d{4})年.*节假日安排的通知$/;
const YEAR_SENTENCE = /现将(\d{4})年/;
const ITEM_NUMBER = /^\s*[一二三四五六七八九十]+、/;
/** Anything that looks like a date: 1月1日, 17日, 5号, 十月一日. */
const MENTIONS_DATE = /\d\s*[月日号]|[〇零一二三四五六七八九十]月[初〇零一二三四五六七八九十]+[日号]/;
// Sticky: each is tried exactly where the cursor is.
const DATE = /(?:(?:(\d{4})年)?(\d{1,2})月)?(\d{1,2})日(?:\(([^()]*)\))?/y;
const RANGE_TO = /至+/y;
const DAYS_OFF = /放假(?:调休)?/y;
const DAY_COUNT = /(\d+|[一二三四五六七八九十]+)天/y;
const LIST_SEPARATOR = /[、,和及]/y;
const WORKING = /(?:调休)?上班/y;
const TOTAL = /共(\d+|[一二三四五六七八九十]+)天/g;

const UNREADABLE_DAYS_OFF = '无法识别这句放假安排，应写作如"1月1日放假"或"2月10日至17日放假调休，共8天"';
const UNREADABLE_WORKDAYS = '无法识别这句调休上班安排，应写作如"2月4日（星期日）、2月18日（星期日）上班"';
const UNREADABLE_SENTENCE = '无法识别这句话：其中有日期，但既不是放假安排，也不是调休上班安排';

interface Line {
  text: string;
  normal: string;
}

interface Sentence {
  /** As written in the input, trimmed. */
  text: string;
  /** Normalised, without whitespace and without the closing 。 or ；. */
  normal: string;
}

interface WrittenDate {
  year?: number;
  month?: number;
  day: number;
  /** What the parenthesis after it says: 农历…, 周X, 星期X. */
  note?: string;
}

interface Listed {
  date: IsoDate;
  name: string;
  working: boolean;
  sentence: string;
}

/**
 * Reads a holiday notice. The year is `year` when given, else the one in the title or in "现将XXXX年…".
 * Every problem found is returned, not only the first.
 */
export function readHolidayNotice(text: string, year?: number): NoticeReading {
  const problems: NoticeProblem[] = [];
  const lines: Line[] = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line) => ({ text: line, normal: normalise(line) }));

  const first = lines.find((line) => line.text.trim() !== '');
  const titleYear = first ? TITLE.exec(compact(first.normal)) : null;
  const title = titleYear && first ? first.text.trim() : null;

  const noticeYear = readYear(lines, title, titleYear ? Number(titleYear[1]) : null, year, problems);

  const items = lines.filter((line) => ITEM_NUMBER.test(line.normal));
  const listed: Listed[] = [];
  let arrangements = 0;
  for (const line of items) {
    const colon = line.normal.indexOf(':');
    const name = colon < 0 ? '' : line.normal.slice(ITEM_NUMBER.exec(line.normal)![0].length, colon).trim();
    if (!name || MENTIONS_DATE.test(name)) {
      // A numbered line without "name:" is no arrangement, unless it has dates: then it is a broken one.
      if (MENTIONS_DATE.test(line.normal)) {
        problems.push({
          sentence: line.text.trim(),
          message: '无法识别这一项：编号后应是节日名称和冒号，如"一、元旦：1月1日放假"',
        });
      }
      continue;
    }
    arrangements++;
    if (noticeYear !== null) readItem(line, colon + 1, name, noticeYear, listed, problems);
  }
  if (arrangements === 0) {
    problems.push({ sentence: '', message: '未找到放假安排：应有编号的事项，如"一、元旦：1月1日放假"' });
  }

  const seen = new Map<IsoDate, Listed>();
  for (const day of listed) {
    const earlier = seen.get(day.date);
    if (!earlier) {
      seen.set(day.date, day);
    } else if (earlier.working !== day.working) {
      problems.push({ sentence: day.sentence, message: `${day.date} 既被列为放假，又被列为上班` });
    } else {
      problems.push({ sentence: day.sentence, message: `${day.date} 被重复列出` });
    }
  }

  if (problems.length > 0 || noticeYear === null) return { ok: false, problems };
  const byDate = (a: NoticeDay, b: NoticeDay) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
  const pick = (working: boolean) =>
    listed.filter((day) => day.working === working).map(({ date, name }) => ({ date, name }));
  return {
    ok: true,
    notice: { year: noticeYear, title, holidays: pick(false).sort(byDate), workdays: pick(true).sort(byDate) },
  };
}

/** The notice's year: the argument, else the title's, else "现将XXXX年". Disagreements are problems. */
function readYear(
  lines: Line[],
  title: string | null,
  titleYear: number | null,
  given: number | undefined,
  problems: NoticeProblem[],
): number | null {
  const yearLine = lines.find((line) => YEAR_SENTENCE.test(compact(line.normal)));
  const sentenceYear = yearLine ? Number(YEAR_SENTENCE.exec(compact(yearLine.normal))![1]) : null;
  if (titleYear !== null && sentenceYear !== null && titleYear !== sentenceYear) {
    problems.push({
      sentence: yearLine!.text.trim(),
      message: `正文中的年份（${sentenceYear}年）与标题中的年份（${titleYear}年）不一致`,
    });
  }
  const textYear = titleYear ?? sentenceYear;
  const where = title ?? yearLine?.text.trim() ?? '';
  if (given !== undefined) {
    if (!Number.isInteger(given) || given < 1000 || given > 9999) {
      problems.push({ sentence: '', message: `年份无效：${given}` });
      return null;
    }
    if (textYear !== null && textYear !== given) {
      problems.push({ sentence: where, message: `通知中的年份（${textYear}年）与指定的年份（${given}年）不一致` });
    }
    return given;
  }
  if (textYear === null) {
    problems.push({
      sentence: '',
      message: '未找到年份：标题应为"国务院办公厅关于XXXX年部分节假日安排的通知"，或正文中应有"现将XXXX年……"',
    });
  }
  return textYear;
}

/** One numbered item, from just after its colon: each sentence gives days off, working days or nothing. */
function readItem(line: Line, from: number, name: string, year: number, listed: Listed[], problems: NoticeProblem[]) {
  const before = problems.length;
  let daysOff = 0;
  for (const sentence of sentences(line, from)) {
    const s = sentence.normal;
    // Encouragement (鼓励…安排职工在除夕休息) and sentences without a date ("不调休") arrange nothing.
    if (s.includes('鼓励') || !MENTIONS_DATE.test(s)) continue;
    const fail = (message: string) => problems.push({ sentence: sentence.text, message });
    if (s.includes('放假')) {
      const days = readDaysOff(s, year, fail);
      for (const date of days ?? []) listed.push({ date, name, working: false, sentence: sentence.text });
      daysOff += days?.length ?? 0;
    } else if (s.includes('上班')) {
      const days = readWorkdays(s, year, fail);
      for (const date of days ?? []) {
        listed.push({ date, name: `${name}调休上班`, working: true, sentence: sentence.text });
      }
    } else {
      fail(UNREADABLE_SENTENCE);
    }
  }
  if (daysOff === 0 && problems.length === before) {
    problems.push({ sentence: line.text.trim(), message: `"${name}"一项中没有放假日期` });
  }
}

/**
 * "1月1日放假，与周末连休", "1月1日（周三）放假1天，不调休", "2月10日至17日放假调休，共8天",
 * "12月30日至1月1日放假调休，共3天" (the start in the year before). Null when it cannot be read.
 */
function readDaysOff(s: string, year: number, fail: (message: string) => void): IsoDate[] | null {
  const unreadable = () => {
    fail(UNREADABLE_DAYS_OFF);
    return null;
  };
  const cursor = new Cursor(s);
  const start = writtenDate(cursor.take(DATE));
  if (!start || start.month === undefined) return unreadable();
  let end: WrittenDate | null = null;
  if (cursor.take(RANGE_TO)) {
    end = writtenDate(cursor.take(DATE));
    if (!end) return unreadable();
  }
  if (!cursor.take(DAYS_OFF)) return unreadable();
  const count = cursor.take(DAY_COUNT);
  const tail = cursor.rest();
  if (!isTail(tail)) return unreadable();
  const counts = [count?.[1], ...[...tail.matchAll(TOTAL)].map((m) => m[1])]
    .filter((n) => n !== undefined)
    .map(chineseOrArabic);
  if (counts.includes(null)) return unreadable();

  if (end && end.month === undefined) {
    // An end without its month is in the start's month: "2月28日至3日" is not read as running into March.
    if (end.day < start.day) return unreadable();
    end.month = start.month;
    end.year = start.year;
  }
  const last = end ?? start;
  const crossesYear = end !== null && before(end, start);
  const lastYear = last.year ?? (start.year === undefined ? year : start.year + (crossesYear ? 1 : 0));
  const firstYear = start.year ?? (crossesYear ? lastYear - 1 : lastYear);
  const first = isoDate(firstYear, start, fail);
  const final = end ? isoDate(lastYear, end, fail) : first;
  if (first === null || final === null) return null;
  if (final < first) {
    fail(`结束日期 ${final} 早于开始日期 ${first}`);
    return null;
  }

  const days: IsoDate[] = [first];
  while (days[days.length - 1] < final && days.length <= MAX_RANGE_DAYS) days.push(addDays(days[days.length - 1], 1));
  if (days.length > MAX_RANGE_DAYS) {
    fail(`放假日期范围过长（${first} 至 ${final}），请核对`);
    return null;
  }

  let ok = checkWeekday(first, start, fail);
  if (end) ok = checkWeekday(final, end, fail) && ok;
  for (const n of counts) {
    if (n !== days.length) {
      fail(`写明共${n}天，但 ${first}${end ? ` 至 ${final}` : ''} 是${days.length}天`);
      ok = false;
    }
  }
  return ok ? days : null;
}

/** "2月4日（星期日）、2月18日（星期日）上班"; a later date may leave out its month ("2月4日、18日上班"). */
function readWorkdays(s: string, year: number, fail: (message: string) => void): IsoDate[] | null {
  const unreadable = () => {
    fail(UNREADABLE_WORKDAYS);
    return null;
  };
  const cursor = new Cursor(s);
  const written: WrittenDate[] = [];
  for (;;) {
    const date = writtenDate(cursor.take(DATE));
    const previous = written[written.length - 1];
    if (!date || (date.month === undefined && !previous)) return unreadable();
    if (date.month === undefined) {
      date.month = previous.month;
      date.year ??= previous.year;
    }
    written.push(date);
    if (!cursor.take(LIST_SEPARATOR)) break;
  }
  if (!cursor.take(WORKING) || !isTail(cursor.rest())) return unreadable();

  const days: IsoDate[] = [];
  let ok = true;
  for (const date of written) {
    const iso = isoDate(date.year ?? year, date, fail);
    if (iso === null || !checkWeekday(iso, date, fail)) {
      ok = false;
    } else if (weekday(iso) !== 0 && weekday(iso) !== 6) {
      // A make-up working day is a Saturday or Sunday; a weekday here means the date was misread.
      fail(`${iso} 是${WEEKDAY_NAMES[weekday(iso)]}，本来就是工作日，不能作为调休上班日`);
      ok = false;
    } else {
      days.push(iso);
    }
  }
  return ok ? days : null;
}

/** What may follow an arrangement: nothing, or clauses after a comma that hold no date ("，共8天"). */
function isTail(tail: string): boolean {
  return tail === '' || (tail.startsWith(',') && !MENTIONS_DATE.test(tail));
}

/** A written weekday (周二, 星期日) must be the date's; 农历 notes are taken as written. */
function checkWeekday(iso: IsoDate, date: WrittenDate, fail: (message: string) => void): boolean {
  if (date.note === undefined) return true;
  let ok = true;
  for (const part of date.note.split(/[、,]/).map((p) => p.trim())) {
    const named = /^(?:周|星期|礼拜)([日天一二三四五六])$/.exec(part);
    if (named) {
      const actual = weekday(iso);
      if (WEEKDAY_OF[named[1]] !== actual) {
        fail(`${iso} 标注为${part}，但实际是${WEEKDAY_NAMES[actual]}`);
        ok = false;
      }
    } else if (!/^(?:农历|除夕|正月|腊月|初[一二三四五六七八九十])/.test(part)) {
      fail(`无法识别日期后括号中的"${part}"，应为星期（如"周二"）或农历日期（如"农历除夕"）`);
      ok = false;
    }
  }
  return ok;
}

function isoDate(year: number, date: WrittenDate, fail: (message: string) => void): IsoDate | null {
  const iso = `${year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
  if (isIsoDate(iso)) return iso;
  fail(`日期不存在：${year}年${date.month}月${date.day}日`);
  return null;
}

/** Whether `a` comes before `b` by month and day alone. */
function before(a: WrittenDate, b: WrittenDate): boolean {
  return a.month! * 100 + a.day < b.month! * 100 + b.day;
}

function writtenDate(match: RegExpExecArray | null): WrittenDate | null {
  if (!match) return null;
  const [, year, month, day, note] = match;
  return {
    year: year === undefined ? undefined : Number(year),
    month: month === undefined ? undefined : Number(month),
    day: Number(day),
    note,
  };
}

/** Sentences of an item's line from `from`, split on 。 and ；. */
function sentences(line: Line, from: number): Sentence[] {
  const out: Sentence[] = [];
  let start = from;
  for (let i = from; i <= line.normal.length; i++) {
    if (i < line.normal.length && line.normal[i] !== '.' && line.normal[i] !== ';') continue;
    const normal = compact(line.normal.slice(start, i));
    if (normal) out.push({ text: line.text.slice(start, i + 1).trim(), normal });
    start = i + 1;
  }
  return out;
}

function normalise(text: string): string {
  return text
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(TO_NORMALISE, (ch) => NORMAL_FORM[ch]);
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** "8" or "八", "十二": 1 to 99; null for anything else. */
function chineseOrArabic(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return null;
  const [, tens, ten, ones] = m;
  if (!ten) return ones === undefined ? CHINESE_DIGITS[tens] : null;
  return (tens === undefined ? 1 : CHINESE_DIGITS[tens]) * 10 + (ones === undefined ? 0 : CHINESE_DIGITS[ones]);
}

/** Reads a sentence left to right with sticky expressions. */
class Cursor {
  private pos = 0;

  constructor(private readonly text: string) {}

  take(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.pos;
    const match = pattern.exec(this.text);
    if (match) this.pos = pattern.lastIndex;
    return match;
  }

  rest(): string {
    return this.text.slice(this.pos);
  }
}
