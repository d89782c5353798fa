import { Module } from '@nestjs/common';
import { LaunchStatusRepository } from '@rol/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { CalendarLaunchService } from './calendar-launch.service';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';
import { LaunchScheduleService } from './launch-schedule.service';

@Module({
  controllers: [CalendarController],
  providers: [
    CalendarService,
    CalendarLaunchService,
    LaunchScheduleService,
    repositoryProvider(LaunchStatusRepository),
  ],
  // Working-day changes re-time launched calendars through it.
  exports: [CalendarService],
})
export class CalendarsModule {}
