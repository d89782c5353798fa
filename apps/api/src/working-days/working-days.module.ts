import { Module } from '@nestjs/common';
import { WorkingDayController } from './working-day.controller';

@Module({ controllers: [WorkingDayController] })
export class WorkingDaysModule {}
