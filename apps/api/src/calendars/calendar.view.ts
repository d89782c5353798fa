import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CALENDAR_STAGES, CalendarStage } from '@rol/domain';
import { pageOf } from '../common/api-docs';
import { EscalationView, HolidayWarningView, QuietHoursView, ShufaSettingsView } from '../common/settings.view';

const CALENDAR_STATUSES = ['draft', 'launched', 'closed'] as const;
type CalendarStatus = (typeof CALENDAR_STATUSES)[number];

/** A year's calendar (CalendarService.view), with its effective due dates. */
export class CalendarView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) jurisdictionId: string;
  @ApiProperty() year: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ description: 'How a due date on a non-working day rolls over' }) rollover: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Due date per stage, as set (a date-time, or a date meaning its end in Asia/Shanghai)',
  })
  due: Record<string, string>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'date-time' },
    description: 'Due instant per stage after rollover',
  })
  effectiveDue: Record<string, string>;
  @ApiProperty({ type: [String], description: 'Stages whose due date was rolled over' }) rolledOver: string[];
  @ApiProperty({ type: [String], description: 'Reminder offsets before each due date (ISO-8601 durations)' })
  reminders: string[];
  @ApiProperty({ type: () => EscalationView }) escalation: EscalationView;
  @ApiProperty({ type: () => ShufaSettingsView, description: 'The 述法 rules, defaults filled in' })
  shufa: ShufaSettingsView;
  @ApiProperty({ type: () => QuietHoursView, description: 'Quiet hours, defaults filled in' })
  quietHours: QuietHoursView;
  @ApiProperty({ enum: CALENDAR_STATUSES }) status: CalendarStatus;
  @ApiProperty() revision: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) launchAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) launchedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) closedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) closeReason: string | null;
  @ApiProperty({
    type: () => HolidayWarningView,
    isArray: true,
    description: 'Years planned in whose holidays are unknown',
  })
  warnings: HolidayWarningView[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export const CalendarPage = pageOf(CalendarView);

/** An instant of the preview: its Asia/Shanghai date, and whether people are at work then. */
export class PreviewInstantView {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'date', description: 'Its date in Asia/Shanghai' }) date: string;
  @ApiProperty() working: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The holiday it falls on, if any' }) holiday: string | null;
  @ApiProperty({ description: 'The day is the jurisdiction’s own non-working day' }) local: boolean;
}

/** A reminder's instant; `plannedAt` when quiet hours moved it. */
export class ReminderPreviewView extends PreviewInstantView {
  @ApiPropertyOptional({ format: 'date-time', description: 'When it was planned, if quiet hours moved it' })
  plannedAt?: string;
  @ApiProperty({ description: 'ISO-8601 duration before the due date', example: 'P3D' }) offset: string;
  @ApiProperty({ description: 'Quiet hours push it past the due instant: never sent' }) afterDue: boolean;
}

/** An escalation round's instant; `plannedAt` when quiet hours moved it. */
export class EscalationPreviewView extends PreviewInstantView {
  @ApiPropertyOptional({ format: 'date-time', description: 'When it was planned, if quiet hours moved it' })
  plannedAt?: string;
  @ApiProperty() round: number;
}

/** One stage drawn: its due date (configured and rolled over), reminders and escalation rounds. */
export class StagePreviewView {
  @ApiProperty({ enum: CALENDAR_STAGES }) stage: CalendarStage;
  @ApiProperty({ description: 'The stage, named in Chinese' }) label: string;
  @ApiProperty({ enum: ['report', 'shufa'] }) cycle: 'report' | 'shufa';
  @ApiProperty({ format: 'date-time' }) configuredDueAt: string;
  @ApiProperty({ format: 'date-time' }) dueAt: string;
  @ApiProperty() rolledOver: boolean;
  @ApiProperty({ type: () => PreviewInstantView }) due: PreviewInstantView;
  @ApiProperty({ type: () => ReminderPreviewView, isArray: true }) reminders: ReminderPreviewView[];
  @ApiProperty({ type: () => EscalationPreviewView, isArray: true, description: 'Rounds up to the next year’s end' })
  escalations: EscalationPreviewView[];
}

