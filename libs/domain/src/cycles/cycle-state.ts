import { Escalation } from '../calendar/calendar-rules';
import type { SendWindow } from '../calendar/quiet-hours';
import { CalendarStage, STAGE_LABELS } from '../calendar/stages';
import { NO_TIMER_PROGRESS, TimerProgress } from '../calendar/timer-step';
import { CANCELLED, COMPLETED, CYCLE_STAGES, CycleKind, CycleStage } from './cycle';
import type { ItemDeadline } from './deadlines';
import type { RectificationItem } from '../shufa/rectification';
import { ShufaState, startShufa } from '../shufa/shufa-state';
import type { ShufaSettings } from '../shufa/shufa-settings';

/** Who did something: a user (id and "name <email>"), or the system (id null). */
export interface ActorRef {
  id: string | null;
  label: string;
}

/** One audit row a change of a cycle writes, together with the cycle's new state. */
export interface CycleEvent {
  action: string;
  actor?: ActorRef;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
}

/** The audit rows of one change of a cycle: the change that made its snapshot's `seq` this number. */
export interface CycleChange {
  seq: number;
  events: CycleEvent[];
}

/** What a cycle is and whose it is. */
export interface CycleIdentity {
  cycleId: string;
  kind: CycleKind;
  calendarId: string;
  calendarRevision: number;
  organizationId: string;
  jurisdictionId: string;
  year: number;
  /** The principal leader a 述法 cycle concerns (null for report cycles). */
  leaderId: string | null;
}

/** Instants are epoch milliseconds: workflow code needs no date parsing. */
export interface CycleInput extends CycleIdentity {
  /** Effective (rolled-over) due instant of each stage of this kind of cycle. */
  due: Partial<Record<CalendarStage, number>>;
  reminders: string[];
  escalation: Escalation;
  /** The department's divisions (处室) that hand in material; none: the report starts at drafting. */
  divisions?: string[];
  /** A 述法 cycle's rules (mode, panel, dimensions…), from its calendar; older inputs had none. */
  shufa?: ShufaSettings;
  /** Last year's rectification items the leader did not finish, carried into this 述法 cycle. */
  carried?: RectificationItem[];
  /** Quiet hours: when notices may go out (null or absent: at once, as cycles launched before had it). */
  sendWindow?: SendWindow | null;
  /** Set when a long-running cycle continues as a new run: the state it carries on with. */
  resume?: CycleSnapshot;
}

export interface CycleStageState {
  stage: CalendarStage;
  dueAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** When the stage went past its due instant in the current visit (null: not overdue). */
  overdueSince: number | null;
  /** The cycle holds its own due instant (an extension, or rework after a rejection): calendar changes leave it alone. */
  extended: boolean;
  /** How many times the stage has been entered (rework after a rejection enters drafting again). */
  visits: number;
  /** How the stage last ended. */
  record: StageRecord | null;
}

export interface StageRecord {
  outcome: 'advanced' | 'rejected' | 'skipped' | 'cancelled';
  by: ActorRef | null;
  at: number;
  comment?: string | null;
  /** What the action recorded: meeting, recipients, disclosure… */
  details?: Record<string, unknown>;
}

export interface Contribution {
  divisionId: string;
  at: number;
  /** Handed in after the contributions stage's due instant. */
  late: boolean;
  by: ActorRef;
}

