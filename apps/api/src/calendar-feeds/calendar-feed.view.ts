import { ApiProperty } from '@nestjs/swagger';

/** The caller's secret calendar feed (CalendarFeedService). */
export class CalendarFeedView {
  @ApiProperty({ description: 'The iCalendar URL to subscribe to (a secret)' }) url: string;
  @ApiProperty({ format: 'date-time' }) issuedAt: string;
}
