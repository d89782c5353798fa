import { NO_TIMER_PROGRESS, TimerProgress } from '../calendar/timer-step';
import { advanceCycle, stageActionProblem } from '../cycles/cycle-state';
import { StepProblem, storableProblem } from '../cycles/step-rules';
import type { ActorRef, CycleSnapshot } from '../cycles/cycle-state';
import type { CarriedItem } from './shufa-report-check';

/** What happened to a rectification item, in order: its history travels with it into the next year. */
export interface RectificationEvent {
  action: 'issued' | 'done' | 'reopened' | 'verified' | 'carried';
  at: number;
  by: ActorRef | null;
  comment?: string | null;
  evidence?: string | null;
}

/**
 * One item of the 问题清单 a 述法 evaluation leaves: a deadline item of its own (due date, reminders,
 * escalation); closed only when the admin verifies it (销号).
 */
export interface RectificationItem {
  id: string;
  description: string;
  dueAt: number;
  /** open: to be fixed (again, after a reopening); done: reported fixed, awaiting verification. */
  status: 'open' | 'done' | 'verified';
  /** Carried over from the leader's 述法 cycle of an earlier year (still open when it closed). */
  carriedFrom: { cycleId: string; year: number } | null;
  history: RectificationEvent[];
  overdueSince: number | null;
  timer: TimerProgress;
}

/** Last year's items still open, carried into this cycle: the 述法 report must speak of each. */
export function carriedRectificationItems(snapshot: Pick<CycleSnapshot, 'rectification'>): CarriedItem[] {
  return (snapshot.rectification ?? [])
    .filter((item) => item.carriedFrom !== null && item.status !== 'verified')
    .map((item) => ({ id: item.id, description: item.description }));
}

const OLD_CYCLE: StepProblem = {
  code: 'STAGE_MISMATCH',
  message: '该述法流程启动于在线整改之前，不能在线管理问题清单',
};
const blank = (text: unknown) => typeof text !== 'string' || !text.trim();

export interface IssuedItem {
  id: string;
  description: string;
  dueAt: number;
}

/** The office adds an item to the 问题清单, in the rectification stage: described, due later. */
export function issueProblem(state: CycleSnapshot, request: { item: IssuedItem }, now: number): StepProblem | null {
  if (!state.shufa) return OLD_CYCLE;
  const problem = stageActionProblem(state, 'shufa_rectification') ?? storableProblem(request);
  if (problem) return problem;
  const item = request.item;
  if (blank(item?.description)) return { code: 'VALIDATION_FAILED', message: '请描述该问题', field: 'description' };
  if (typeof item.dueAt !== 'number' || item.dueAt <= now) {
    return { code: 'VALIDATION_FAILED', message: '整改期限必须晚于当前时间', field: 'dueAt' };
  }
  if (state.rectification?.some((i) => i.id === item.id)) return { code: 'CONFLICT', message: '该事项已在问题清单中' };
  return null;
}

/** Adds the item: from now on the list's items are the stage's deadlines. */
export function issueRectification(state: CycleSnapshot, item: IssuedItem, by: ActorRef, now: number): void {
  (state.rectification ??= []).push({
    ...item,
    status: 'open',
    carriedFrom: null,
    history: [{ action: 'issued', at: now, by }],
    overdueSince: null,
    timer: NO_TIMER_PROGRESS,
  });
  const shufa = state.shufa as NonNullable<CycleSnapshot['shufa']>;
  shufa.listIssuedAt ??= now;
}

export type RectificationStep =
  | { step: 'done'; itemId: string; comment: string; evidence: string | null }
  | { step: 'verify'; itemId: string }
  | { step: 'reopen'; itemId: string; reason: string };

/** A step on one item: the leader reports it done; the office verifies (销号) or reopens it with a reason. */
export function rectificationStepProblem(state: CycleSnapshot, request: RectificationStep): StepProblem | null {
  if (!state.shufa) return OLD_CYCLE;
  const problem = stageActionProblem(state, 'shufa_rectification') ?? storableProblem(request);
  if (problem) return problem;
  const item = state.rectification?.find((i) => i.id === request.itemId);
  if (!item) return { code: 'VALIDATION_FAILED', message: '问题清单中没有该事项', field: 'itemId' };
  switch (request.step) {
    case 'done':
      if (item.status !== 'open') {
        return { code: 'CONFLICT', message: item.status === 'done' ? '该事项已报告整改完成，待核验' : '该事项已销号' };
      }
      if (blank(request.comment)) return { code: 'VALIDATION_FAILED', message: '请说明整改情况', field: 'comment' };
      return null;
    case 'verify':
    case 'reopen':
      if (item.status !== 'done') {
        return { code: 'CONFLICT', message: item.status === 'open' ? '该事项尚未报告整改完成' : '该事项已销号' };
      }
      if (request.step === 'reopen' && blank(request.reason)) {
        return { code: 'VALIDATION_FAILED', message: '退回整改必须说明理由', field: 'reason' };
      }
      return null;
  }
}

/** Applies a step; answers whether every item is now verified (the cycle then completes). */
export function applyRectificationStep(state: CycleSnapshot, request: RectificationStep, by: ActorRef, now: number) {
  const item = (state.rectification ?? []).find((i) => i.id === request.itemId) as RectificationItem;
  switch (request.step) {
    case 'done':
      item.status = 'done';
      item.history.push({ action: 'done', at: now, by, comment: request.comment, evidence: request.evidence });
      break;
    case 'verify':
      item.status = 'verified';
      item.history.push({ action: 'verified', at: now, by });
      break;
    case 'reopen':
      // It goes on against its own due date, which may have passed: then it is overdue at once.
      item.status = 'open';
      item.history.push({ action: 'reopened', at: now, by, comment: request.reason });
      break;
  }
  return (state.rectification ?? []).every((i) => i.status === 'verified');
}

/** Every item verified: the rectification stage ends and the cycle is completed. */
export function completeRectification(state: CycleSnapshot, now: number, comment: string): void {
  advanceCycle(state, now, { outcome: 'advanced', by: null, at: now, comment });
}

/**
 * Last year's items the leader did not finish, for his next 述法 cycle: each keeps its history, with
 * the carrying-over added; only from a cycle that has ended (the office closed the year).
 */
export function itemsToCarry(previous: CycleSnapshot, now: number): RectificationItem[] {
  if (previous.stage !== 'completed' && previous.stage !== 'cancelled') return [];
  return (previous.rectification ?? [])
    .filter((item) => item.status !== 'verified')
    .map((item) => ({
      ...item,
      status: 'open',
      carriedFrom: item.carriedFrom ?? { cycleId: previous.cycleId, year: previous.year },
      history: [...item.history, { action: 'carried', at: now, by: null }],
      overdueSince: null,
      timer: NO_TIMER_PROGRESS,
    }));
}