export interface CycleSnapshot extends CycleIdentity {
  stage: CycleStage;
  dueAt: number | null;
  overdue: boolean;
  /** How many times the current stage has been entered (rework after a rejection counts). */
  visit: number;
  stages: CycleStageState[];
  reminders: string[];
  escalation: Escalation;
  timer: TimerProgress;
  divisions: string[];
  contributions: Contribution[];
  /** Rejections sent back to drafting (legality review or sign-off). */
  rework: number;
  /** When the workflow next wakes up for the open deadlines. */
  nextTimerAt: number | null;
  /**
   * Deadline items with a due instant of their own (each division's part): kept by cycles started
   * since deadline items came in; absent in older ones, whose open stage is their one deadline.
   */
  items?: ItemDeadline[];
  /** A 述法 cycle's 问题清单 (and items carried over from last year). */
  rectification?: RectificationItem[];
  /** A 述法 cycle's settings, marks, meeting and result (cycles launched before these had none). */
  shufa?: ShufaState;
  /** Quiet hours: reminders and escalations wait for working periods (absent: they go out at once). */
  sendWindow?: SendWindow | null;
  /** Increases with every persisted change; the projection keeps only the newest. */
  seq: number;
}

/** A cycle as it begins: first stage open. Used by the workflow and by the launch that records it. */
export function startCycle(input: CycleInput, now: number): CycleSnapshot {
  const stages = CYCLE_STAGES[input.kind].map((stage, i): CycleStageState => ({
    stage,
    dueAt: input.due[stage] ?? Number.NaN,
    startedAt: i === 0 ? now : null,
    endedAt: null,
    overdueSince: null,
    extended: false,
    visits: i === 0 ? 1 : 0,
    record: null,
  }));
  const snapshot: CycleSnapshot = {
    cycleId: input.cycleId,
    kind: input.kind,
    calendarId: input.calendarId,
    calendarRevision: input.calendarRevision,
    organizationId: input.organizationId,
    jurisdictionId: input.jurisdictionId,
    year: input.year,
    leaderId: input.leaderId,
    stage: stages[0].stage,
    dueAt: stages[0].dueAt,
    overdue: false,
    visit: 1,
    stages,
    reminders: [...input.reminders],
    escalation: { ...input.escalation },
    timer: NO_TIMER_PROGRESS,
    divisions: [...(input.divisions ?? [])],
    contributions: [],
    rework: 0,
    nextTimerAt: null,
    seq: 0,
  };
  if (input.sendWindow) snapshot.sendWindow = input.sendWindow;
  if (input.kind === 'shufa' && input.shufa) {
    snapshot.shufa = startShufa(input.shufa);
    snapshot.rectification = [...(input.carried ?? [])];
  }
  // Only a launch that says there are no divisions skips collection (older inputs did not say).
  if (input.kind === 'report' && input.divisions !== undefined && input.divisions.length === 0) {
    // Nothing to collect: the contributions stage is skipped and drafting begins at once.
    snapshot.stages[0].endedAt = now;
    snapshot.stages[0].record = { outcome: 'skipped', by: null, at: now, comment: '本部门无内设处室，直接进入起草' };
    enterStage(snapshot, 'drafting', now);
  }
  return snapshot;
}

/** A snapshot carried over from older code, with the fields added since filled in. */
export function withDefaults(snapshot: CycleSnapshot): CycleSnapshot {
  snapshot.divisions ??= [];
  snapshot.contributions ??= [];
  snapshot.rework ??= 0;
  for (const stage of snapshot.stages) {
    stage.visits ??= stage.startedAt === null ? 0 : 1;
    stage.record ??= null;
  }
  return snapshot;
}

/** The open stage's state, or null once the cycle has ended. */
export function openStage(snapshot: CycleSnapshot): CycleStageState | null {
  if (snapshot.stage === COMPLETED || snapshot.stage === 'cancelled') return null;
  return snapshot.stages.find((s) => s.stage === snapshot.stage) ?? null;
}

/** How late a stage is, or was when it ended (ms; 0 when on time). */
export function overdueBy(stage: CycleStageState, now: number): number {
  const end = stage.endedAt ?? (stage.startedAt === null ? null : now);
  return end === null ? 0 : Math.max(0, end - stage.dueAt);
}

/** Where a rejection sends the cycle back to. */
export const REJECT_TARGET: Partial<Record<CalendarStage, CalendarStage>> = {
  legality_review: 'drafting',
  sign_off: 'drafting',
  shufa_materials_review: 'shufa_writing',
};

