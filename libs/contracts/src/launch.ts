import { defineQuery } from '@temporalio/workflow';

export const LAUNCH_CALENDAR_WORKFLOW = 'launchCalendarWorkflow';
export const RETIME_CALENDAR_WORKFLOW = 'retimeCalendarWorkflow';
export const CLOSE_CALENDAR_WORKFLOW = 'closeCalendarWorkflow';

export interface LaunchInput {
  calendarId: string;
  /** Launch one department only (e.g. one added after the year was launched). */
  organizationId: string | null;
  batchSize: number;
}

/** Why a cycle's workflow is no longer running, as Temporal reports its last run. */
export type ClosedRunStatus = 'FAILED' | 'TERMINATED' | 'TIMED_OUT' | 'CANCELLED';

/** A cycle whose workflow had failed, been terminated or timed out: started again from its state in PostgreSQL. */
export interface RestartedCycle {
  cycleId: string;
  previousStatus: ClosedRunStatus;
  /** The stage it carries on with. */
  stage: string;
}

/** A cycle whose workflow is not running and could not be started again, with the reason (for people). */
export interface FailedCycle {
  cycleId: string;
  previousStatus: string;
  reason: string;
}

export interface LaunchCounts {
  departments: number;
  reportStarted: number;
  shufaStarted: number;
  /** Cycles found already running (a repeated or resumed launch). */
  alreadyRunning: number;
  /** Cycles found ended (completed or cancelled): never started again. */
  alreadyEnded: number;
  restarted: RestartedCycle[];
  failed: FailedCycle[];
  /** Codes of departments without a principal leader: no 述法 cycle for them. */
  withoutLeader: string[];
}

/** Counts of nothing launched yet: where a launch, a run of its activity and each batch start from. */
export function noLaunchCounts(): LaunchCounts {
  return {
    departments: 0,
    reportStarted: 0,
    shufaStarted: 0,
    alreadyRunning: 0,
    alreadyEnded: 0,
    restarted: [],
    failed: [],
    withoutLeader: [],
  };
}

export interface LaunchBatchInput {
  calendarId: string;
  organizationId: string | null;
  /** Departments are launched in code order; the batch starts after this code. */
  afterCode: string | null;
  limit: number;
}

/**
 * What one run of the launch activity did: one batch of `limit` departments or, since the activity
 * goes on batch after batch for a few seconds, several (results recorded before have neither field).
 */
export interface LaunchBatchResult extends LaunchCounts {
  /** The last department code launched; null when there was nothing left. */
  lastCode: string | null;
  /** How many batches (each its own transaction) this run took. */
  batches?: number;
  /** Whether it reached the last department (a batch came back short). */
  done?: boolean;
}

/** What a launch activity run has done so far, recorded in its heartbeat: a retry carries on from it. */
export interface LaunchBatchHeartbeat {
  afterCode: string | null;
  result: LaunchBatchResult;
}

export interface LaunchProgress extends LaunchCounts {
  batches: number;
  done: boolean;
}

export const launchProgressQuery = defineQuery<LaunchProgress>('launchProgress');

/** One launch of a calendar at a time; a second launch after it finished runs again and starts nothing twice. */
export function launchWorkflowId(calendarId: string, organizationId: string | null): string {
  return organizationId ? `launch-${calendarId}-${organizationId}` : `launch-${calendarId}`;
}

export interface RetimeInput {
  calendarId: string;
  revision: number;
  batchSize: number;
}

export interface RetimeBatchInput {
  calendarId: string;
  revision: number;
  afterId: string | null;
  limit: number;
}

export interface RetimeBatchResult {
  signalled: number;
  lastId: string | null;
}

export function retimeWorkflowId(calendarId: string, revision: number): string {
  return `retime-${calendarId}-${revision}`;
}

/** An admin closes a launched year: every cycle still running ends, with his reason (年度关闭). */
export interface CloseInput {
  calendarId: string;
  batchSize: number;
}

export interface CloseBatchInput {
  calendarId: string;
  afterId: string | null;
  limit: number;
}

export interface CloseBatchResult {
  /** Cycles ended by this batch. */
  closed: number;
  /** Cycles whose workflow was no longer running (failed, terminated): left as stored, named. */
  notRunning: string[];
  lastId: string | null;
}

export function closeWorkflowId(calendarId: string): string {
  return `close-${calendarId}`;
}

export interface LaunchActivities {
  launchBatch(input: LaunchBatchInput): Promise<LaunchBatchResult>;
  retimeBatch(input: RetimeBatchInput): Promise<RetimeBatchResult>;
  closeBatch(input: CloseBatchInput): Promise<CloseBatchResult>;
}
