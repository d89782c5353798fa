import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const OBJECT = { type: 'object', additionalProperties: true } as const;

/** One day: whether it is a working day, and why (DayInfo). */
export class WorkingDayView {
  @ApiProperty({ format: 'date' }) date: string;
  @ApiProperty() working: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The holiday or make-up day’s name' }) name: string | null;
  @ApiProperty({ enum: ['local', 'override', 'notice', 'holiday-data', 'weekday'] }) source: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A jurisdiction’s own day' }) jurisdictionId?: string;
}

/** The days of a range and, per year, whether its holidays are known and where its days come from. */
export class WorkingDayRangeView {
  @ApiProperty({ type: () => WorkingDayView, isArray: true }) items: WorkingDayView[];
  @ApiProperty() total: number;
  @ApiProperty({ type: 'array', items: OBJECT }) years: object[];
}

/** A State Council holiday notice as read (and, unless `dryRun`, stored with what it re-timed). */
export class HolidayNoticeImportView {
  @ApiProperty() year: number;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ type: 'array', items: OBJECT, description: 'The days it changed' }) changedDays: object[];
  @ApiProperty({ type: 'array', items: OBJECT, description: 'The calendars re-timed by it' })
  retimedCalendars: object[];
}
