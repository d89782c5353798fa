import { FieldProblem } from '../errors';
import { durationProblem } from '../calendar/duration';

/**
 * A jurisdiction's 述法 rules, as settings (local rules differ): mode, panel, dimensions, scale,
 * quorum, grade thresholds and the rectification reminders. Pure: the API validates with it and the
 * workflows score with it.
 */

export const SHUFA_MODES = ['written', 'meeting', 'on_site'] as const;
export type ShufaMode = (typeof SHUFA_MODES)[number];
export const SHUFA_MODE_LABELS: Record<ShufaMode, string> = {
  written: '书面述法',
  meeting: '会议述法',
  on_site: '现场述法',
};

export const EVALUATOR_TYPES = ['npc_deputy', 'cppcc_member', 'legal_adviser', 'public', 'office'] as const;
export type EvaluatorType = (typeof EVALUATOR_TYPES)[number];
export const EVALUATOR_TYPE_LABELS: Record<EvaluatorType, string> = {
  npc_deputy: '人大代表',
  cppcc_member: '政协委员',
  legal_adviser: '法律顾问',
  public: '群众代表',
  office: '依法治办',
};

export const RATINGS = ['好', '较好', '一般', '差'] as const;
export type Rating = (typeof RATINGS)[number];

export interface PanelMember {
  userId: string;
  type: EvaluatorType;
}

export interface Dimension {
  /** Its name, also the key evaluators score it under (学法用法…). */
  name: string;
  weight: number;
}

/** Scores 0–100 per dimension, or ratings 好/较好/一般/差 worth their coefficient × 100. */
export type ShufaScale = { kind: 'scores' } | { kind: 'ratings'; coefficients: Record<Rating, number> };

export const GRADES = ['优秀', '良好', '一般', '较差'] as const;
export type Grade = (typeof GRADES)[number];

export interface ShufaSettings {
  mode: ShufaMode;
  panel: PanelMember[];
  dimensions: Dimension[];
  scale: ShufaScale;
  /** The share of the panel that must have scored for a grade (default ⅔). */
  quorum: number;
  /** The lowest score of each grade but the last (优秀 ≥ 90, 良好 ≥ 80, 一般 ≥ 60, else 较差). */
  thresholds: { 优秀: number; 良好: number; 一般: number };
  /** Reminders before each rectification item's due date. */
  rectificationReminders: string[];
}

export const DEFAULT_SHUFA_SETTINGS: ShufaSettings = {
  mode: 'written',
  panel: [],
  dimensions: [
    { name: '学法用法', weight: 1 },
    { name: '依法决策', weight: 1 },
    { name: '推进法治建设', weight: 1 },
    { name: '述法质量', weight: 1 },
  ],
  scale: { kind: 'scores' },
  quorum: 2 / 3,
  thresholds: { 优秀: 90, 良好: 80, 一般: 60 },
  rectificationReminders: ['P7D', 'P1D'],
};

