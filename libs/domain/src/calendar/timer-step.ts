import { TimerPlan } from './timer-plan';

/** What a stage visit has already done about its deadline; kept by the cycle workflow. */
export interface TimerProgress {
  /** Reminder offsets sent, or passed over, in this visit of the stage. Never sent again. */
  remindersDone: string[];
  /** Of those, the ones passed over because the stage was already overdue (given back if it no longer is). */
  passedOver: string[];
  /** The overdue event has been recorded for the current due instant. */
  overdueRecorded: boolean;
  /** How many times the stage has gone overdue in this visit; escalation rounds are numbered per period. */
  overduePeriod: number;
  /** The highest escalation round sent in this overdue period (0: none). Rounds are never repeated. */
  escalationRound: number;
}

export const NO_TIMER_PROGRESS: TimerProgress = {
  remindersDone: [],
  passedOver: [],
  overdueRecorded: false,
  overduePeriod: 0,
  escalationRound: 0,
};

export type TimerAction =
  | { kind: 'reminder'; offset: string; at: number; skipped: string[] }
  /** Reminders that can no longer be useful (the stage is already overdue): marked done, not sent. */
  | { kind: 'pass-over'; offsets: string[] }
  | { kind: 'overdue'; at: number }
  | { kind: 'escalation'; round: number; at: number; skipped: number[] };

export interface TimerStep {
  /** What is due now, in the order to carry it out. */
  actions: TimerAction[];
  /** When to look again if nothing changes (epoch ms, always in the future). */
  nextAt: number;
}

/**
 * The one rule for a stage's timers, used by the cycle workflows at every wake-up and after every
 * re-timing:
 * - a reminder fires at its instant; when several have passed unsent (the stage began late, or a
 *   re-timing moved them into the past) only the latest is sent and the others are passed over;
 *   once the stage is recorded overdue, reminders still pending are passed over (escalation takes over);
 * - the stage becomes overdue just after its due instant;
 * - escalation round n fires at `escalationAt(n)` while the stage is overdue; rounds whose instants
 *   have all passed are merged into the latest one.
 * Re-timing changes the plan, not the progress, so nothing already sent is sent again.
 */
export function timerStep(plan: TimerPlan, progress: TimerProgress, now: number): TimerStep {
  const actions: TimerAction[] = [];
  const pending = plan.reminders.filter((r) => !progress.remindersDone.includes(r.offset));
  const passed = pending.filter((r) => r.at <= now);
  const future = pending.filter((r) => r.at > now);
  if (passed.length > 0) {
    const latest = passed[passed.length - 1];
    if (progress.overdueRecorded) actions.push({ kind: 'pass-over', offsets: passed.map((r) => r.offset) });
    else
      actions.push({
        kind: 'reminder',
        offset: latest.offset,
        at: latest.at,
        skipped: passed.slice(0, -1).map((r) => r.offset),
      });
  }
  const overdue = now > plan.dueAt;
  if (overdue && !progress.overdueRecorded) actions.push({ kind: 'overdue', at: plan.dueAt + 1 });

  let nextRound = progress.escalationRound + 1;
  if (overdue && plan.escalationAt(nextRound) <= now) {
    let round = nextRound;
    while (plan.escalationAt(round + 1) <= now && round - nextRound < 100_000) round++;
    const skipped: number[] = [];
    for (let r = nextRound; r < round; r++) skipped.push(r);
    actions.push({ kind: 'escalation', round, at: plan.escalationAt(round), skipped });
    nextRound = round + 1;
  }
  const candidates = [plan.escalationAt(nextRound)];
  if (!overdue) candidates.push(plan.dueAt + 1);
  if (future.length > 0) candidates.push(future[0].at);
  return { actions, nextAt: Math.max(now + 1, Math.min(...candidates)) };
}

/** The progress after carrying out an action. */
export function afterAction(progress: TimerProgress, action: TimerAction): TimerProgress {
  switch (action.kind) {
    case 'reminder':
      return {
        ...progress,
        remindersDone: [...new Set([...progress.remindersDone, action.offset, ...action.skipped])],
      };
    case 'pass-over':
      return {
        ...progress,
        remindersDone: [...new Set([...progress.remindersDone, ...action.offsets])],
        passedOver: [...new Set([...progress.passedOver, ...action.offsets])],
      };
    case 'overdue':
      return { ...progress, overdueRecorded: true, overduePeriod: progress.overduePeriod + 1, escalationRound: 0 };
    case 'escalation':
      return { ...progress, escalationRound: action.round };
  }
}

/**
 * The progress after a reminder round planned for the due instant `plannedDueAt` came back, the stage
 * now being due at `dueAt`. If the due instant moved while the round was out (an extension), the
 * reminder went out for the old date: it does not count for the new plan, so nothing is recorded and
 * the new plan's reminders fire at their own instants (the one sent names a date that no longer holds).
 */
export function afterReminderRound(
  progress: TimerProgress,
  action: Extract<TimerAction, { kind: 'reminder' }>,
  plannedDueAt: number,
  dueAt: number,
): TimerProgress {
  return dueAt === plannedDueAt ? afterAction(progress, action) : progress;
}

/**
 * After the open stage's due instant moved (calendar change or extension): a stage whose new due
 * instant is ahead is no longer overdue; its escalation ladder starts again from the bottom in the
 * next overdue period, and reminders passed over only because it was overdue become due again.
 * Reminders actually sent stay sent.
 */
export function afterDueMoved(progress: TimerProgress, dueAt: number, now: number): TimerProgress {
  if (!progress.overdueRecorded || dueAt <= now) return progress;
  return {
    ...progress,
    remindersDone: progress.remindersDone.filter((offset) => !progress.passedOver.includes(offset)),
    passedOver: [],
    overdueRecorded: false,
    escalationRound: 0,
  };
}
