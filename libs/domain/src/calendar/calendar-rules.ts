import { FieldProblem, ValidationFailedError } from '../errors';
import { durationProblem, parseDuration } from './duration';
import { IsoDate, isIsoDate, moveToDate, shanghaiDate, SUPPORTED_TIMEZONES, SupportedTimezone } from './iso-date';
import { CALENDAR_STAGES, CalendarStage, isCalendarStage, REPORT_STAGES, SHUFA_STAGES } from './stages';
import { DayInfo, ROLLOVER_POLICIES, RolloverPolicy, WorkingDays } from './working-days';

export interface Escalation {
  /** First escalation this long after the due instant… */
  after: string;
  /** …then again every this long until the stage ends. */
  every: string;
}

/** A calendar as configured by an admin: due instants as ISO-8601 strings with offset. */
export interface CalendarSettings {
  year: number;
  timezone: SupportedTimezone;
  rollover: RolloverPolicy;
  due: Record<CalendarStage, string>;
  reminders: string[];
  escalation: Escalation;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A due value as an instant: a date-time with offset, or a plain date meaning the end of that day
 * (23:59:59) in Asia/Shanghai. Returns null when it is neither.
 */
export function parseDue(value: string): Date | null {
  if (isIsoDate(value)) return new Date(`${value}T23:59:59+08:00`);
  if (!DATE_TIME.test(value) || !isIsoDate(value.slice(0, 10))) return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** Everything wrong with a calendar's settings, each naming its field; empty when it is valid. */
export function calendarProblems(input: {
  year?: unknown;
  timezone?: unknown;
  rollover?: unknown;
  due?: unknown;
  reminders?: unknown;
  escalation?: unknown;
}): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, problem: string) => problems.push({ field, problems: [problem] });
  const year = input.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100) {
    add('year', '年度应为 2000 至 2100 之间的整数（所报告的年度）');
  }
  if (input.timezone !== undefined && !(SUPPORTED_TIMEZONES as readonly unknown[]).includes(input.timezone)) {
    add('timezone', `仅支持 ${SUPPORTED_TIMEZONES.join('、')}`);
  }
  if (input.rollover !== undefined && !(ROLLOVER_POLICIES as readonly unknown[]).includes(input.rollover)) {
    add('rollover', `应为 ${ROLLOVER_POLICIES.join('、')} 之一`);
  }
  if (!Array.isArray(input.reminders)) add('reminders', '应为 ISO-8601 时长数组，如 ["P7D","P3D","P1D","PT0S"]');
  else {
    input.reminders.forEach((r, i) => {
      const problem = durationProblem(r);
      if (problem) add(`reminders[${i}]`, problem);
    });
    if (new Set(input.reminders).size !== input.reminders.length) add('reminders', '提醒时长不能重复');
  }
  const escalation = input.escalation as Partial<Escalation> | undefined;
  if (typeof escalation !== 'object' || escalation === null) add('escalation', '应为 {after, every}');
  else {
    for (const key of ['after', 'every'] as const) {
      const problem = durationProblem(escalation[key]);
      if (problem) add(`escalation.${key}`, problem);
    }
    const every = typeof escalation.every === 'string' ? parseDuration(escalation.every) : null;
    if (every !== null && every < 1000) add('escalation.every', '间隔不能小于 1 秒');
  }
  const due = input.due as Record<string, unknown> | undefined;
  if (typeof due !== 'object' || due === null) {
    add('due', '应为各阶段截止时间的对象');
    return problems;
  }
  for (const key of Object.keys(due)) if (!isCalendarStage(key)) add(`due.${key}`, `未知阶段：${key}`);
  const instants = new Map<CalendarStage, Date>();
  for (const stage of CALENDAR_STAGES) {
    const value = due[stage];
    if (value === undefined) add(`due.${stage}`, '缺少该阶段的截止时间');
    else if (typeof value !== 'string' || parseDue(value) === null) {
      add(`due.${stage}`, '应为带时区的 ISO-8601 时间（如 2027-02-28T18:00:00+08:00）或日期');
    } else {
      const instant = parseDue(value) as Date;
      const dueYear = Number(shanghaiDate(instant).slice(0, 4));
      if (typeof year === 'number' && (dueYear < year || dueYear > year + 2)) {
        add(`due.${stage}`, `截止时间应在 ${year} 至 ${year + 2} 年之间`);
      } else instants.set(stage, instant);
    }
  }
  const configured = new Map([...instants].map(([stage, instant]) => [stage, instant.getTime()]));
  problems.push(...orderProblems(configured, (previous) => `应晚于上一阶段（${previous}）的截止时间`));
  return problems;
}

