import { defineUpdate } from '@temporalio/workflow';
import type { ActorRef, IssuedItem, MeetingRecord, PanelChange, RectificationStep } from '@rol/domain';
import type { CycleUpdateResult, StepRequest } from './cycles';

/** Updates only a 述法 cycle has (registered by its workflow only). */

/** A panel member's marks: scores 0–100 or ratings per dimension, as the cycle's scale says. */
export interface EvaluateRequest extends StepRequest {
  actor: ActorRef;
  marks: { scores: Record<string, number> } | { ratings: Record<string, '好' | '较好' | '一般' | '差'> };
  comment: string | null;
}

/** The office changes one cycle's mode, panel or dimensions (until evaluation closes). */
export interface PanelRequest extends StepRequest {
  actor: ActorRef;
  change: PanelChange;
}

/** The office records the 述法 meeting (会议述法, 现场述法). */
export interface MeetingRequest extends StepRequest {
  actor: ActorRef;
  meeting: Omit<MeetingRecord, 'recordedBy' | 'at'>;
}

export const evaluateUpdate = defineUpdate<CycleUpdateResult, [EvaluateRequest]>('evaluate');
export const panelUpdate = defineUpdate<CycleUpdateResult, [PanelRequest]>('setPanel');
export const meetingUpdate = defineUpdate<CycleUpdateResult, [MeetingRequest]>('recordMeeting');

/** The office adds an item to the 问题清单 (its id given by the API). */
export interface IssueItemRequest extends StepRequest {
  actor: ActorRef;
  item: IssuedItem;
}

/** The leader reports an item done; the office verifies (销号) or reopens it. */
export type RectificationStepRequest = StepRequest & { actor: ActorRef } & RectificationStep;

export const issueItemUpdate = defineUpdate<CycleUpdateResult, [IssueItemRequest]>('issueRectificationItem');
export const rectificationStepUpdate = defineUpdate<CycleUpdateResult, [RectificationStepRequest]>('rectificationStep');
