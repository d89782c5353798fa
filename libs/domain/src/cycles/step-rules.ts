import { CalendarStage, STAGE_LABELS } from '../calendar/stages';
import { stepRequestProblem } from '../text';
import { CycleSnapshot, openStage, REJECT_TARGET, stageActionProblem } from './cycle-state';
import { keepsDeadlineItems } from './deadlines';

/**
 * Whether a person's step may be taken on a cycle as it stands: the rules the cycle workflows'
 * update validators apply (before anything reaches history), as pure functions. Each answers null
 * or the problem, with the code the API answers it with.
 */
export interface StepProblem {
  code: 'VALIDATION_FAILED' | 'STAGE_MISMATCH' | 'CONFLICT';
  message: string;
  field?: string;
}

export function storableProblem(request: unknown): StepProblem | null {
  const problem = stepRequestProblem(request);
  if (!problem) return null;
  return problem.field
    ? { code: 'VALIDATION_FAILED', message: `${problem.field}: ${problem.problem}`, field: problem.field }
    : { code: 'VALIDATION_FAILED', message: problem.problem };
}

function blank(text: unknown): boolean {
  return typeof text !== 'string' || !text.trim();
}

/** Ending the open stage: it must be the stage the person means (a stale or repeated request is refused). */
export function advanceProblem(state: CycleSnapshot, request: { stage: CalendarStage }): StepProblem | null {
  return stageActionProblem(state, request.stage) ?? storableProblem(request);
}

/** Sending the open stage back: only stages that have one to go back to, and always with a reason. */
export function rejectProblem(
  state: CycleSnapshot,
  request: { stage: CalendarStage; reason: unknown },
): StepProblem | null {
  const problem = stageActionProblem(state, request.stage) ?? storableProblem(request);
  if (problem) return problem;
  if (!REJECT_TARGET[request.stage]) {
    return { code: 'STAGE_MISMATCH', message: `「${STAGE_LABELS[request.stage]}」阶段不能退回` };
  }
  if (blank(request.reason)) return { code: 'VALIDATION_FAILED', message: '退回必须说明理由', field: 'reason' };
  return null;
}

/** A division hands in its material: one of the department's own, once, while material is collected. */
export function contributeProblem(state: CycleSnapshot, request: { divisionId: string }): StepProblem | null {
  const problem = stageActionProblem(state, 'contributions') ?? storableProblem(request);
  if (problem) return problem;
  if (!state.divisions.includes(request.divisionId)) {
    return { code: 'VALIDATION_FAILED', message: '该处室不属于本部门', field: 'divisionId' };
  }
  if (state.contributions.some((c) => c.divisionId === request.divisionId)) {
    return { code: 'CONFLICT', message: '该处室已报送材料' };
  }
  return null;
}

/** Cancelling: only a cycle still open, and always with a reason. */
export function cancelProblem(state: CycleSnapshot, request: { reason: unknown }): StepProblem | null {
  if (!openStage(state)) return { code: 'STAGE_MISMATCH', message: '流程已结束，不能取消' };
  const problem = storableProblem(request);
  if (problem) return problem;
  if (blank(request?.reason)) return { code: 'VALIDATION_FAILED', message: '取消必须说明理由', field: 'reason' };
  return null;
}

/**
 * Extending a stage (one not ended yet, of a cycle still open) or one division's part (of a cycle
 * that keeps deadline items, while it collects and the division has not handed in): to a later
 * instant, with a reason.
 */
export function extendProblem(
  state: CycleSnapshot,
  request: { stage: CalendarStage; divisionId?: unknown; dueAt: unknown; reason: unknown } | null,
  now: number,
): StepProblem | null {
  if (typeof request !== 'object' || request === null) return { code: 'VALIDATION_FAILED', message: '请求不完整' };
  const problem = storableProblem(request);
  if (problem) return problem;
  const stage = state.stages.find((s) => s.stage === request.stage);
  if (!stage) return { code: 'VALIDATION_FAILED', message: `该周期没有阶段：${request.stage}`, field: 'stage' };
  if (stage.endedAt !== null || openStage(state) === null) {
    return { code: 'STAGE_MISMATCH', message: `「${STAGE_LABELS[stage.stage]}」阶段已结束，不能延期` };
  }
  if (request.divisionId !== undefined) {
    const itemProblem = divisionExtensionProblem(state, request.divisionId);
    if (itemProblem) return itemProblem;
  }
  if (typeof request.dueAt !== 'number' || !Number.isFinite(request.dueAt) || request.dueAt <= now) {
    return { code: 'VALIDATION_FAILED', message: '新的截止时间必须晚于当前时间', field: 'dueAt' };
  }
  if (blank(request.reason)) return { code: 'VALIDATION_FAILED', message: '延期必须说明理由', field: 'reason' };
  return null;
}

function divisionExtensionProblem(state: CycleSnapshot, divisionId: unknown): StepProblem | null {
  if (typeof divisionId !== 'string' || !state.divisions.includes(divisionId)) {
    return { code: 'VALIDATION_FAILED', message: '该处室不属于本部门', field: 'divisionId' };
  }
  if (openStage(state)?.stage !== 'contributions') {
    return { code: 'STAGE_MISMATCH', message: '材料征集已结束，不能为单个处室延期' };
  }
  if (state.contributions.some((c) => c.divisionId === divisionId)) {
    return { code: 'CONFLICT', message: '该处室已报送材料，无需延期' };
  }
  if (!keepsDeadlineItems(state)) {
    return {
      code: 'STAGE_MISMATCH',
      message: '该周期启动于各处室单独计时之前，不能为单个处室延期，请延长「材料征集」阶段',
      field: 'divisionId',
    };
  }
  return null;
}