/** Each stage of a cycle must be due strictly after the one before it. */
function orderProblems(
  at: ReadonlyMap<CalendarStage, number>,
  message: (previous: CalendarStage) => string,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const order of [REPORT_STAGES, SHUFA_STAGES] as readonly (readonly CalendarStage[])[]) {
    for (let i = 1; i < order.length; i++) {
      const before = at.get(order[i - 1]);
      const after = at.get(order[i]);
      if (before !== undefined && after !== undefined && after <= before) {
        problems.push({ field: `due.${order[i]}`, problems: [message(order[i - 1])] });
      }
    }
  }
  return problems;
}

/**
 * Validates the settings and, once they are sound, that the stages stay in order after roll-over
 * (two due dates on one weekend can otherwise land on the same Friday in the wrong order).
 */
export function assertValidCalendar(input: Parameters<typeof calendarProblems>[0], workingDays: WorkingDays): void {
  let problems = calendarProblems(input);
  if (problems.length === 0) problems = effectiveOrderProblems(effectiveDues(input as CalendarSettings, workingDays));
  if (problems.length > 0)
    throw new ValidationFailedError(problems, `日历设置不合法：${problems.map((p) => p.field).join('、')}`);
}

export function effectiveOrderProblems(dues: readonly EffectiveDue[]): FieldProblem[] {
  const at = new Map(dues.map((d) => [d.stage, d.effective.getTime()]));
  return orderProblems(at, (previous) => `顺延至工作日后不晚于上一阶段（${previous}）的截止时间`);
}

export interface EffectiveDue {
  stage: CalendarStage;
  configured: Date;
  effective: Date;
  rolledOver: boolean;
  day: DayInfo;
}

/** A due instant on a non-working day moves to a working day by the policy, keeping its wall-clock time. */
export function effectiveDue(configured: Date, policy: RolloverPolicy, workingDays: WorkingDays): Date {
  const date: IsoDate = shanghaiDate(configured);
  const rolled = workingDays.rollOver(date, policy);
  return rolled === date ? configured : moveToDate(configured, rolled);
}

export function effectiveDues(
  settings: Pick<CalendarSettings, 'due' | 'rollover'>,
  workingDays: WorkingDays,
): EffectiveDue[] {
  return CALENDAR_STAGES.map((stage) => {
    const configured = parseDue(settings.due[stage]) as Date;
    const effective = effectiveDue(configured, settings.rollover, workingDays);
    return {
      stage,
      configured,
      effective,
      rolledOver: effective.getTime() !== configured.getTime(),
      day: workingDays.day(shanghaiDate(effective)),
    };
  });
}

/** Working days the drafting stage gets again after a rejection. */
export const REWORK_WORKING_DAYS = 5;

/**
 * The rule for drafting's new due instant after a rejection (legality review or sign-off): the end
 * (23:59:59 Asia/Shanghai) of the fifth working day after the rejection, but never earlier than the
 * due instant drafting already had, so an early rejection costs the drafters nothing.
 */
export function reworkDue(rejectedAt: Date, heldDueAt: number, workingDays: WorkingDays): Date {
  const date = workingDays.addWorkingDays(shanghaiDate(rejectedAt), REWORK_WORKING_DAYS);
  const rework = new Date(`${date}T23:59:59+08:00`);
  return rework.getTime() >= heldDueAt ? rework : new Date(heldDueAt);
}
