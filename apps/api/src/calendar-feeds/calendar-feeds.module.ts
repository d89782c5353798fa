import { Module } from '@nestjs/common';
import { CalendarFeedController, MyCalendarFeedController } from './calendar-feed.controller';
import { CalendarFeedService } from './calendar-feed.service';

@Module({
  controllers: [MyCalendarFeedController, CalendarFeedController],
  providers: [CalendarFeedService],
})
export class CalendarFeedsModule {}
