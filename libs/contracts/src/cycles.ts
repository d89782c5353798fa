import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ActorRef, CalendarStage, CycleEvent, CycleKind, CycleSnapshot, Escalation } from '@rol/domain';

export type { ActorRef, CycleEvent };

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
  reason: string | null;
  actor: ActorRef;
}

export interface ExtendRequest {
  stage: CalendarStage;
  dueAt: number;
  reason: string;
  actor: ActorRef;
}

/** A person's step on the open stage; who may take it is checked by the API before it is sent. */
export interface AdvanceRequest {
  /** The stage the caller means to end: a stale or repeated request is refused (STAGE_MISMATCH / CONFLICT). */
  stage: CalendarStage;
  actor: ActorRef;
  comment: string | null;
  details: Record<string, unknown>;
}

export interface RejectRequest {
  stage: CalendarStage;
  actor: ActorRef;
  reason: string;
  /** The new due instant of the stage it goes back to (computed by the API from the working days). */
  reworkDueAt: number;
}

export interface CancelRequest {
  actor: ActorRef;
  reason: string;
}

export interface ContributeRequest {
  divisionId: string;
  actor: ActorRef;
}

export const cycleStateQuery = defineQuery<CycleSnapshot>('cycleState');
export const advanceUpdate = defineUpdate<CycleSnapshot, [AdvanceRequest]>('advance');
export const rejectUpdate = defineUpdate<CycleSnapshot, [RejectRequest]>('reject');
export const contributeUpdate = defineUpdate<CycleSnapshot, [ContributeRequest]>('contribute');
export const cancelUpdate = defineUpdate<CycleSnapshot, [CancelRequest]>('cancel');
/** Fire-and-forget: a calendar change fanned out to every running cycle; older revisions are ignored. */
export const retimeSignal = defineSignal<[RetimeRequest]>('retime');
/** An admin extends one stage of one cycle; answers with the new state once it is persisted. */
export const extendUpdate = defineUpdate<CycleSnapshot, [ExtendRequest]>('extend');

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
}

export interface NoticeRound {
  /** Email addresses the round went to (already sent ones included). */
  recipients: string[];
  sentNow: number;
}

export interface CycleActivities {
  /** Writes the projection and its audit rows in one transaction; a stale or repeated call changes nothing. */
  persistCycle(input: { snapshot: CycleSnapshot; events: CycleEvent[] }): Promise<boolean>;
  remindStage(input: StageNoticeInput & { offset: string }): Promise<NoticeRound>;
  escalateStage(
    input: StageNoticeInput & { period: number; round: number; overdueSince: number },
  ): Promise<NoticeRound>;
}
