import { CalendarSettings, effectiveDues } from './calendar-rules';
import { shanghaiDate } from './iso-date';
import { CalendarStage, REPORT_STAGES, STAGE_LABELS } from './stages';
import { SendWindow } from './quiet-hours';
import { timerPlan } from './timer-plan';
import { WorkingDays } from './working-days';

export interface PreviewInstant {
  at: string;
  /** Asia/Shanghai date of the instant, and whether people are at work then. */
  date: string;
  working: boolean;
  holiday: string | null;
  /** The day is the jurisdiction's own non-working day (not a national one). */
  local: boolean;
}

/** A notice instant: when it goes out, and when it was planned if quiet hours moved it. */
export type NoticeInstant = PreviewInstant & { plannedAt?: string };

export interface StagePreview {
  stage: CalendarStage;
  label: string;
  cycle: 'report' | 'shufa';
  configuredDueAt: string;
  dueAt: string;
  rolledOver: boolean;
  due: PreviewInstant;
  /**
   * When each reminder goes out (quiet hours applied; `plannedAt` when they moved it). One that quiet
   * hours push past the due instant is never sent (`afterDue`): the stage is overdue by then.
   */
  reminders: (NoticeInstant & { offset: string; afterDue: boolean })[];
  /**
   * Escalation rounds while the stage stays open, up to the end of the year the cycle runs in. Rounds
   * quiet hours bring to the same instant go out as one (the latest).
   */
  escalations: (NoticeInstant & { round: number })[];
}

/** Escalation rounds shown per stage at most; beyond that the `every` interval speaks for itself. */
export const PREVIEW_MAX_ROUNDS = 20;

/**
 * Every deadline, reminder and escalation instant of a calendar, per stage, computed by the same
 * timer plan the workflows use, so an admin sees before launch, say, a reminder that lands on 春节.
 */
export function calendarPreview(
  settings: CalendarSettings,
  workingDays: WorkingDays,
  window: SendWindow | null = null,
): StagePreview[] {
  const horizon = Date.parse(`${settings.year + 1}-12-31T23:59:59+08:00`);
  const instant = (at: number): PreviewInstant => {
    const date = shanghaiDate(new Date(at));
    const day = workingDays.day(date);
    return {
      at: new Date(at).toISOString(),
      date,
      working: day.working,
      holiday: day.working ? null : day.name,
      local: day.source === 'local',
    };
  };
  const notice = (at: number, planned: number): NoticeInstant =>
    at === planned ? instant(at) : { ...instant(at), plannedAt: new Date(planned).toISOString() };
  return effectiveDues(settings, workingDays).map((due) => {
    const dueAt = due.effective.getTime();
    const plan = timerPlan(dueAt, settings.reminders, settings.escalation, window);
    const planned = timerPlan(dueAt, settings.reminders, settings.escalation);
    const escalations: StagePreview['escalations'] = [];
    for (let round = 1; round <= PREVIEW_MAX_ROUNDS; round++) {
      const at = plan.escalationAt(round);
      if (at > Math.max(horizon, plan.escalationAt(1))) break;
      // Rounds landing on one instant go out once, as the latest of them.
      if (plan.escalationAt(round + 1) === at && round < PREVIEW_MAX_ROUNDS) continue;
      escalations.push({ round, ...notice(at, planned.escalationAt(round)) });
    }
    return {
      stage: due.stage,
      label: STAGE_LABELS[due.stage],
      cycle: (REPORT_STAGES as readonly string[]).includes(due.stage) ? 'report' : 'shufa',
      configuredDueAt: due.configured.toISOString(),
      dueAt: due.effective.toISOString(),
      rolledOver: due.rolledOver,
      due: instant(due.effective.getTime()),
      reminders: plan.reminders.map((r) => ({
        offset: r.offset,
        ...notice(r.at, planned.reminders.find((p) => p.offset === r.offset)?.at ?? r.at),
        afterDue: r.at > dueAt,
      })),
      escalations,
    };
  });
}
