import type { SectionCheck } from '../reports/section-check';

/**
 * The content check of a leader's 述法 report, like the report's section check: what it must speak
 * of (学法、守法、用法; 依法决策; 推进法治建设; last year's problems and how they were fixed) and
 * every rectification item carried over from last year still open. Pure: no Node built-ins.
 */
export interface ShufaTopic {
  key: string;
  title: string;
  pattern: RegExp;
}

export const SHUFA_TOPICS: readonly ShufaTopic[] = [
  { key: 'study', title: '学法', pattern: /学法/ },
  { key: 'observe', title: '守法', pattern: /守法/ },
  { key: 'apply', title: '用法', pattern: /用法/ },
  { key: 'decision', title: '依法决策', pattern: /依法决策/ },
  { key: 'promotion', title: '推进法治建设', pattern: /推进[^。；\n]{0,8}法治[^。；\n]{0,4}建设|法治建设第一责任人/ },
  { key: 'last_year', title: '上年度发现的问题及整改情况', pattern: /整改/ },
];

/** A rectification item of last year still open: the report must speak of it. */
export interface CarriedItem {
  id: string;
  description: string;
}

/** Text without spaces and punctuation, so a description quoted with other punctuation still matches. */
function bare(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]/gu, '');
}

/** The first words of an item's description that the report must quote (at most 15 characters). */
function itemPhrase(description: string): string {
  return bare(description).slice(0, 15);
}

export function checkShufaReport(text: string, carried: readonly CarriedItem[] = []): SectionCheck<string> {
  const lines = text.split(/\r\n|\r|\n/);
  const found: SectionCheck<string>['found'] = [];
  const missing: SectionCheck<string>['missing'] = [];
  const where = (test: (line: string) => boolean) => lines.findIndex(test);
  for (const topic of SHUFA_TOPICS) {
    const line = where((l) => topic.pattern.test(l));
    if (line >= 0) found.push({ key: topic.key, heading: lines[line].trim().slice(0, 80), line: line + 1 });
    else missing.push({ key: topic.key, title: topic.title });
  }
  for (const item of carried) {
    const phrase = itemPhrase(item.description);
    const line = phrase ? where((l) => bare(l).includes(phrase)) : -1;
    const key = `item:${item.id}`;
    if (line >= 0) found.push({ key, heading: lines[line].trim().slice(0, 80), line: line + 1 });
    else missing.push({ key, title: `上年度未完成的整改事项「${item.description.slice(0, 30)}」` });
  }
  return { found, missing };
}
