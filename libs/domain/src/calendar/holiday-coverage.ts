import { CalendarSettings, effectiveDues } from './calendar-rules';
import { shanghaiDate } from './iso-date';
import { timerPlan } from './timer-plan';
import { WorkingDays } from './working-days';

/** A calendar plans instants in a year whose holidays the system does not know. */
export interface HolidayWarning {
  code: 'HOLIDAYS_UNKNOWN';
  year: number;
  message: string;
}

/** The notice that makes a year's holidays known. */
export function holidayNoticeTitle(year: number): string {
  return `国务院办公厅关于${year}年部分节假日安排的通知`;
}

export function holidayWarning(year: number): HolidayWarning {
  return {
    code: 'HOLIDAYS_UNKNOWN',
    year,
    message:
      `尚未导入《${holidayNoticeTitle(year)}》：${year}年的法定节假日和调休上班日未知，` +
      `该年的截止时间、提醒和督办暂按普通周末计算，可能落在节假日。请在通知发布后导入。`,
  };
}

/**
 * The years, not covered by the working-day data, in which a calendar's due dates (configured and
 * rolled over) or its notice instants (reminders, the first escalation) fall, each as a warning.
 */
export function holidayWarnings(
  settings: Pick<CalendarSettings, 'due' | 'rollover' | 'reminders' | 'escalation'>,
  workingDays: WorkingDays,
): HolidayWarning[] {
  const years = new Set<number>();
  const add = (at: number) => years.add(Number(shanghaiDate(new Date(at)).slice(0, 4)));
  for (const due of effectiveDues(settings, workingDays)) {
    const plan = timerPlan(due.effective.getTime(), settings.reminders, settings.escalation);
    [due.configured.getTime(), plan.dueAt, plan.escalationAt(1), ...plan.reminders.map((r) => r.at)].forEach(add);
  }
  return [...years]
    .filter((year) => !workingDays.covers(year))
    .sort((a, b) => a - b)
    .map(holidayWarning);
}