/** Why an action meant for `stage` cannot be taken now; null when it is the open stage. */
export function stageActionProblem(
  snapshot: CycleSnapshot,
  stage: CalendarStage,
): { code: 'STAGE_MISMATCH' | 'CONFLICT'; message: string } | null {
  if (snapshot.stage === stage) return null;
  const wanted = snapshot.stages.find((s) => s.stage === stage);
  if (!wanted) return { code: 'STAGE_MISMATCH', message: `该流程没有「${STAGE_LABELS[stage]}」阶段` };
  if (wanted.endedAt !== null)
    return { code: 'CONFLICT', message: `「${STAGE_LABELS[stage]}」阶段已办结，不能重复操作` };
  const current =
    snapshot.stage === COMPLETED || snapshot.stage === CANCELLED ? '已结束' : STAGE_LABELS[snapshot.stage];
  return { code: 'STAGE_MISMATCH', message: `当前处于「${current}」阶段，不能办理「${STAGE_LABELS[stage]}」` };
}

/** Opens a stage (again, after a rejection): its timers start from nothing. */
export function enterStage(snapshot: CycleSnapshot, stage: CalendarStage, now: number, dueAt?: number): void {
  const state = snapshot.stages.find((s) => s.stage === stage) as CycleStageState;
  state.startedAt = now;
  state.endedAt = null;
  state.overdueSince = null;
  state.visits += 1;
  if (dueAt !== undefined) {
    state.dueAt = dueAt;
    state.extended = true;
  }
  snapshot.stage = stage;
  snapshot.dueAt = state.dueAt;
  snapshot.visit = state.visits;
  snapshot.overdue = false;
  snapshot.timer = NO_TIMER_PROGRESS;
}

function closeOpenStage(snapshot: CycleSnapshot, now: number, record: StageRecord): CycleStageState {
  const open = openStage(snapshot) as CycleStageState;
  open.endedAt = now;
  open.record = record;
  return open;
}

/** The open stage is done: the next one opens, or the cycle is completed. */
export function advanceCycle(snapshot: CycleSnapshot, now: number, record: StageRecord): void {
  const open = closeOpenStage(snapshot, now, record);
  const order = CYCLE_STAGES[snapshot.kind];
  const next = order[order.indexOf(open.stage) + 1];
  if (next) enterStage(snapshot, next, now);
  else {
    snapshot.stage = COMPLETED;
    snapshot.dueAt = null;
    snapshot.overdue = false;
    snapshot.timer = NO_TIMER_PROGRESS;
  }
}

/** A rejection: back to drafting (or writing) with its own new due instant; rework is counted. */
export function rejectCycle(snapshot: CycleSnapshot, now: number, record: StageRecord, reworkDueAt: number): void {
  const open = closeOpenStage(snapshot, now, record);
  snapshot.rework += 1;
  const target = REJECT_TARGET[open.stage] as CalendarStage;
  // The stages from the target on are to be done again: open to calendar changes and extensions.
  const order = CYCLE_STAGES[snapshot.kind];
  for (const stage of snapshot.stages) {
    if (order.indexOf(stage.stage) > order.indexOf(target)) stage.endedAt = null;
  }
  enterStage(snapshot, target, now, reworkDueAt);
}

/** Divisions that have not handed in their material yet. */
export function pendingDivisions(snapshot: CycleSnapshot): string[] {
  const done = new Set(snapshot.contributions.map((c) => c.divisionId));
  return snapshot.divisions.filter((d) => !done.has(d));
}

/** An admin stops the cycle (e.g. the department was merged away); what happened so far stays on record. */
export function cancelCycle(snapshot: CycleSnapshot, now: number, record: StageRecord): void {
  closeOpenStage(snapshot, now, record);
  snapshot.stage = CANCELLED;
  snapshot.dueAt = null;
  snapshot.overdue = false;
  snapshot.timer = NO_TIMER_PROGRESS;
}
