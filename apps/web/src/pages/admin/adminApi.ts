/** The administrator's answers, typed: all generated from the API's OpenAPI document (schema.d.ts). */
import { time } from '../../components/common';
import { ApiError } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];

export type OrganizationView = Schemas['OrganizationView'];
export type UserView = Schemas['UserView'];
export type NoticeChannels = Schemas['NoticeChannelsView'];
export type CycleView = Schemas['CycleView'];
export type WorkingDay = Schemas['WorkingDayView'];
export type NoticeReading = Schemas['HolidayNoticeImportView'];
export type Escalation = Schemas['EscalationView'];
export type QuietHours = Schemas['QuietHoursView'];
export type HolidayWarning = Schemas['HolidayWarningView'];
export type Calendar = Schemas['CalendarView'];
export type PreviewInstant = Schemas['PreviewInstantView'];
export type StagePreview = Schemas['StagePreviewView'];
export type CalendarPreview = Schemas['CalendarPreviewView'];
export type LaunchStatus = Schemas['LaunchStatusView'];

// The stages in legal order: the domain's one list.
export { REPORT_STAGES, SHUFA_STAGES } from '@domain/calendar/stages';

// The organisation kinds, their names and which may hang under which: the domain's one rule.
export { ALLOWED_PARENTS, ORGANIZATION_KIND_LABELS, ORGANIZATION_KINDS } from '@domain/organization';

export const ROLLOVER_LABELS: Record<string, string> = {
  'previous-workday': '提前到上一个工作日',
  'next-workday': '顺延到下一个工作日',
  none: '不调整',
};

export const CALENDAR_STATUS_LABELS: Record<string, string> = { draft: '草稿', launched: '已启动', closed: '已关闭' };

/**
 * The API's message for a field and everything under it ("reminders" also takes "reminders[0]",
 * "due" does not take "due.drafting" when asked for "due.drafting" exactly).
 */
export function fieldError(error: unknown, field: string) {
  if (!(error instanceof ApiError)) return {};
  const found = error.details.fields?.filter(
    (f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`),
  );
  return found?.length ? { validateStatus: 'error' as const, help: found.flatMap((f) => f.problems).join('；') } : {};
}

/** A wall-clock "YYYY-MM-DDTHH:mm" in Beijing time (the calendar form's date-time value), and back. */
export function toLocalInput(iso: string | undefined | null): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return `${iso}T23:59`;
  const shifted = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return Number.isNaN(shifted.getTime()) ? '' : shifted.toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): string {
  return value && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? `${value}:00+08:00` : value;
}

/** An instant shown in Beijing time, whatever the browser's zone. */
export function beijing(iso: string | null | undefined): string {
  if (iso && /^\d{4}-\d{2}-\d{2}$/.test(iso)) return `${iso} 23:59`;
  return time(iso);
}
