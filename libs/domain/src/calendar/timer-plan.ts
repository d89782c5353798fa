import { Escalation } from './calendar-rules';
import { parseDuration } from './duration';
import { sendAt, SendWindow } from './quiet-hours';

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
 * workflow code needs no Date parsing. With quiet hours (`window`), each notice goes out at the
 * start of the next working period when it falls outside one; the due instant never moves.
 */
export function timerPlan(
  dueAt: number,
  reminders: readonly string[],
  escalation: Escalation,
  window?: SendWindow | null,
): TimerPlan {
  const after = parseDuration(escalation.after) ?? 0;
  const every = parseDuration(escalation.every) ?? 0;
  return {
    dueAt,
    reminders: reminders
      .map((offset) => ({ offset, at: sendAt(dueAt - (parseDuration(offset) ?? 0), window) }))
      .sort((a, b) => a.at - b.at || a.offset.localeCompare(b.offset)),
    escalationAt: (round: number) => sendAt(dueAt + after + (round - 1) * every, window),
  };
}
