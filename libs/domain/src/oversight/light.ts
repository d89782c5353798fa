import { shanghaiDate, SHANGHAI_OFFSET_MS } from '../calendar/iso-date';
import type { TimerProgress } from '../calendar/timer-step';
import type { WorkingDays } from '../calendar/working-days';
import { CycleSnapshot, REJECT_TARGET } from '../cycles/cycle-state';
import { OpenDeadline, openDeadlines } from '../cycles/deadlines';

/** 三色督办: red (overdue) beats yellow (reminded and not acted on, or sent back) beats blue (due soon). */
export const LIGHTS = ['red', 'yellow', 'blue', 'none'] as const;
export type Light = (typeof LIGHTS)[number];

export const LIGHT_LABELS: Record<Light, string> = { red: '红灯', yellow: '黄灯', blue: '蓝灯', none: '无' };

/** The warning window before a due date, in working days (DOMAIN.md: default 3). */
export const DEFAULT_WARNING_WORKING_DAYS = 3;

/**
 * What a light depends on besides the instant it is looked at. Kept in the cycle projection, so the
 * light itself is worked out when it is read: it changes with the clock (and with the working days),
 * not only when the cycle does.
 */
export interface LightFacts {
  /** The earliest due instant among the open deadlines (null: nothing is open). */
  dueAt: number | null;
  /** When the first open deadline was recorded overdue (null: none recorded yet). */
  overdueSince: number | null;
  /** A reminder was sent for an open deadline in its current round and the deadline is still open. */
  remindedUnanswered: boolean;
  /** An open deadline was sent back: its stage reopened by a rejection, or its item reopened by the office. */
  sentBack: boolean;
}

export const NO_LIGHT_FACTS: LightFacts = {
  dueAt: null,
  overdueSince: null,
  remindedUnanswered: false,
  sentBack: false,
};

/** Reminders actually sent (those passed over because the deadline was already overdue do not count). */
function remindersSent(timer: TimerProgress): number {
  return timer.remindersDone.filter((offset) => !timer.passedOver.includes(offset)).length;
}

function sentBack(snapshot: CycleSnapshot, deadline: OpenDeadline): boolean {
  const item = deadline.item;
  if (item.kind === 'rectification') {
    const history = snapshot.rectification?.find((i) => i.id === item.itemId)?.history ?? [];
    return history[history.length - 1]?.action === 'reopened';
  }
  // Only a rejection enters drafting (or 述法 writing) again; a second visit of a later stage is not a return.
  const targets: readonly string[] = Object.values(REJECT_TARGET);
  return targets.includes(deadline.stage.stage) && deadline.stage.visits > 1;
}

/** The light facts of one open deadline. */
export function deadlineLightFacts(snapshot: CycleSnapshot, deadline: OpenDeadline): LightFacts {
  return {
    dueAt: deadline.dueAt,
    overdueSince: deadline.overdueSince,
    remindedUnanswered: remindersSent(deadline.timer) > 0,
    sentBack: sentBack(snapshot, deadline),
  };
}

/**
 * A cycle's facts: those of its open deadlines taken together, so that its light is the worst of
 * theirs (the earliest due date is the first to turn blue or red; any recorded overdue, unanswered
 * reminder or return counts).
 */
export function cycleLightFacts(snapshot: CycleSnapshot): LightFacts {
  return openDeadlines(snapshot)
    .map((d) => deadlineLightFacts(snapshot, d))
    .reduce(
      (a, b): LightFacts => ({
        dueAt: a.dueAt === null ? b.dueAt : b.dueAt === null ? a.dueAt : Math.min(a.dueAt, b.dueAt),
        overdueSince:
          a.overdueSince === null
            ? b.overdueSince
            : b.overdueSince === null
              ? a.overdueSince
              : Math.min(a.overdueSince, b.overdueSince),
        remindedUnanswered: a.remindedUnanswered || b.remindedUnanswered,
        sentBack: a.sentBack || b.sentBack,
      }),
      NO_LIGHT_FACTS,
    );
}

/**
 * When the light of a deadline due at `dueAt` turns blue: the start (00:00 Asia/Shanghai) of the
 * working day `days` working days before the due date, so that from then on at most `days` working
 * days remain (a Monday due date turns blue on the Wednesday before, the weekend not counted).
 */
export function warningStartsAt(dueAt: number, workingDays: WorkingDays, days = DEFAULT_WARNING_WORKING_DAYS): number {
  const dueDate = shanghaiDate(new Date(dueAt));
  const first = workingDays.addWorkingDays(dueDate, -days);
  return Date.parse(`${first}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
}

/** Whether the facts describe something overdue at `now`: recorded so, or past the due instant already. */
export function isOverdueAt(facts: LightFacts, now: number): boolean {
  return facts.overdueSince !== null || (facts.dueAt !== null && now > facts.dueAt);
}

/** How long the first open deadline has been past its due instant at `now` (ms; 0 when none is). */
export function overdueForAt(facts: LightFacts, now: number): number {
  if (!isOverdueAt(facts, now) || facts.dueAt === null) return 0;
  return Math.max(0, now - facts.dueAt);
}

/** When lights turn blue: the warning window over one working-day calendar. */
export interface WarningWindow {
  /** The instant a deadline due at `dueAt` enters the window. */
  startsAt(dueAt: number): number;
}

/** The window of `days` working days; one answer per due instant, reused for every deadline due then. */
export function warningWindow(workingDays: WorkingDays, days = DEFAULT_WARNING_WORKING_DAYS): WarningWindow {
  const byDueAt = new Map<number, number>();
  return {
    startsAt(dueAt) {
      let start = byDueAt.get(dueAt);
      if (start === undefined) {
        start = warningStartsAt(dueAt, workingDays, days);
        byDueAt.set(dueAt, start);
      }
      return start;
    },
  };
}

/**
 * The one rule of the oversight lights (DOMAIN.md 三色督办), for the dashboard, the console and the
 * assessment export: red when overdue, else yellow when a reminder went unanswered or a rejection
 * sent it back, else blue when the due date is within the warning window, else none.
 */
export function oversightLight(facts: LightFacts, now: number, window: WarningWindow): Light {
  if (facts.dueAt === null) return 'none';
  if (isOverdueAt(facts, now)) return 'red';
  if (facts.remindedUnanswered || facts.sentBack) return 'yellow';
  if (now >= window.startsAt(facts.dueAt)) return 'blue';
  return 'none';
}

/** A stage done (advanced, not skipped or cancelled), and whether it ended by its due instant. */
export interface StageCompletion {
  stage: string;
  onTime: boolean;
}

/** The stages of a cycle done in its current pass (a stage to be done again after a return is not). */
export function stageCompletions(snapshot: CycleSnapshot): StageCompletion[] {
  return snapshot.stages
    .filter((s) => s.endedAt !== null && s.record?.outcome === 'advanced')
    .map((s) => ({ stage: s.stage, onTime: (s.endedAt as number) <= s.dueAt }));
}
