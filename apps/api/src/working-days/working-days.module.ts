import { Module } from '@nestjs/common';
import { CalendarsModule } from '../calendars/calendars.module';
import { HolidayPackageService } from './holiday-package.service';
import { WorkingDayController } from './working-day.controller';
import { WorkingDayService } from './working-day.service';

@Module({
  imports: [CalendarsModule],
  controllers: [WorkingDayController],
  providers: [WorkingDayService, HolidayPackageService],
})
export class WorkingDaysModule {}
