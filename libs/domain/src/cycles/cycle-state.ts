import { Escalation } from '../calendar/calendar-rules';
import { CalendarStage } from '../calendar/stages';
import { NO_TIMER_PROGRESS, TimerProgress } from '../calendar/timer-step';
import { COMPLETED, CYCLE_STAGES, CycleKind, CycleStage } from './cycle';

/** Instants are epoch milliseconds: workflow code needs no date parsing. */
export interface CycleInput {
  cycleId: string;
  kind: CycleKind;
  calendarId: string;
  calendarRevision: number;
  organizationId: string;
  jurisdictionId: string;
  year: number;
  /** The principal leader a 述法 cycle concerns (null for report cycles). */
  leaderId: string | null;
  /** Effective (rolled-over) due instant of each stage of this kind of cycle. */
  due: Partial<Record<CalendarStage, number>>;
  reminders: string[];
  escalation: Escalation;
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
  /** Set by a per-cycle extension: later calendar changes leave this stage's due instant alone. */
  extended: boolean;
}

export interface CycleSnapshot {
  cycleId: string;
  kind: CycleKind;
  calendarId: string;
  calendarRevision: number;
  organizationId: string;
  jurisdictionId: string;
  year: number;
  leaderId: string | null;
  stage: CycleStage;
  dueAt: number | null;
  overdue: boolean;
  /** How many times the current stage has been entered (rework after a rejection counts). */
  visit: number;
  stages: CycleStageState[];
  reminders: string[];
  escalation: Escalation;
  timer: TimerProgress;
  /** When the workflow next wakes up for the current stage's deadline. */
  nextTimerAt: number | null;
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
  }));
  return {
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
    nextTimerAt: null,
    seq: 0,
  };
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
