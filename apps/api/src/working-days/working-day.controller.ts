import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { SetWorkingDayDto } from './set-working-day.dto';
import { WorkingDayService } from './working-day.service';

@ApiTags('working-days')
@ApiBearerAuth()
@Controller('working-days')
export class WorkingDayController {
  constructor(private readonly workingDays: WorkingDayService) {}

  /** Every day of the range with whether it is a working day, and why. */
  @Get()
  list(@Query('from') from: unknown, @Query('to') to: unknown) {
    return this.workingDays.list(from, to);
  }

  /** Adds or corrects a day, e.g. from next year's State Council notice; wins over the published data. */
  @Put(':date')
  @Roles('admin')
  set(@CurrentActor() actor: AuthenticatedActor, @Param('date') date: string, @Body() body: SetWorkingDayDto) {
    return this.workingDays.set(actor, date, body);
  }
}
