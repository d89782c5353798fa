import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ActorRef,
  AdvanceDetails,
  CalendarStage,
  CycleChange,
  CycleEvent,
  CycleKind,
  CycleSnapshot,
  Escalation,
  SendWindow,
} from '@rol/domain';

export type { ActorRef, CycleChange, CycleEvent };

/** Contracts between the API, the worker and the cycle workflows. Instants are epoch milliseconds. */

export const REPORT_CYCLE_WORKFLOW = 'reportCycleWorkflow';
export const SHUFA_CYCLE_WORKFLOW = 'shufaCycleWorkflow';

export const CYCLE_WORKFLOW: Record<CycleKind, string> = {
  report: REPORT_CYCLE_WORKFLOW,
  shufa: SHUFA_CYCLE_WORKFLOW,
};

export interface RetimeRequest {
  revision: number;
  due: Partial<Record<CalendarStage, number>>;
  reminders: string[];
  escalation: Escalation;
  /** The calendar's quiet hours over its working days (null: off); absent in requests from before them. */
  sendWindow?: SendWindow | null;
  reason: string | null;
  actor: ActorRef;
}

/** Every person's step carries what its caller read of the projection. */
export interface StepRequest {
  /**
   * The projection's seq as the caller read it before the step: every change up to it is written, so
   * the workflow no longer holds it for writing (absent in older requests).
   */
  writtenSeq?: number;
}

export interface ExtendRequest extends StepRequest {
  /** The stage extended; with `divisionId`, the contributions stage. */
  stage: CalendarStage;
  /** Only this division's part (a cycle that keeps deadline items); the stage's own date stays. */
  divisionId?: string;
  dueAt: number;
  reason: string;
  actor: ActorRef;
}

/** A person's step on the open stage; who may take it is checked by the API before it is sent. */
export interface AdvanceRequest extends StepRequest {
  /** The stage the caller means to end: a stale or repeated request is refused (STAGE_MISMATCH / CONFLICT). */
  stage: CalendarStage;
  actor: ActorRef;
  comment: string | null;
  /** What the stage records (its record's `details`): see AdvanceDetailsByStage. */
  details: AdvanceDetails;
}

export interface RejectRequest extends StepRequest {
  stage: CalendarStage;
  actor: ActorRef;
  reason: string;
  /** The new due instant of the stage it goes back to (computed by the API from the working days). */
  reworkDueAt: number;
}

export interface CancelRequest extends StepRequest {
  actor: ActorRef;
  reason: string;
}

export interface ContributeRequest extends StepRequest {
  divisionId: string;
  actor: ActorRef;
}

/**
 * What a person's step answers: the new state and every change the projection may not hold yet (this
 * one and any earlier one not yet written by the workflow). The caller writes them (a newer snapshot
 * only, each change once) before it answers; the workflow writes them too, shortly after, in case the
 * caller could not. Histories from before this answered with the snapshot alone, already persisted.
 */
export interface CycleStepResult {
  snapshot: CycleSnapshot;
  changes: CycleChange[];
}

export type CycleUpdateResult = CycleStepResult | CycleSnapshot;

export function isStepResult(result: CycleUpdateResult): result is CycleStepResult {
  return 'changes' in result && 'snapshot' in result;
}

export const cycleStateQuery = defineQuery<CycleSnapshot>('cycleState');
export const advanceUpdate = defineUpdate<CycleUpdateResult, [AdvanceRequest]>('advance');
export const rejectUpdate = defineUpdate<CycleUpdateResult, [RejectRequest]>('reject');
export const contributeUpdate = defineUpdate<CycleUpdateResult, [ContributeRequest]>('contribute');
export const cancelUpdate = defineUpdate<CycleUpdateResult, [CancelRequest]>('cancel');
/** Fire-and-forget: a calendar change fanned out to every running cycle; older revisions are ignored. */
export const retimeSignal = defineSignal<[RetimeRequest]>('retime');
/** An admin extends one stage of one cycle; answers as the other steps do. */
export const extendUpdate = defineUpdate<CycleUpdateResult, [ExtendRequest]>('extend');

/**
 * The type of the failure persistCycle ends with when PostgreSQL refuses the write for good (not a
 * passing fault): its details carry `{ stored, code }`, the snapshot the projection still holds.
 */
export const PERMANENT_WRITE_FAILURE = 'PermanentWriteFailure';

export interface PermanentWriteDetails {
  stored: CycleSnapshot | null;
  /** PostgreSQL's SQLSTATE. */
  code: string | null;
}

/**
 * Asks a cycle to write what it holds now, at once. Its caller could not write a step (PostgreSQL
 * refused it for good): the workflow's own write is refused too, and the cycle then goes back to
 * what the projection holds. Answers whether the write went through.
 */
export const writeNowUpdate = defineUpdate<{ written: boolean }, []>('writeNow');

export interface StageNoticeInput {
  cycleId: string;
  kind: CycleKind;
  organizationId: string;
  jurisdictionId: string;
  year: number;
  stage: CalendarStage;
  visit: number;
  dueAt: number;
  /** Contributions stage: only these divisions are still to hand in. */
  pendingDivisions?: string[];
  /** The notice is about this division's part, a deadline item of its own (its key names it). */
  divisionId?: string;
  /** One item of a 述法 cycle's 问题清单, a deadline item of its own (its key names it). */
  rectificationItemId?: string;
  /** What that item is (the mail names it). */
  itemDescription?: string;
  /** A 述法 evaluation: the panel members it is about (those yet to score), told instead of every evaluator. */
  evaluators?: string[];
}

export interface NoticeRound {
  /** Email addresses the round went to (already sent ones included). */
  recipients: string[];
  sentNow: number;
  /** The organisation's channels the round also went to (`email`, `dingtalk`, `wecom`). */
  channels?: string[];
}

export interface CycleActivities {
  /**
   * Writes the projection and its audit rows in one transaction; a stale or repeated call changes
   * nothing. `changes` (each change not yet written, in seq order) when given, else `events` are the
   * change that made `snapshot` (as older histories scheduled it).
   */
  persistCycle(input: { snapshot: CycleSnapshot; events?: CycleEvent[]; changes?: CycleChange[] }): Promise<boolean>;
  remindStage(input: StageNoticeInput & { offset: string; keyedByDueAt?: boolean }): Promise<NoticeRound>;
  escalateStage(
    input: StageNoticeInput & { period: number; round: number; overdueSince: number },
  ): Promise<NoticeRound>;
}
