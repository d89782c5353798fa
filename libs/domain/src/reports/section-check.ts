/**
 * Checks that a 法治政府建设年度报告 draft has the sections the law requires. Pure and deterministic:
 * workflow code imports it, so no Node built-ins here.
 */

export type SectionKey = 'measures' | 'shortcomings' | 'first_responsible' | 'next_year' | 'other';

export interface ReportSection {
  readonly key: SectionKey;
  readonly title: string;
  readonly required: boolean;
}

export const REPORT_SECTIONS: readonly ReportSection[] = [
  { key: 'measures', title: '主要举措和成效', required: true },
  { key: 'shortcomings', title: '存在的不足和原因', required: true },
  { key: 'first_responsible', title: '党政主要负责人履行推进法治建设第一责任人职责情况', required: true },
  { key: 'next_year', title: '下一年度工作安排', required: true },
  { key: 'other', title: '其他需要报告的情况', required: false },
];

export interface FoundSection<K extends string = SectionKey> {
  key: K;
  /** The heading line as the officer wrote it (trimmed). */
  heading: string;
  /** 1-based line number in the draft. */
  line: number;
}

export interface MissingSection<K extends string = SectionKey> {
  key: K;
  title: string;
}

/** What a text was found to hold and to lack (a report's sections, a 述法 report's topics). */
export interface SectionCheck<K extends string = SectionKey> {
  found: FoundSection<K>[];
  missing: MissingSection<K>[];
}

const CN_NUMERAL = '[一二三四五六七八九十]{1,3}';
// "一、" "一." "一," "一:" "一 " and "第一部分"/"第一章". "(一)" is second level and "一是" is prose, so neither matches.
const NUMBERED_HEADING = new RegExp(
  `^(?:${CN_NUMERAL}(?:\\s*[、.,:]|\\s+)|第${CN_NUMERAL}(?:部分|章)\\s*[、.,:]?)\\s*(.*)$`,
);
// Arabic numbering is only a section marker in drafts that have no Chinese top-level numbering at all;
// in the real reports "1." is the third level, and its items often mention 第一责任人.
const ARABIC_MARKER = /^\d{1,2}\s*[、.,:)]\s*/;
const SENTENCE_END = /[。;!?:]/;
const MAX_NUMBERED_HEADING = 60;
const MAX_UNNUMBERED_HEADING = 40;

const FIRST_RESPONSIBLE = /第一责任人|主要负责(?:人|同志)|党政主要领导|一把手/;
const SHORTCOMINGS = /不足|短板|差距|存在(?:的)?(?:主要)?(?:困难|问题)|主要问题|问题(?:与|和|及)|^问题/;
const NEXT_YEAR = /下一?年|下一?步|明年|来年|打算|思路|安排|计划|展望/;
const MEASURES = /举措|成效|成绩|进展|做法|措施|主要工作|工作情况|开展情况|落实情况/;
const OTHER = /其他|其它/;

