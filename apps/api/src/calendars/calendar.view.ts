import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/api-docs';

const OBJECT = { type: 'object', additionalProperties: true } as const;

/** A year's calendar (CalendarService.view), with its effective due dates. */
export class CalendarView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) jurisdictionId: string;
  @ApiProperty() year: number;
  @ApiProperty({ example: 'Asia/Shanghai' }) timezone: string;
  @ApiProperty({ description: 'How a due date on a non-working day rolls over' }) rollover: string;
  @ApiProperty({ ...OBJECT, description: 'Due date per stage, as set' }) due: object;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', format: 'date-time' },
    description: 'Due instant per stage after rollover',
  })
  effectiveDue: Record<string, string>;
  @ApiProperty({ type: [String], description: 'Stages whose due date was rolled over' }) rolledOver: string[];
  @ApiProperty({ type: [String], description: 'Reminder offsets before each due date (ISO-8601 durations)' })
  reminders: string[];
  @ApiProperty(OBJECT) escalation: object;
  @ApiProperty({ ...OBJECT, description: 'The 述法 rules, defaults filled in' }) shufa: object;
  @ApiProperty({ ...OBJECT, description: 'Quiet hours, defaults filled in' }) quietHours: object;
  @ApiProperty({ enum: ['draft', 'launched', 'closed'] }) status: string;
  @ApiProperty() revision: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) launchAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) launchedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) closedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) closeReason: string | null;
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Years planned in whose holidays are unknown' })
  warnings: object[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export const CalendarPage = pageOf(CalendarView);

/** The year drawn: every stage's due date, reminder and escalation instants, quiet-hour shifts. */
export class CalendarPreviewView {
  @ApiProperty({ format: 'uuid' }) calendarId: string;
  @ApiProperty() year: number;
  @ApiProperty({ type: 'array', items: OBJECT }) warnings: object[];
  @ApiProperty(OBJECT) quietHours: object;
  @ApiProperty({ type: 'array', items: OBJECT, description: 'Per stage: due, reminders, escalations' })
  stages: object[];
  @ApiProperty(OBJECT) shufa: object;
}

/** A launch's progress, and the cycles the calendar has (CalendarLaunchService.status). */
export class LaunchStatusView {
  @ApiProperty({ format: 'uuid' }) calendarId: string;
  @ApiProperty({ enum: ['draft', 'launched', 'closed'] }) status: string;
  @ApiProperty({ type: 'array', items: OBJECT }) warnings: object[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) launchedAt: string | null;
  @ApiProperty({ description: 'Departments of the jurisdiction' }) departments: number;
  @ApiProperty() departmentsWithoutLeader: number;
  @ApiProperty() reportCycles: number;
  @ApiProperty() shufaCycles: number;
  @ApiProperty({ ...OBJECT, nullable: true, description: '`{workflowId, status, progress}` of the launch' })
  launch: object | null;
  @ApiProperty({ ...OBJECT, nullable: true, description: '`{launchAt, nextAt, workflowId}` of a timed launch' })
  scheduled: object | null;
}
