import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One day: whether it is a working day, and why (DayInfo). */
export class WorkingDayView {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() working: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The holiday or make-up day’s name' }) name: string | null;
  @ApiProperty({ enum: ['local', 'override', 'notice', 'holiday-data', 'weekday'] }) source: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A jurisdiction’s own day' }) jurisdictionId?: string;
}

/** The State Council notice imported for a year. */
export class ImportedNoticeView {
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty({ format: 'date-time' }) importedAt: string;
}

/** A year of the range: whether its holidays are known, and where its days come from. */
export class WorkingDayYearView {
  @ApiProperty() year: number;
  @ApiProperty({ description: 'Its holidays are known (published data or an imported notice)' }) covered: boolean;
  @ApiProperty({ enum: ['package', 'notice', 'override', 'local'], isArray: true }) sources: string[];
  @ApiProperty({ type: () => ImportedNoticeView, nullable: true }) notice: ImportedNoticeView | null;
  @ApiProperty({ description: 'Days an administrator corrected nationally' }) overrides: number;
  @ApiProperty({ description: 'The jurisdiction’s own days' }) localDays: number;
}

/** A day a notice names: a holiday, or a make-up working day (调休上班). */
export class NoticeDayView {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty({ example: '春节' }) name: string;
}

/** A calendar re-timed by changed working days, at its new revision. */
export class RetimedCalendarView {
  @ApiProperty({ format: 'uuid' }) calendarId: string;
  @ApiProperty() revision: number;
}

/** The days of a range and, per year, whether its holidays are known and where its days come from. */
export class WorkingDayRangeView {
  @ApiProperty({ type: () => WorkingDayView, isArray: true }) items: WorkingDayView[];
  @ApiProperty() total: number;
  @ApiProperty({ type: () => WorkingDayYearView, isArray: true }) years: WorkingDayYearView[];
}

/** A State Council holiday notice as read (and, unless `dryRun`, stored with what it re-timed). */
export class HolidayNoticeImportView {
  @ApiProperty() year: number;
  @ApiProperty({ type: String, nullable: true, description: 'The notice’s title, when its first line is one' })
  title: string | null;
  @ApiProperty({ type: () => NoticeDayView, isArray: true, description: 'Every day off, by date' })
  holidays: NoticeDayView[];
  @ApiProperty({ type: () => NoticeDayView, isArray: true, description: 'Make-up working days, by date' })
  workdays: NoticeDayView[];
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ type: [String], format: 'date', description: 'The days it changed (none for a dry run)' })
  changedDays: string[];
  @ApiProperty({ type: () => RetimedCalendarView, isArray: true, description: 'The calendars re-timed by it' })
  retimedCalendars: RetimedCalendarView[];
}
