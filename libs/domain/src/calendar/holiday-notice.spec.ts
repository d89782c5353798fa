import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { getDayDetail } from 'chinese-days';
import { addDays, IsoDate, weekday } from './iso-date';
import { HolidayNotice, NoticeReading, readHolidayNotice } from './holiday-notice';

const RELATIVE = join('shared', 'fixtures', 'holiday-notices');

/**
 * Where the real notices are (outside the repository, never copied in): HOLIDAY_NOTICE_FIXTURES when
 * set; else `shared/fixtures/holiday-notices` beside this checkout or any folder above it; else the
 * workplace's `/work/shared`.
 */
function holidayNoticeFixturesDir(): string {
  if (process.env.HOLIDAY_NOTICE_FIXTURES) return resolve(process.env.HOLIDAY_NOTICE_FIXTURES);
  for (let dir = resolve(__dirname); ; dir = dirname(dir)) {
    const candidate = join(dir, '..', RELATIVE);
    if (existsSync(candidate)) return resolve(candidate);
    if (dirname(dir) === dir) break;
  }
  const workplace = join('/work', RELATIVE);
  if (existsSync(workplace)) return workplace;
  throw new Error(
    `real holiday notices not found (looked beside the checkout and in ${workplace}; set HOLIDAY_NOTICE_FIXTURES)`,
  );
}

function notice(reading: NoticeReading): HolidayNotice {
  if (!reading.ok) throw new Error(`expected a notice, got problems: ${JSON.stringify(reading.problems)}`);
  return reading.notice;
}

function problems(reading: NoticeReading) {
  if (reading.ok) throw new Error(`expected problems, got a notice: ${JSON.stringify(reading.notice)}`);
  return reading.problems;
}

const isWeekend = (date: IsoDate) => weekday(date) === 0 || weekday(date) === 6;

function daysOf(year: number): IsoDate[] {
  const days: IsoDate[] = [];
  for (let date = `${year}-01-01`; date.startsWith(`${year}-`); date = addDays(date, 1)) days.push(date);
  return days;
}

describe('the real notices against chinese-days', () => {
  it.each([2024, 2025])('%i: every day of the year is working or off as chinese-days has it', (year) => {
    const text = readFileSync(join(holidayNoticeFixturesDir(), `${year}.txt`), 'utf8');
    const read = notice(readHolidayNotice(text));
    expect(read.year).toBe(year);
    expect(read.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);

    const off = new Map(read.holidays.map((d) => [d.date, d.name]));
    const on = new Map(read.workdays.map((d) => [d.date, d.name]));
    const days = daysOf(year);
    expect(days).toHaveLength(year % 4 === 0 ? 366 : 365);
    for (const day of [...off.keys(), ...on.keys()]) expect(day.startsWith(`${year}-`)).toBe(true);

    const differences: string[] = [];
    for (const date of days) {
      const parsed = off.has(date) ? false : on.has(date) ? true : !isWeekend(date);
      const detail = getDayDetail(date);
      if (parsed !== detail.work) differences.push(`${date}: parsed ${parsed}, chinese-days ${detail.work}`);
      // chinese-days names a listed day "English,中文,N": its Chinese name must be in the item's name.
      const listedAs = detail.name.split(',')[1];
      if (listedAs !== undefined) {
        const name = off.get(date) ?? on.get(date);
        if (name === undefined || !name.includes(listedAs)) {
          differences.push(`${date}: named ${name}, chinese-days ${listedAs}`);
        }
      }
    }
    expect(differences).toEqual([]);

    // The working flag alone could agree by accident (a weekend day off matches the weekday rule):
    // the days that change anything must be exactly the same.
    const offOnWeekdays = days.filter((d) => !isWeekend(d) && !getDayDetail(d).work);
    const workingWeekends = days.filter((d) => isWeekend(d) && getDayDetail(d).work);
    expect(read.holidays.map((d) => d.date).filter((d) => !isWeekend(d))).toEqual(offOnWeekdays);
    expect(read.workdays.map((d) => d.date)).toEqual(workingWeekends);
  });

  it('2025: names the merged item as written and the make-up days after it', () => {
    const text = readFileSync(join(holidayNoticeFixturesDir(), '2025.txt'), 'utf8');
    const read = notice(readHolidayNotice(text));
    expect(read.holidays.filter((d) => d.name === '国庆节、中秋节').map((d) => d.date)).toEqual([
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ]);
    expect(read.workdays).toEqual([
      { date: '2025-01-26', name: '春节调休上班' },
      { date: '2025-02-08', name: '春节调休上班' },
      { date: '2025-04-27', name: '劳动节调休上班' },
      { date: '2025-09-28', name: '国庆节、中秋节调休上班' },
      { date: '2025-10-11', name: '国庆节、中秋节调休上班' },
    ]);
  });
});