export const DEFAULT_RATING_COEFFICIENTS: Record<Rating, number> = { 好: 1, 较好: 0.8, 一般: 0.6, 差: 0.4 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Everything wrong with a `shufa` settings block (each field named, under `prefix`); empty when it
 * is valid. Fields left out take the defaults (`withShufaDefaults`).
 */
export function shufaSettingsProblems(input: unknown, prefix = 'shufa'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field: `${prefix}.${field}`, problems: [problem] });
  if (!isObject(input)) return [{ field: prefix, problems: ['应为述法设置对象'] }];
  const known = ['mode', 'panel', 'dimensions', 'scale', 'quorum', 'thresholds', 'rectificationReminders'];
  for (const key of Object.keys(input)) if (!known.includes(key)) add(key, `未知设置项：${key}`);
  if (input.mode !== undefined && !(SHUFA_MODES as readonly unknown[]).includes(input.mode)) {
    add('mode', `应为 ${SHUFA_MODES.join('、')} 之一（${SHUFA_MODES.map((m) => SHUFA_MODE_LABELS[m]).join('、')}）`);
  }
  if (input.panel !== undefined) problems.push(...panelProblems(input.panel, `${prefix}.panel`));
  if (input.dimensions !== undefined) {
    if (!Array.isArray(input.dimensions) || input.dimensions.length === 0)
      add('dimensions', '应为至少一个评议维度的数组');
    else {
      const names = new Set<string>();
      input.dimensions.forEach((d: unknown, i) => {
        if (!isObject(d) || typeof d.name !== 'string' || d.name.trim() === '' || d.name.length > 30) {
          add(`dimensions[${i}].name`, '维度名称应为 1 至 30 个字的文字');
        } else if (names.has(d.name)) add(`dimensions[${i}].name`, `维度「${d.name}」重复`);
        else names.add(d.name);
        if (!isObject(d) || !isNumber(d.weight) || d.weight <= 0 || d.weight > 100) {
          add(`dimensions[${i}].weight`, '权重应为大于 0、不超过 100 的数');
        }
      });
    }
  }
  if (input.scale !== undefined) {
    const scale = input.scale;
    if (!isObject(scale) || (scale.kind !== 'scores' && scale.kind !== 'ratings')) {
      add('scale.kind', '应为 scores（0–100 分）或 ratings（好/较好/一般/差）');
    } else if (scale.kind === 'ratings' && scale.coefficients !== undefined) {
      const coefficients = scale.coefficients;
      if (!isObject(coefficients)) add('scale.coefficients', '应为各等次系数的对象');
      else
        for (const rating of RATINGS) {
          const value = coefficients[rating];
          if (!isNumber(value) || value < 0 || value > 1)
            add(`scale.coefficients.${rating}`, '系数应为 0 至 1 之间的数');
        }
    }
  }
  if (input.quorum !== undefined && (!isNumber(input.quorum) || input.quorum <= 0 || input.quorum > 1)) {
    add('quorum', '法定人数比例应为大于 0、不超过 1 的数（如 0.6667）');
  }
  if (input.thresholds !== undefined) {
    const t = input.thresholds;
    if (!isObject(t)) add('thresholds', '应为 {优秀, 良好, 一般} 各等次的最低分');
    else {
      for (const grade of ['优秀', '良好', '一般'] as const) {
        if (!isNumber(t[grade]) || (t[grade] as number) < 0 || (t[grade] as number) > 100) {
          add(`thresholds.${grade}`, '应为 0 至 100 之间的分数');
        }
      }
      if (isNumber(t.优秀) && isNumber(t.良好) && isNumber(t.一般) && !(t.优秀 > t.良好 && t.良好 > t.一般)) {
        add('thresholds', '应满足 优秀 > 良好 > 一般');
      }
    }
  }
  if (input.rectificationReminders !== undefined) {
    if (!Array.isArray(input.rectificationReminders))
      add('rectificationReminders', '应为 ISO-8601 时长数组，如 ["P7D","P1D"]');
    else
      input.rectificationReminders.forEach((r, i) => {
        const problem = durationProblem(r);
        if (problem) add(`rectificationReminders[${i}]`, problem);
      });
  }
  return problems;
}

/** Problems of a panel: named evaluators (user ids), each once, each with a type. */
export function panelProblems(panel: unknown, field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Array.isArray(panel)) return [{ field, problems: ['应为评议人数组 [{userId, type}]'] }];
  const seen = new Set<string>();
  panel.forEach((member: unknown, i) => {
    if (!isObject(member) || typeof member.userId !== 'string' || !UUID.test(member.userId)) {
      problems.push({ field: `${field}[${i}].userId`, problems: ['应为评议人的用户 id'] });
    } else if (seen.has(member.userId)) problems.push({ field: `${field}[${i}].userId`, problems: ['评议人重复'] });
    else seen.add(member.userId);
    if (!isObject(member) || !(EVALUATOR_TYPES as readonly unknown[]).includes(member.type)) {
      problems.push({
        field: `${field}[${i}].type`,
        problems: [`应为 ${EVALUATOR_TYPES.map((t) => `${t}（${EVALUATOR_TYPE_LABELS[t]}）`).join('、')} 之一`],
      });
    }
  });
  return problems;
}

/** A settings block (valid per `shufaSettingsProblems`) with the defaults filled in. */
export function withShufaDefaults(input: Partial<ShufaSettings> | null | undefined): ShufaSettings {
  const scale = input?.scale ?? DEFAULT_SHUFA_SETTINGS.scale;
  return {
    ...DEFAULT_SHUFA_SETTINGS,
    ...(input ?? {}),
    scale:
      scale.kind === 'ratings'
        ? { kind: 'ratings', coefficients: { ...DEFAULT_RATING_COEFFICIENTS, ...scale.coefficients } }
        : scale,
  } as ShufaSettings;
}
