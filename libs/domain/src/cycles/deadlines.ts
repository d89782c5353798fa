import { Escalation } from '../calendar/calendar-rules';
import type { SendWindow } from '../calendar/quiet-hours';
import { timerPlan } from '../calendar/timer-plan';
import { afterDueMoved, NO_TIMER_PROGRESS, TimerProgress, timerStep } from '../calendar/timer-step';
import { CycleSnapshot, CycleStageState, openStage, pendingDivisions } from './cycle-state';
import { CycleItem } from './responsibility';

/** A deadline item with a due instant of its own inside the open stage (a division's part of the material). */
export type OwnDeadlineItem = Extract<CycleItem, { kind: 'contribution' }>;

/** What the cycle keeps of an item's deadline: its own due instant, overdue state and timer progress. */
export interface ItemDeadline {
  item: OwnDeadlineItem;
  /** Its own due instant once extended on its own; null: it follows the stage's (calendar changes included). */
  dueAt: number | null;
  /** When it went past its due instant (null: not overdue). */
  overdueSince: number | null;
  timer: TimerProgress;
}

/**
 * One open deadline, as the timer loop, the cycle's view and "my tasks" see it: the open stage, or
 * in the contributions stage each division still to hand in (cycles that keep deadline items).
 */
export interface OpenDeadline {
  item: CycleItem;
  stage: CycleStageState;
  dueAt: number;
  overdueSince: number | null;
  timer: TimerProgress;
  /** In the contributions stage: the divisions this deadline is about (their contributors are told). */
  pendingDivisions?: string[];
  /** Its own reminder offsets (a rectification item's); else the calendar's. */
  reminders?: string[];
}

/**
 * Whether the cycle keeps a deadline per item. Cycles started before deadline items (their histories
 * replay without them) keep one deadline for the open stage, about every division still to hand in.
 */
export function keepsDeadlineItems(snapshot: CycleSnapshot): boolean {
  return snapshot.items !== undefined;
}

/**
 * Starts keeping deadline items: one per division, following the stage's due instant. A cycle that
 * carries on mid-collection hands the stage's progress to every division, so nothing is sent twice.
 */
export function withDeadlineItems(snapshot: CycleSnapshot): CycleSnapshot {
  if (snapshot.items) return snapshot;
  const collecting = openStage(snapshot)?.stage === 'contributions';
  const stage = snapshot.stages.find((s) => s.stage === 'contributions');
  snapshot.items = snapshot.divisions.map((divisionId): ItemDeadline => ({
    item: { kind: 'contribution', divisionId },
    dueAt: null,
    overdueSince: collecting ? (stage?.overdueSince ?? null) : null,
    timer: collecting ? snapshot.timer : NO_TIMER_PROGRESS,
  }));
  return snapshot;
}

export function sameItem(a: CycleItem, b: CycleItem): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'stage' && b.kind === 'stage') return a.stage === b.stage;
  if (a.kind === 'contribution' && b.kind === 'contribution') return a.divisionId === b.divisionId;
  if (a.kind === 'rectification' && b.kind === 'rectification') return a.itemId === b.itemId;
  return true;
}

function ownDeadline(snapshot: CycleSnapshot, item: CycleItem): ItemDeadline | undefined {
  return snapshot.items?.find((d) => sameItem(d.item, item));
}

/** The open deadlines, in the order the timer loop serves them. */
export function openDeadlines(snapshot: CycleSnapshot): OpenDeadline[] {
  const stage = openStage(snapshot);
  if (!stage) return [];
  const shufa = snapshot.shufa;
  if (shufa?.listIssuedAt && stage.stage === 'shufa_rectification') {
    // Each item still to be fixed is a deadline of its own; one reported done awaits the office.
    return (snapshot.rectification ?? [])
      .filter((item) => item.status === 'open')
      .map((item) => ({
        item: { kind: 'rectification', itemId: item.id },
        stage,
        dueAt: item.dueAt,
        overdueSince: item.overdueSince,
        timer: item.timer,
        reminders: shufa.settings.rectificationReminders,
      }));
  }
  if (snapshot.items && stage.stage === 'contributions') {
    return pendingDivisions(snapshot).map((divisionId): OpenDeadline => {
      const own = ownDeadline(snapshot, { kind: 'contribution', divisionId }) as ItemDeadline;
      return {
        item: own.item,
        stage,
        dueAt: own.dueAt ?? stage.dueAt,
        overdueSince: own.overdueSince,
        timer: own.timer,
        pendingDivisions: [divisionId],
      };
    });
  }
  return [
    {
      item: { kind: 'stage', stage: stage.stage },
      stage,
      dueAt: stage.dueAt,
      overdueSince: stage.overdueSince,
      timer: snapshot.timer,
      ...(stage.stage === 'contributions' ? { pendingDivisions: pendingDivisions(snapshot) } : {}),
    },
  ];
}

/** The open deadline of an item, if it is still open. */
export function findDeadline(snapshot: CycleSnapshot, item: CycleItem): OpenDeadline | undefined {
  return openDeadlines(snapshot).find((d) => sameItem(d.item, item));
}

/** When a division's part is due: its own due instant, or the contributions stage's. */
export function contributionDueAt(snapshot: CycleSnapshot, divisionId: string): number {
  const stage = snapshot.stages.find((s) => s.stage === 'contributions') as CycleStageState;
  return ownDeadline(snapshot, { kind: 'contribution', divisionId })?.dueAt ?? stage.dueAt;
}