/** The year drawn: every stage's due date, reminder and escalation instants, quiet-hour shifts. */
export class CalendarPreviewView {
  @ApiProperty({ format: 'uuid' }) calendarId: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: () => HolidayWarningView, isArray: true }) warnings: HolidayWarningView[];
  @ApiProperty({ type: () => QuietHoursView }) quietHours: QuietHoursView;
  @ApiProperty({ type: () => StagePreviewView, isArray: true, description: 'Per stage: due, reminders, escalations' })
  stages: StagePreviewView[];
  @ApiProperty({ type: () => ShufaSettingsView }) shufa: ShufaSettingsView;
}

/** A cycle a repeated launch found ended abnormally and started again. */
export class RestartedCycleView {
  @ApiProperty() cycleId: string;
  @ApiProperty({ enum: ['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED'] }) previousStatus: string;
  @ApiProperty({ description: 'The stage it carries on with' }) stage: string;
}

/** A cycle the launch could not start again. */
export class FailedCycleView {
  @ApiProperty() cycleId: string;
  @ApiProperty() previousStatus: string;
  @ApiProperty() reason: string;
}

/** The launch workflow's own count (libs/contracts LaunchProgress). */
export class LaunchProgressView {
  @ApiProperty() departments: number;
  @ApiProperty() reportStarted: number;
  @ApiProperty() shufaStarted: number;
  @ApiProperty({ description: 'Cycles found already running (a repeated or resumed launch)' }) alreadyRunning: number;
  @ApiProperty({ description: 'Cycles found ended: never started again' }) alreadyEnded: number;
  @ApiProperty({ type: () => RestartedCycleView, isArray: true }) restarted: RestartedCycleView[];
  @ApiProperty({ type: () => FailedCycleView, isArray: true }) failed: FailedCycleView[];
  @ApiProperty({ type: [String], description: 'Codes of departments without a principal leader' })
  withoutLeader: string[];
  @ApiProperty() batches: number;
  @ApiProperty() done: boolean;
}

/** The launch workflow: its Temporal status and, while it runs or once completed, its count. */
export class LaunchRunView {
  @ApiProperty() workflowId: string;
  @ApiProperty({ description: 'Temporal workflow status', example: 'RUNNING' }) status: string;
  @ApiProperty({
    type: () => LaunchProgressView,
    nullable: true,
    description: 'Null when it is neither running nor completed, or no worker answered in time',
  })
  progress: LaunchProgressView | null;
}

/** A timed launch's schedule. */
export class ScheduledLaunchView {
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) launchAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null once it has fired' })
  nextAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The launch it started, once fired' })
  workflowId: string | null;
}

/** A launch's progress, and the cycles the calendar has (CalendarLaunchService.status). */
export class LaunchStatusView {
  @ApiProperty({ format: 'uuid' }) calendarId: string;
  @ApiProperty({ enum: CALENDAR_STATUSES }) status: CalendarStatus;
  @ApiProperty({ type: () => HolidayWarningView, isArray: true }) warnings: HolidayWarningView[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) launchedAt: string | null;
  @ApiProperty({ description: 'Departments of the jurisdiction' }) departments: number;
  @ApiProperty() departmentsWithoutLeader: number;
  @ApiProperty() reportCycles: number;
  @ApiProperty() shufaCycles: number;
  @ApiProperty({ type: () => LaunchRunView, nullable: true, description: 'The launch workflow, once started' })
  launch: LaunchRunView | null;
  @ApiProperty({ type: () => ScheduledLaunchView, nullable: true, description: 'The schedule of a timed launch' })
  scheduled: ScheduledLaunchView | null;
}
