import type { TimerProgress } from '../calendar/timer-step';
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
