import type { ActorRef, CycleEvent, CycleSnapshot } from '../cycles/cycle-state';
import { openStage, stageActionProblem } from '../cycles/cycle-state';
import { StepProblem, storableProblem } from '../cycles/step-rules';
import { Evaluation, marksProblems, ShufaResult, shufaResult } from './scoring';
import { ShufaSettings, shufaSettingsProblems } from './shufa-settings';
import { MeetingRecord, ShufaState } from './shufa-state';

/**
 * The 述法 steps beyond advancing and returning: scoring, changing the panel, recording the meeting,
 * and closing the evaluation. Validators answer the problem (as the workflows' update validators
 * refuse it) or null; the changes are applied to the snapshot in place.
 */

const OLD_CYCLE: StepProblem = {
  code: 'STAGE_MISMATCH',
  message: '该述法流程启动于在线评议之前，不能在线评议或调整评议设置',
};

function shufaOf(state: CycleSnapshot): ShufaState | null {
  return state.shufa ?? null;
}

/** An evaluator's marks: on the panel, once, in the evaluation stage, each dimension marked in range. */
export function evaluateProblem(
  state: CycleSnapshot,
  request: { actor: ActorRef; marks: { scores?: unknown; ratings?: unknown } },
): StepProblem | null {
  const shufa = shufaOf(state);
  if (!shufa) return OLD_CYCLE;
  const problem = stageActionProblem(state, 'shufa_evaluation') ?? storableProblem(request);
  if (problem) return problem;
  if (!shufa.settings.panel.some((m) => m.userId === request.actor.id)) {
    return { code: 'VALIDATION_FAILED', message: '您不是本次述法的评议人' };
  }
  if (shufa.evaluations.some((e) => e.userId === request.actor.id)) {
    return { code: 'CONFLICT', message: '您已对本次述法评分，不能重复评分' };
  }
  const [wrong] = marksProblems(shufa.settings, request.marks ?? {});
  if (wrong) return { code: 'VALIDATION_FAILED', message: `${wrong.field}: ${wrong.problems[0]}`, field: wrong.field };
  return null;
}

/** The panel members who have not scored yet. */
export function yetToScore(shufa: ShufaState): string[] {
  const scored = new Set(shufa.evaluations.map((e) => e.userId));
  return shufa.settings.panel.map((m) => m.userId).filter((id) => !scored.has(id));
}

/** Records an evaluator's marks; answers whether the whole panel has now scored. */
export function recordEvaluation(state: CycleSnapshot, evaluation: Evaluation): boolean {
  const shufa = state.shufa as ShufaState;
  shufa.evaluations.push(evaluation);
  const scored = new Set(shufa.evaluations.map((e) => e.userId));
  return shufa.settings.panel.every((m) => scored.has(m.userId));
}

/** The evaluation closes (all scored, or its due date passed): the result is fixed, missing members named. */
export function closeEvaluation(state: CycleSnapshot, now: number): ShufaResult {
  const shufa = state.shufa as ShufaState;
  shufa.result = shufaResult(shufa.settings, shufa.evaluations);
  shufa.closedAt = now;
  return shufa.result;
}

/** The result with every evaluator's marks, as stored and shown once the evaluation has closed. */
export function publishedResult(shufa: ShufaState): (ShufaResult & { marks: Evaluation[] }) | null {
  return shufa.result ? { ...shufa.result, marks: shufa.evaluations } : null;
}

/** Whether the panel and mode may still change: until the evaluation closes. */
function settingsOpen(state: CycleSnapshot, shufa: ShufaState): StepProblem | null {
  if (shufa.closedAt !== null || !openStage(state) || state.stage === 'shufa_rectification') {
    return { code: 'STAGE_MISMATCH', message: '评议已结束，不能再调整述法方式或评议人' };
  }
  return null;
}

export type PanelChange = Partial<Pick<ShufaSettings, 'mode' | 'panel' | 'dimensions'>>;

/** Changing one cycle's mode, panel or dimensions: until evaluation closes; a member who scored stays. */
export function panelChangeProblem(state: CycleSnapshot, request: { change: PanelChange }): StepProblem | null {
  const shufa = shufaOf(state);
  if (!shufa) return OLD_CYCLE;
  const problem = settingsOpen(state, shufa) ?? storableProblem(request);
  if (problem) return problem;
  const [wrong] = shufaSettingsProblems(request.change ?? {}, 'settings');
  if (wrong) return { code: 'VALIDATION_FAILED', message: `${wrong.field}: ${wrong.problems[0]}`, field: wrong.field };
  const kept = new Set((request.change.panel ?? shufa.settings.panel).map((m) => m.userId));
  const scored = shufa.evaluations.find((e) => !kept.has(e.userId));
  if (scored) return { code: 'CONFLICT', message: '已评分的评议人不能移出评议组', field: 'evaluators' };
  if (request.change.dimensions && shufa.evaluations.length > 0) {
    return { code: 'CONFLICT', message: '已有评议人评分，不能再修改评议维度', field: 'dimensions' };
  }
  return null;
}

export function changePanel(state: CycleSnapshot, change: PanelChange): void {
  const shufa = state.shufa as ShufaState;
  shufa.settings = { ...shufa.settings, ...change };
}

/** The meeting of a 会议述法 or 现场述法: recorded by the office before the evaluation closes. */
export function meetingProblem(state: CycleSnapshot, request: { meeting: Omit<MeetingRecord, 'recordedBy' | 'at'> }) {
  const shufa = shufaOf(state);
  if (!shufa) return OLD_CYCLE;
  const problem = settingsOpen(state, shufa) ?? storableProblem(request);
  if (problem) return problem;
  if (shufa.settings.mode === 'written') {
    return { code: 'STAGE_MISMATCH' as const, message: '书面述法没有述法会议可记录；如需现场述法，请先调整述法方式' };
  }
  return null;
}

export function recordMeeting(state: CycleSnapshot, meeting: MeetingRecord): void {
  (state.shufa as ShufaState).meeting = meeting;
}

/**
 * A panel member who holds no other role sees only the 述法 cycles that name him (not every cycle of
 * his jurisdiction, nor any report): his whole part is to score those.
 */
export function seesOnlyOwnPanels(actor: { roles: readonly string[] }): boolean {
  return actor.roles.length > 0 && actor.roles.every((role) => role === 'evaluator');
}

/** Whether the cycle names the person on its panel. */
export function namesOnPanel(state: Pick<CycleSnapshot, 'shufa'>, userId: string): boolean {
  return state.shufa?.settings.panel.some((m) => m.userId === userId) ?? false;
}

/** What the result's audit row says: the score, grade and who did not score (the marks stay in the snapshot). */
export function resultSummary(result: ShufaResult) {
  return {
    score: result.score,
    grade: result.grade,
    insufficient: result.insufficient,
    evaluators: result.evaluators,
    missing: result.missing,
  };
}

/**
 * The audit row of an evaluation the office closes by advancing (before its due date, with marks
 * missing): the result the marks so far give. None when no 述法 evaluation is open.
 */
export function evaluationClosingEvents(state: CycleSnapshot): CycleEvent[] {
  const shufa = state.shufa;
  if (state.stage !== 'shufa_evaluation' || !shufa || shufa.closedAt !== null) return [];
  return [{ action: 'shufa.evaluation_closed', after: resultSummary(shufaResult(shufa.settings, shufa.evaluations)) }];
}
