import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { checkSections, REPORT_SECTIONS, reportOutline, SectionKey } from './section-check';
import { reportFixturesDir } from '../../../../test/helpers/fixtures';

// Real published reports, shared outside the repo; read at test time, never copied in.
const FIXTURES = reportFixturesDir();
const FIXTURE_FILES = ['qingpu-district-emergency-2025.txt', 'shanghai-city-emergency-2024.txt'];
const REQUIRED: SectionKey[] = ['measures', 'shortcomings', 'first_responsible', 'next_year'];
// Both fixtures number their parts in the order of the law: 一 measures, 二 shortcomings, 三 第一责任人, 四 next year.
const FIXTURE_NUMERALS: Record<string, SectionKey> = {
  '一、': 'measures',
  '二、': 'shortcomings',
  '三、': 'first_responsible',
  '四、': 'next_year',
};

const readFixture = (file: string) => readFileSync(join(FIXTURES, file), 'utf8');
const keys = (text: string) => checkSections(text).found.map((f) => f.key);
const missingKeys = (text: string) => checkSections(text).missing.map((m) => m.key);
const draft = (...lines: string[]) => lines.join('\n');

describe('checkSections on real reports', () => {
  it('finds the shared fixtures', () => {
    expect(readdirSync(FIXTURES)).toEqual(expect.arrayContaining(FIXTURE_FILES));
  });

  it.each(FIXTURE_FILES)('%s passes with the four required sections on their heading lines', (file) => {
    const text = readFixture(file);
    const lines = text.split('\n');
    const expected = Object.entries(FIXTURE_NUMERALS).map(([numeral, key]) => {
      const index = lines.findIndex((l) => l.startsWith(numeral));
      expect(index).toBeGreaterThanOrEqual(0);
      return { key, heading: lines[index].trim(), line: index + 1 };
    });

    const check = checkSections(text);

    expect(check.missing).toEqual([]);
    expect(check.found.map((f) => f.key)).toEqual(REQUIRED);
    expect(check.found).toEqual(expected);
  });

  it.each(FIXTURE_FILES)('%s without its 第一责任人 part misses exactly first_responsible', (file) => {
    const lines = readFixture(file).split('\n');
    const start = lines.findIndex((l) => l.startsWith('三、'));
    const end = lines.findIndex((l) => l.startsWith('四、'));
    const text = [...lines.slice(0, start), ...lines.slice(end)].join('\n');
    // The rest of the report still mentions the duty (e.g. a 职责清单 among the measures).
    expect(text).toContain('第一责任人');

    const check = checkSections(text);

    expect(check.missing).toEqual([{ key: 'first_responsible', title: REPORT_SECTIONS[2].title }]);
    expect(check.found.map((f) => f.key)).toEqual(['measures', 'shortcomings', 'next_year']);
  });
});