describe('wordings', () => {
  const title = (year: number) => `国务院办公厅关于${year}年部分节假日安排的通知\n\n`;

  it('reads half-width punctuation like full-width', () => {
    expect(notice(readHolidayNotice(`${title(2024)}一、元旦:1月1日放假,与周末连休.\n`))).toEqual({
      year: 2024,
      title: '国务院办公厅关于2024年部分节假日安排的通知',
      holidays: [{ date: '2024-01-01', name: '元旦' }],
      workdays: [],
    });
  });

  it('reads full-width digits, dashes and tildes as range separators, and 星期日 or 周日', () => {
    const text =
      `${title(2024)}二、春节：２月１０日—１７日放假调休，共８天。2月4日（星期日）、2月18日（周日）上班。\n` +
      '三、清明节：4月4日～6日放假调休，共3天。\n四、劳动节：5月1日-5日放假调休，共5天。\n';
    const read = notice(readHolidayNotice(text));
    expect(read.holidays.map((d) => d.date)).toEqual([
      ...['10', '11', '12', '13', '14', '15', '16', '17'].map((d) => `2024-02-${d}`),
      '2024-04-04',
      '2024-04-05',
      '2024-04-06',
      ...['01', '02', '03', '04', '05'].map((d) => `2024-05-${d}`),
    ]);
    expect(read.workdays).toEqual([
      { date: '2024-02-04', name: '春节调休上班' },
      { date: '2024-02-18', name: '春节调休上班' },
    ]);
  });

  it('reads a range across months with 农历 and weekdays in parentheses', () => {
    const text = `${title(2025)}二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。\n`;
    const read = notice(readHolidayNotice(text));
    expect(read.holidays).toHaveLength(8);
    expect(read.holidays[0]).toEqual({ date: '2025-01-28', name: '春节' });
    expect(read.holidays[7]).toEqual({ date: '2025-02-04', name: '春节' });
  });

  it('puts the start of a range across the year end in the year before', () => {
    const text = `${title(2019)}一、元旦：12月30日（周日）至1月1日（周二）放假调休，共3天。\n`;
    expect(notice(readHolidayNotice(text)).holidays.map((d) => d.date)).toEqual([
      '2018-12-30',
      '2018-12-31',
      '2019-01-01',
    ]);
  });

  it('reads dates with their year written out', () => {
    const text = `${title(2019)}一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。\n`;
    const read = notice(readHolidayNotice(text));
    expect(read.holidays.map((d) => d.date)).toEqual(['2018-12-30', '2018-12-31', '2019-01-01']);
    expect(read.workdays).toEqual([{ date: '2018-12-29', name: '元旦调休上班' }]);
  });

  it('finds the year in "现将XXXX年…" without a title, or takes it as given', () => {
    const read = notice(readHolidayNotice('现将2025年元旦放假日期的具体安排通知如下。\n一、元旦：1月1日放假。\n'));
    expect(read).toMatchObject({ year: 2025, title: null, holidays: [{ date: '2025-01-01', name: '元旦' }] });
    expect(notice(readHolidayNotice('一、元旦：1月1日放假。', 2026)).holidays).toEqual([
      { date: '2026-01-01', name: '元旦' },
    ]);
  });

  it('ignores the preamble, its 如逢周三 principle and the closing paragraphs', () => {
    const text =
      `${title(2025)}各省、自治区、直辖市人民政府：\n\n` +
      '自2025年1月1日起，全体公民放假的假日增加2天。元旦、清明节、端午节、中秋节分别放假调休或连休3天（如逢周三则只在当日放假）。\n\n' +
      '按照上述原则，现将2025年元旦放假调休日期的具体安排通知如下。\n\n' +
      '一、元旦：1月1日（周三）放假1天，不调休。\n\n' +
      '节假日期间，各地区、各部门要妥善安排好值班工作。\n\n国务院办公厅\n2024年11月12日\n';
    expect(notice(readHolidayNotice(text))).toEqual({
      year: 2025,
      title: '国务院办公厅关于2025年部分节假日安排的通知',
      holidays: [{ date: '2025-01-01', name: '元旦' }],
      workdays: [],
    });
  });

  it('skips a sentence that only encourages, with its date', () => {
    const text = `${title(2024)}二、春节：2月10日至17日放假调休，共8天。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。\n`;
    const read = notice(readHolidayNotice(text));
    expect(read.holidays.map((d) => d.date)).not.toContain('2024-02-09');
    expect(read.holidays).toHaveLength(8);
  });

  it('names the sentence whose 共N天 does not match its range', () => {
    const text = `${title(2024)}二、春节：2月10日至17日放假调休，共7天。\n`;
    expect(problems(readHolidayNotice(text))).toEqual([
      { sentence: '2月10日至17日放假调休，共7天。', message: '写明共7天，但 2024-02-10 至 2024-02-17 是8天' },
    ]);
  });

  it('names the sentence whose weekday is wrong, for days off and for working days', () => {
    const text = `${title(2025)}三、清明节：4月4日（周四）至6日（周日）放假，共3天。4月27日（星期六）上班。\n`;
    expect(problems(readHolidayNotice(text))).toEqual([
      { sentence: '4月4日（周四）至6日（周日）放假，共3天。', message: '2025-04-04 标注为周四，但实际是星期五' },
      { sentence: '4月27日（星期六）上班。', message: '2025-04-27 标注为星期六，但实际是星期日' },
    ]);
  });

  it('names an item sentence with a date it cannot read', () => {
    const found = problems(readHolidayNotice(`${title(2025)}三、清明节：4月4日前后酌情安排。\n`));
    expect(found).toHaveLength(1);
    expect(found[0].sentence).toBe('4月4日前后酌情安排。');
    expect(found[0].message).toMatch(/^无法识别/);
  });

  it('names 放假 and 上班 sentences whose dates cannot be read fully', () => {
    const text =
      `${title(2025)}一、元旦：1月1日放假，1月2日视情况而定。\n` +
      '二、春节：1月28日至2月4日放假调休，共8天。1月26日（周日）及其后一周上班。2月8日（补班）上班。\n';
    const found = problems(readHolidayNotice(text));
    expect(found.map((p) => p.sentence)).toEqual([
      '1月1日放假，1月2日视情况而定。',
      '1月26日（周日）及其后一周上班。',
      '2月8日（补班）上班。',
    ]);
    for (const p of found) expect(p.message).toMatch(/^无法识别/);
  });

  it('lets a later working day take the month before it, and wants working days on a weekend', () => {
    const read = notice(readHolidayNotice(`${title(2024)}二、春节：2月10日至17日放假调休。2月4日、18日上班。\n`));
    expect(read.workdays.map((d) => d.date)).toEqual(['2024-02-04', '2024-02-18']);
    expect(
      problems(readHolidayNotice(`${title(2025)}二、春节：1月28日至2月4日放假调休。1月26日、8日上班。\n`)),
    ).toEqual([{ sentence: '1月26日、8日上班。', message: '2025-01-08 是星期三，本来就是工作日，不能作为调休上班日' }]);
  });

  it('collects every problem, and refuses a day both off and working', () => {
    const text = `${title(2025)}一、元旦：2月30日放假。\n二、春节：1月28日至2月4日放假调休，共9天。2月8日（周六）上班。\n`;
    expect(problems(readHolidayNotice(text))).toEqual([
      { sentence: '2月30日放假。', message: '日期不存在：2025年2月30日' },
      { sentence: '1月28日至2月4日放假调休，共9天。', message: '写明共9天，但 2025-01-28 至 2025-02-04 是8天' },
    ]);
    const both = `${title(2025)}五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。5月31日（周六）上班。\n`;
    expect(problems(readHolidayNotice(both))).toEqual([
      { sentence: '5月31日（周六）上班。', message: '2025-05-31 既被列为放假，又被列为上班' },
    ]);
  });

  it('wants numbered items and a year', () => {
    expect(problems(readHolidayNotice(`${title(2025)}节假日期间，各地区要妥善安排好值班工作。\n`))).toEqual([
      { sentence: '', message: '未找到放假安排：应有编号的事项，如"一、元旦：1月1日放假"' },
    ]);
    expect(problems(readHolidayNotice('一、元旦：1月1日放假。')).map((p) => p.message)).toEqual([
      expect.stringMatching(/^未找到年份/),
    ]);
    expect(problems(readHolidayNotice(`${title(2025)}一、元旦 1月1日放假\n`)).map((p) => p.sentence)).toEqual([
      '一、元旦 1月1日放假',
      '',
    ]);
  });

  it('refuses a given year the text contradicts', () => {
    expect(problems(readHolidayNotice(`${title(2025)}一、元旦：1月1日放假。\n`, 2024))).toEqual([
      {
        sentence: '国务院办公厅关于2025年部分节假日安排的通知',
        message: '通知中的年份（2025年）与指定的年份（2024年）不一致',
      },
    ]);
  });
});
