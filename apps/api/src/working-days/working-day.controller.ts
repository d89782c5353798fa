import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { ImportNoticeDto } from './import-notice.dto';
import { SetWorkingDayDto } from './set-working-day.dto';
import { WorkingDayService } from './working-day.service';
import { ApiErrors } from '../common/api-docs';
import { HolidayNoticeImportView, WorkingDayRangeView, WorkingDayView } from './working-day.view';

@ApiTags('working-days')
@ApiBearerAuth()
@Controller('working-days')
export class WorkingDayController {
  constructor(private readonly workingDays: WorkingDayService) {}

  /**
   * Every day of the range with whether it is a working day, and why (with `jurisdictionId`, its
   * own non-working days too); per year, whether its holidays are known and where its days come from.
   */
  @Get()
  @ApiOperation({ operationId: 'listWorkingDays', description: 'Every day of a range: working or not, and why' })
  @ApiOkResponse({ type: WorkingDayRangeView })
  @ApiQuery({ name: 'from', schema: { type: 'string', format: 'date' }, description: 'First day' })
  @ApiQuery({
    name: 'to',
    schema: { type: 'string', format: 'date' },
    description: 'Last day (at most 400 days after from)',
  })
  @ApiQuery({ name: 'jurisdictionId', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiErrors(400, 401, 403, 404)
  list(@Query('from') from: unknown, @Query('to') to: unknown, @Query('jurisdictionId') jurisdictionId: unknown) {
    return this.workingDays.list(from, to, jurisdictionId);
  }

  /**
   * Reads the State Council's holiday notice as published (国务院办公厅关于XXXX年部分节假日安排的通知);
   * unless `dryRun`, stores its days, marks the year as known and re-times what it moves.
   */
  @Post('notices')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'importHolidayNotice',
    description: 'Reads a State Council holiday notice; unless dryRun, stores it',
  })
  @ApiOkResponse({ type: HolidayNoticeImportView })
  @ApiErrors(400, 401, 403, 409, 422)
  importNotice(@CurrentActor() actor: AuthenticatedActor, @Body() body: ImportNoticeDto) {
    return this.workingDays.importNotice(actor, body);
  }

  /** Adds or corrects a day nationally, or (with `jurisdictionId`) adds a jurisdiction's own non-working day. */
  @Put(':date')
  @Roles('admin')
  @ApiOperation({ operationId: 'setWorkingDay', description: 'Sets a day nationally or for a jurisdiction' })
  @ApiOkResponse({ type: WorkingDayView })
  @ApiErrors(400, 401, 403, 404, 409)
  set(@CurrentActor() actor: AuthenticatedActor, @Param('date') date: string, @Body() body: SetWorkingDayDto) {
    return this.workingDays.set(actor, date, body);
  }

  /** Removes a national correction, or (with `jurisdictionId`) a jurisdiction's own non-working day. */
  @Delete(':date')
  @Roles('admin')
  @ApiOperation({ operationId: 'removeWorkingDay', description: 'Removes a correction or a jurisdiction’s own day' })
  @ApiOkResponse({ type: WorkingDayView })
  @ApiQuery({
    name: 'jurisdictionId',
    required: false,
    schema: { type: 'string', format: 'uuid' },
    description: 'Removes the jurisdiction’s own day',
  })
  @ApiErrors(400, 401, 403, 404, 409)
  remove(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('date') date: string,
    @Query('jurisdictionId') jurisdictionId: unknown,
  ) {
    return this.workingDays.remove(actor, date, jurisdictionId);
  }
}
