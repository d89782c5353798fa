import { FieldProblem } from '../errors';
import { Grade, Rating, RATINGS, ShufaSettings } from './shufa-settings';

/** One evaluator's marks: a score 0–100 per dimension, or a rating per dimension (by the scale). */
export type EvaluationMarks = { scores: Record<string, number> } | { ratings: Record<string, Rating> };

/** What one evaluator gave: the marks, the score they come to, and when. */
export interface Evaluation {
  userId: string;
  marks: EvaluationMarks;
  comment: string | null;
  at: number;
}

/** The panel's result, stored once the evaluation stage closes. */
export interface ShufaResult {
  /** The mean over the counted evaluators (extremes dropped with 5 or more), 2 decimals; null: nobody scored. */
  score: number | null;
  /** null below the quorum (then `insufficient`) or when nobody scored. */
  grade: Grade | null;
  /** 评议人数不足: fewer evaluators scored than the quorum asks for. */
  insufficient: boolean;
  panelSize: number;
  /** How many must score for a grade. */
  quorumNeeded: number;
  /** Every evaluator's own score (weighted mean over dimensions), in the order they scored. */
  evaluators: { userId: string; score: number; counted: boolean }[];
  /** Named evaluators who did not score by the close (recorded as missing). */
  missing: string[];
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a dimension's mark is worth, 0–100. */
function markValue(settings: ShufaSettings, marks: EvaluationMarks, dimension: string): number {
  if ('scores' in marks) return marks.scores[dimension];
  const coefficients = settings.scale.kind === 'ratings' ? settings.scale.coefficients : null;
  return (coefficients?.[marks.ratings[dimension]] ?? 0) * 100;
}

/** One evaluator's score: the weighted mean of his marks over the dimensions. */
export function evaluatorScore(settings: ShufaSettings, marks: EvaluationMarks): number {
  const total = settings.dimensions.reduce((sum, d) => sum + d.weight, 0);
  const weighted = settings.dimensions.reduce((sum, d) => sum + d.weight * markValue(settings, marks, d.name), 0);
  return round2(weighted / total);
}

/** The grade a score earns under the thresholds (edges included: 90 is 优秀). */
export function gradeOf(settings: ShufaSettings, score: number): Grade {
  if (score >= settings.thresholds.优秀) return '优秀';
  if (score >= settings.thresholds.良好) return '良好';
  if (score >= settings.thresholds.一般) return '一般';
  return '较差';
}

/** How many of a panel must score for a grade. */
export function quorumNeeded(settings: ShufaSettings, panelSize: number): number {
  // A tolerance so that ⅔ of 6 is 4, not 5 (0.6667 × 6 = 4.0002).
  return Math.max(1, Math.ceil(settings.quorum * panelSize - 1e-3));
}

/**
 * The panel's result: each evaluator's weighted mean, then the mean over evaluators, dropping one
 * highest and one lowest when 5 or more scored (去掉一个最高分和一个最低分); a grade only at quorum.
 */
export function shufaResult(settings: ShufaSettings, evaluations: readonly Evaluation[]): ShufaResult {
  const scored = evaluations.map((e) => ({ userId: e.userId, score: evaluatorScore(settings, e.marks) }));
  const dropped = new Set<number>();
  if (scored.length >= 5) {
    const order = scored.map((s, i) => i).sort((a, b) => scored[a].score - scored[b].score || a - b);
    dropped.add(order[0]);
    dropped.add(order[order.length - 1]);
  }
  const counted = scored.filter((_, i) => !dropped.has(i));
  const score = counted.length === 0 ? null : round2(counted.reduce((sum, s) => sum + s.score, 0) / counted.length);
  const needed = quorumNeeded(settings, settings.panel.length);
  const insufficient = scored.length < needed;
  const done = new Set(evaluations.map((e) => e.userId));
  return {
    score,
    grade: score === null || insufficient ? null : gradeOf(settings, score),
    insufficient,
    panelSize: settings.panel.length,
    quorumNeeded: needed,
    evaluators: scored.map((s, i) => ({ ...s, counted: !dropped.has(i) })),
    missing: settings.panel.map((m) => m.userId).filter((id) => !done.has(id)),
  };
}

/**
 * Everything wrong with an evaluator's marks under the settings, each field named: the scale's kind
 * (scores or ratings), every dimension marked once, no unknown dimension, scores 0–100.
 */
export function marksProblems(settings: ShufaSettings, body: { scores?: unknown; ratings?: unknown }): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const kind = settings.scale.kind;
  const wrong = kind === 'scores' ? 'ratings' : 'scores';
  if (body[wrong] !== undefined) {
    problems.push({
      field: wrong,
      problems: [
        kind === 'scores'
          ? '本次评议按 0–100 分打分，请填写 scores'
          : '本次评议按 好/较好/一般/差 评定，请填写 ratings',
      ],
    });
  }
  const marks = body[kind];
  if (!isObject(marks)) {
    problems.push({ field: kind, problems: ['应为各评议维度的对象'] });
    return problems;
  }
  const names = settings.dimensions.map((d) => d.name);
  for (const key of Object.keys(marks)) {
    if (!names.includes(key))
      problems.push({ field: `${kind}.${key}`, problems: [`未知评议维度：${key}（应为 ${names.join('、')}）`] });
  }
  for (const name of names) {
    const value = marks[name];
    if (value === undefined) problems.push({ field: `${kind}.${name}`, problems: ['缺少该维度的评分'] });
    else if (kind === 'scores' && (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100)) {
      problems.push({ field: `${kind}.${name}`, problems: ['分数应为 0 至 100 之间的数'] });
    } else if (kind === 'ratings' && !(RATINGS as readonly unknown[]).includes(value)) {
      problems.push({ field: `${kind}.${name}`, problems: [`应为 ${RATINGS.join('、')} 之一`] });
    }
  }
  return problems;
}