/** Full-width to half-width (NFKC), drop zero-width characters and the BOM. */
function normalise(line: string): string {
  return line
    .normalize('NFKC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .trim();
}

function headingText(rest: string, maxLength: number): string | null {
  const end = rest.search(SENTENCE_END);
  const text = (end >= 0 ? rest.slice(0, end) : rest).replace(/\s+/g, '');
  return text.length > 0 && text.length <= maxLength ? text : null;
}

/** The keys one top-level heading stands for; a heading may combine e.g. 存在的问题和下一步打算. */
export function classifyHeading(text: string): SectionKey[] {
  // Its heading also says 工作情况/推进/年度, so it must not be read as anything else.
  if (FIRST_RESPONSIBLE.test(text)) return ['first_responsible'];
  const keys: SectionKey[] = [];
  if (SHORTCOMINGS.test(text)) keys.push('shortcomings');
  const nextYear = NEXT_YEAR.test(text);
  if (nextYear) keys.push('next_year');
  // 下一步工作举措 is a plan, not results.
  if (!nextYear && MEASURES.test(text)) keys.push('measures');
  if (keys.length === 0 && OTHER.test(text)) keys.push('other');
  return keys;
}

interface Heading {
  text: string;
  raw: string;
  line: number;
}

function numberedHeadings(lines: string[]): Heading[] {
  const headings: Heading[] = [];
  lines.forEach((raw, index) => {
    const match = NUMBERED_HEADING.exec(normalise(raw));
    const text = match ? headingText(match[1], MAX_NUMBERED_HEADING) : null;
    if (text) headings.push({ text, raw: raw.trim(), line: index + 1 });
  });
  return headings;
}

/** For drafts without Chinese numbering: short standalone lines, never sentences from a paragraph. */
function unnumberedHeadings(lines: string[]): Heading[] {
  const headings: Heading[] = [];
  lines.forEach((raw, index) => {
    const line = normalise(raw);
    if (line.startsWith('(')) return;
    const rest = line.replace(ARABIC_MARKER, '').replace(/:$/, '');
    if (/[。;!?,:]/.test(rest)) return;
    const text = headingText(rest, MAX_UNNUMBERED_HEADING);
    // The title (…情况的报告) is not a section.
    if (text && !text.endsWith('报告')) headings.push({ text, raw: raw.trim(), line: index + 1 });
  });
  return headings;
}

export function checkSections(text: string): SectionCheck {
  const lines = text.split(/\r\n|\r|\n/);
  const numbered = numberedHeadings(lines);
  const headings = numbered.length > 0 ? numbered : unnumberedHeadings(lines);

  const found: FoundSection[] = [];
  for (const heading of headings) {
    for (const key of classifyHeading(heading.text)) found.push({ key, heading: heading.raw, line: heading.line });
  }
  const foundKeys = new Set(found.map((f) => f.key));
  const missing = REPORT_SECTIONS.filter((s) => s.required && !foundKeys.has(s.key)).map(({ key, title }) => ({
    key,
    title,
  }));
  return { found, missing };
}

/** A heading line of a report, as the public page shows it. */
export interface OutlineHeading {
  /** 1-based line number in the text. */
  line: number;
  /** 1: a top-level part, exactly the headings checkSections reads; 2: a (一)… part inside one. */
  level: 1 | 2;
  /** The heading as written, up to its first sentence end when a paragraph follows on the same line. */
  heading: string;
  /** That paragraph ("" when the line is only a heading). */
  rest: string;
}

const SECOND_LEVEL_HEADING = new RegExp(`^\\(${CN_NUMERAL}\\)\\s*(.*)$`);
// On the line as written (not normalised): its numbering, full- or half-width, then the sentence ends
// of SENTENCE_END, so "一：" is a numbering and not the end of a heading.
const RAW_MARKER = new RegExp(
  `^(?:[（(]\\s*${CN_NUMERAL}\\s*[)）]|第${CN_NUMERAL}(?:部分|章)|${CN_NUMERAL})\\s*[、.,:，．：]?`,
);
const RAW_SENTENCE_END = /[。;!?:；！？：]/;

function outlineHeading(raw: string, line: number, level: 1 | 2): OutlineHeading {
  const trimmed = raw.trim();
  const start = RAW_MARKER.exec(trimmed)?.[0].length ?? 0;
  const found = trimmed.slice(start).search(RAW_SENTENCE_END);
  const end = found >= 0 ? start + found : -1;
  const rest = end >= 0 ? trimmed.slice(end + 1).trim() : '';
  return { line, level, heading: rest ? trimmed.slice(0, end + 1) : trimmed, rest };
}

/**
 * The headings of a report in text order: its top-level parts (the same lines the section check
 * reads as parts, numbered or not) and the (一)、(二)… parts under them, full- or half-width.
 * "1." items stay paragraphs: in real reports they are run-in headings of prose.
 */
export function reportOutline(text: string): OutlineHeading[] {
  const lines = text.split(/\r\n|\r|\n/);
  const numbered = numberedHeadings(lines);
  const topLevel = numbered.length > 0 ? numbered : unnumberedHeadings(lines);
  const top = new Set(topLevel.map((h) => h.line));
  const outline: OutlineHeading[] = [];
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (top.has(line)) {
      outline.push(outlineHeading(raw, line, 1));
      return;
    }
    const match = SECOND_LEVEL_HEADING.exec(normalise(raw));
    if (match && headingText(match[1], MAX_NUMBERED_HEADING)) outline.push(outlineHeading(raw, line, 2));
  });
  return outline;
}

/**
 * The text of one section as the check found it: from its heading to the next heading found (or the
 * end), e.g. the report's 第一责任人 section shown beside the leader's 述法.
 */
export function sectionText(
  text: string,
  check: SectionCheck<string>,
  key: string,
): { heading: string; text: string } | null {
  const found = check.found.find((f) => f.key === key);
  if (!found) return null;
  const lines = text.split(/\r\n|\r|\n/);
  const next = check.found
    .map((f) => f.line)
    .filter((line) => line > found.line)
    .sort((a, b) => a - b)[0];
  return {
    heading: found.heading,
    text: lines
      .slice(found.line, next ? next - 1 : undefined)
      .join('\n')
      .trim(),
  };
}
