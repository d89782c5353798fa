import { Escalation } from './calendar-rules';
import { parseDuration } from './duration';

export interface ReminderInstant {
  /** The configured offset before the due instant, e.g. "P3D". */
  offset: string;
  at: number;
}

export interface TimerPlan {
  dueAt: number;
  /** Reminders before the due instant, earliest first. */
  reminders: ReminderInstant[];
  /** The instant of escalation round `round` (1, 2, …) after the due instant. */
  escalationAt(round: number): number;
}

/**
 * When a stage's reminders and escalations fire, from its due instant. The workflows set their
 * timers from this, and the calendar preview lists it: one rule for both. Epoch milliseconds, so
 * workflow code needs no Date parsing.
 */
export function timerPlan(dueAt: number, reminders: readonly string[], escalation: Escalation): TimerPlan {
  const after = parseDuration(escalation.after) ?? 0;
  const every = parseDuration(escalation.every) ?? 0;
  return {
    dueAt,
    reminders: reminders
      .map((offset) => ({ offset, at: dueAt - (parseDuration(offset) ?? 0) }))
      .sort((a, b) => a.at - b.at || a.offset.localeCompare(b.offset)),
    escalationAt: (round: number) => dueAt + after + (round - 1) * every,
  };
}