describe('checkSections on drafts', () => {
  it('misses all four required sections in an empty text, in the order of REPORT_SECTIONS', () => {
    expect(checkSections('')).toEqual({
      found: [],
      missing: [
        { key: 'measures', title: '主要举措和成效' },
        { key: 'shortcomings', title: '存在的不足和原因' },
        { key: 'first_responsible', title: '党政主要负责人履行推进法治建设第一责任人职责情况' },
        { key: 'next_year', title: '下一年度工作安排' },
      ],
    });
  });

  it('does not count 第一责任人 mentioned inside another part', () => {
    const text = draft(
      '一、2024年度推进法治政府建设主要举措和成效',
      '(一)压实法治建设责任',
      '本单位主要负责人认真履行推进法治建设第一责任人职责,带头学法。',
      '(二)主要负责人履行第一责任人职责情况',
      '3.党政主要负责人履行推进法治建设第一责任人职责情况',
      '二、存在的不足和原因',
      '个别科室对第一责任人职责清单落实不够。',
      '三、2025年工作安排',
    );

    expect(missingKeys(text)).toEqual(['first_responsible']);
    expect(keys(text)).toEqual(['measures', 'shortcomings', 'next_year']);
  });

  it('reads common wordings of each section', () => {
    const text = draft(
      '一、主要工作开展情况',
      '二、存在问题',
      '三、本单位主要负责人2024年度履行推进法治建设第一责任人职责情况',
      '四、2025年工作思路',
      '五、其他需要报告的情况',
    );

    expect(checkSections(text).found).toEqual([
      { key: 'measures', heading: '一、主要工作开展情况', line: 1 },
      { key: 'shortcomings', heading: '二、存在问题', line: 2 },
      { key: 'first_responsible', heading: '三、本单位主要负责人2024年度履行推进法治建设第一责任人职责情况', line: 3 },
      { key: 'next_year', heading: '四、2025年工作思路', line: 4 },
      { key: 'other', heading: '五、其他需要报告的情况', line: 5 },
    ]);
    expect(missingKeys(text)).toEqual([]);
  });

  it.each([
    ['下一年度工作安排', 'next_year'],
    ['下一步工作打算', 'next_year'],
    ['2026年工作计划', 'next_year'],
    ['下一步工作举措', 'next_year'],
    ['存在的主要问题', 'shortcomings'],
    ['问题与不足', 'shortcomings'],
    ['工作中的短板和差距', 'shortcomings'],
    ['党政主要负责人履行推进法治建设第一责任人职责情况', 'first_responsible'],
    ['主要负责同志履行推进法治建设第一责任人工作情况', 'first_responsible'],
    ['主要举措和成效', 'measures'],
    ['工作进展', 'measures'],
  ])('maps 一、%s to %s', (heading, key) => {
    expect(keys(`一、${heading}`)).toEqual([key]);
  });

  it('maps a combined heading to both of its sections', () => {
    expect(keys(draft('一、主要举措和成效', '二、存在的不足和下一步工作打算'))).toEqual([
      'measures',
      'shortcomings',
      'next_year',
    ]);
  });

  it('accepts spaces inside headings and full-width punctuation and digits', () => {
    const text = draft(
      '一．２０２３ 年度推进法治政府建设主要举措和成效',
      '（一）深入学习贯彻习近平法治思想',
      '二，存在的不足和原因：一是学法不够深入。',
      '三 、 本单位主要负责人 2023 年度履行推进法治建设第一责任人职责情况',
      '\u3000四、２０２４ 年 工作打算',
    );

    expect(checkSections(text).found.map((f) => [f.key, f.line])).toEqual([
      ['measures', 1],
      ['shortcomings', 3],
      ['first_responsible', 4],
      ['next_year', 5],
    ]);
  });

  it('reads headings letter-spaced by a PDF conversion', () => {
    const text = draft(
      '一、主 要 举 措 和 成 效',
      '二、存 在 问 题',
      '三、主 要 负 责 人 履 职 情 况',
      '四、下 一 步 打 算',
    );

    expect(keys(text)).toEqual(['measures', 'shortcomings', 'first_responsible', 'next_year']);
  });

  it('accepts the 第一责任人 part first and parts in any order', () => {
    const text = draft(
      '一、党政主要负责人履行推进法治建设第一责任人职责情况',
      '二、2025年工作打算',
      '三、存在的不足',
      '四、主要举措和成效',
    );

    expect(keys(text)).toEqual(['first_responsible', 'next_year', 'shortcomings', 'measures']);
    expect(missingKeys(text)).toEqual([]);
  });

  it('accepts 第一部分 style headings but not 一是 prose', () => {
    const text = draft(
      '第一部分 主要举措和成效',
      '一是存在的不足和原因较多。',
      '第二部分 2025年工作安排',
      '第三部分 主要负责人履行第一责任人职责情况',
    );

    expect(keys(text)).toEqual(['measures', 'next_year', 'first_responsible']);
    expect(missingKeys(text)).toEqual(['shortcomings']);
  });

  it('does not treat Arabic numbering as a section when the draft numbers its parts 一、二、', () => {
    const text = draft(
      '一、主要举措和成效',
      '2. 存在的不足和原因',
      '3. 主要负责人履行第一责任人职责情况',
      '二、2025年工作安排',
    );

    expect(missingKeys(text)).toEqual(['shortcomings', 'first_responsible']);
  });

  it('accepts Arabic-numbered parts in a draft without Chinese numbering', () => {
    const text = draft(
      '关于2024年度法治政府建设工作情况的报告',
      '1. 主要举措和成效',
      '今年我局认真履行推进法治建设第一责任人职责要求,全面落实各项工作。',
      '2. 存在的不足',
      '3. 2025年工作计划',
    );

    expect(checkSections(text).found).toEqual([
      { key: 'measures', heading: '1. 主要举措和成效', line: 2 },
      { key: 'shortcomings', heading: '2. 存在的不足', line: 4 },
      { key: 'next_year', heading: '3. 2025年工作计划', line: 5 },
    ]);
    expect(missingKeys(text)).toEqual(['first_responsible']);
  });

  it('accepts unnumbered standalone headings but not sentences or second-level headings', () => {
    const text = draft(
      '主要举措和成效',
      '(一)主要负责人履行第一责任人职责',
      '主要负责人履行第一责任人职责,带头学法用法。',
      '存在的不足和原因:',
      '下一年度工作安排',
    );

    expect(keys(text)).toEqual(['measures', 'shortcomings', 'next_year']);
    expect(missingKeys(text)).toEqual(['first_responsible']);
  });

  it('reads Windows line endings', () => {
    const text = [
      '一、主要举措和成效',
      '二、存在问题',
      '三、主要负责人履行第一责任人职责情况',
      '四、明年工作安排',
    ].join('\r\n');

    expect(checkSections(text).found.map((f) => f.line)).toEqual([1, 2, 3, 4]);
    expect(missingKeys(text)).toEqual([]);
  });
});

