import { Module } from '@nestjs/common';
import { WorkingDayController } from './working-day.controller';
import { WorkingDayService } from './working-day.service';

@Module({ controllers: [WorkingDayController], providers: [WorkingDayService] })
export class WorkingDaysModule {}