/** Records an open deadline's timer progress and overdue state; the cycle is overdue while any deadline is. */
export function updateDeadline(
  snapshot: CycleSnapshot,
  item: CycleItem,
  change: { timer?: TimerProgress; overdueSince?: number | null },
): void {
  const stage = openStage(snapshot);
  if (!stage) return;
  if (item.kind === 'stage') {
    if (change.timer) snapshot.timer = change.timer;
    if (change.overdueSince !== undefined) stage.overdueSince = change.overdueSince;
    return;
  }
  if (item.kind === 'rectification') {
    const listed = snapshot.rectification?.find((i) => i.id === item.itemId);
    if (!listed) return;
    if (change.timer) listed.timer = change.timer;
    if (change.overdueSince !== undefined) listed.overdueSince = change.overdueSince;
    return;
  }
  const own = ownDeadline(snapshot, item);
  if (!own) return;
  if (change.timer) own.timer = change.timer;
  if (change.overdueSince !== undefined) {
    own.overdueSince = change.overdueSince;
    // The stage is late from when its first item was, while any of them is.
    const late = openDeadlines(snapshot).filter((d) => d.overdueSince !== null);
    stage.overdueSince = late.length === 0 ? null : Math.min(...late.map((d) => d.overdueSince as number));
  }
}

/** Whether any open deadline is overdue. */
export function anyOverdue(snapshot: CycleSnapshot): boolean {
  return openDeadlines(snapshot).some((d) => d.overdueSince !== null);
}

/**
 * The open stage's due instant moved (calendar change or extension): every deadline that follows it
 * re-plans (`afterDueMoved`). Answers whether the cycle is overdue now.
 */
export function followStageDue(snapshot: CycleSnapshot, now: number): boolean {
  for (const deadline of openDeadlines(snapshot)) {
    if (deadline.item.kind !== 'stage' && ownDeadline(snapshot, deadline.item)?.dueAt !== null) continue;
    const timer = afterDueMoved(deadline.timer, deadline.stage.dueAt, now);
    if (timer !== deadline.timer) updateDeadline(snapshot, deadline.item, { timer, overdueSince: null });
  }
  return anyOverdue(snapshot);
}

/** A division's part gets a due instant of its own (an extension): it re-plans, and may no longer be overdue. */
export function extendItem(snapshot: CycleSnapshot, item: OwnDeadlineItem, dueAt: number, now: number): void {
  const own = ownDeadline(snapshot, item) as ItemDeadline;
  own.dueAt = dueAt;
  const timer = afterDueMoved(own.timer, dueAt, now);
  if (timer !== own.timer) updateDeadline(snapshot, item, { timer, overdueSince: null });
}

/** What the timer loop does next: the first action of the first deadline that has one. */
export interface DeadlineStep {
  /** Deadlines with something due now, each with its actions in order; empty when nothing is due. */
  due: { deadline: OpenDeadline; actions: ReturnType<typeof timerStep>['actions'] }[];
  /** When to look again if nothing changes. */
  nextAt: number | null;
}

/**
 * One look at every open deadline with the one timer rule (`timerPlan`/`timerStep`): what is due now,
 * and when the next instant comes.
 */
export function deadlineStep(
  deadlines: readonly OpenDeadline[],
  reminders: readonly string[],
  escalation: Escalation,
  now: number,
  window?: SendWindow | null,
): DeadlineStep {
  let nextAt: number | null = null;
  const due: DeadlineStep['due'] = [];
  for (const deadline of deadlines) {
    const plan = timerPlan(deadline.dueAt, deadline.reminders ?? reminders, escalation, window);
    const step = timerStep(plan, deadline.timer, now);
    if (step.actions.length > 0) due.push({ deadline, actions: step.actions });
    nextAt = nextAt === null ? step.nextAt : Math.min(nextAt, step.nextAt);
  }
  return { due, nextAt };
}

/**
 * Which deadlines to act on now, and how: one reminder, pass-over or escalation of one deadline; or,
 * once nothing else is due first, every deadline going overdue at the same instant together (a
 * stage's divisions late together are one overdue event naming them all).
 */
export function nextDeadlineActions(step: DeadlineStep): { deadlines: OpenDeadline[]; action: DeadlineAction } | null {
  const other = step.due.find((d) => d.actions[0].kind !== 'overdue');
  if (other) return { deadlines: [other.deadline], action: other.actions[0] };
  const first = step.due[0];
  if (!first) return null;
  const together = step.due.filter((d) => d.deadline.dueAt === first.deadline.dueAt);
  return { deadlines: together.map((d) => d.deadline), action: first.actions[0] };
}

export type DeadlineAction = ReturnType<typeof timerStep>['actions'][number];

/** One open deadline as people see it: what it is about, when it is due, and what is still to come. */
export interface DeadlinePreview {
  item: CycleItem;
  dueAt: number;
  overdueSince: number | null;
  /** Reminders still to be sent, from the same timer plan the workflow follows. */
  reminders: { offset: string; at: number }[];
  /** The next escalation round and when it fires (while overdue, or once it is). */
  nextEscalation: { round: number; at: number };
}

/** Every open deadline of a cycle, with its remaining reminders and next escalation (`timerPlan`). */
export function deadlinePreview(snapshot: CycleSnapshot): DeadlinePreview[] {
  return openDeadlines(snapshot).map((deadline) => {
    const plan = timerPlan(
      deadline.dueAt,
      deadline.reminders ?? snapshot.reminders,
      snapshot.escalation,
      snapshot.sendWindow,
    );
    const round = deadline.timer.escalationRound + 1;
    return {
      item: deadline.item,
      dueAt: deadline.dueAt,
      overdueSince: deadline.overdueSince,
      reminders: plan.reminders.filter((r) => !deadline.timer.remindersDone.includes(r.offset)),
      nextEscalation: { round, at: plan.escalationAt(round) },
    };
  });
}