describe('reportOutline', () => {
  it.each(FIXTURE_FILES)(
    '%s: its parts are the lines the section check reads, with their (一) parts under them',
    (file) => {
      const text = readFixture(file);
      const lines = text.split('\n');
      const outline = reportOutline(text);

      expect(outline.filter((h) => h.level === 1).map((h) => h.line)).toEqual(
        checkSections(text).found.map((f) => f.line),
      );
      const second = lines.flatMap((l, i) => (l.startsWith('(') ? [i + 1] : []));
      expect(second.length).toBeGreaterThan(10);
      expect(outline.filter((h) => h.level === 2).map((h) => h.line)).toEqual(second);
      for (const h of outline)
        expect(h).toEqual({ line: h.line, level: h.level, heading: lines[h.line - 1].trim(), rest: '' });
    },
  );

  it('keeps a top-level part that names no required section, and leaves "1." items and prose as they are', () => {
    const text = draft(
      '关于2025年度法治政府建设情况的报告',
      '一、总体情况',
      '（一）加强组织领导',
      '1.深入学习。组织学习。',
      '一是加强学习，二是加强培训。',
      '(二) 健全制度',
      '二、存在的不足和原因',
    );

    expect(reportOutline(text)).toEqual([
      { line: 2, level: 1, heading: '一、总体情况', rest: '' },
      { line: 3, level: 2, heading: '（一）加强组织领导', rest: '' },
      { line: 6, level: 2, heading: '(二) 健全制度', rest: '' },
      { line: 7, level: 1, heading: '二、存在的不足和原因', rest: '' },
    ]);
  });

  it('splits a heading from the paragraph that follows it on the same line, not at its numbering', () => {
    const text = draft('一：主要举措和成效。今年以来，我局持续推进。', '（二）健全制度：制定清单；完善机制。');

    expect(reportOutline(text)).toEqual([
      { line: 1, level: 1, heading: '一：主要举措和成效。', rest: '今年以来，我局持续推进。' },
      { line: 2, level: 2, heading: '（二）健全制度：', rest: '制定清单；完善机制。' },
    ]);
  });

  it('does not take a long (一) paragraph for a heading', () => {
    const text = draft('一、主要举措', `（一）${'持续推进法治政府建设，'.repeat(8)}`);

    expect(reportOutline(text).map((h) => h.line)).toEqual([1]);
  });

  it('reads unnumbered drafts the way the section check does', () => {
    const text = draft('主要举措和成效', '我局持续推进法治建设，成效明显。', '存在的不足和原因');

    expect(reportOutline(text).map((h) => [h.line, h.level])).toEqual([
      [1, 1],
      [3, 1],
    ]);
  });
});
