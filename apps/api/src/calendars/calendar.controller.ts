import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { CalendarLaunchService } from './calendar-launch.service';
import { CalendarService } from './calendar.service';
import { CloseCalendarDto } from './close-calendar.dto';
import { CreateCalendarDto } from './create-calendar.dto';
import { LaunchCalendarDto } from './launch-calendar.dto';
import { ListCalendarsQuery } from './list-calendars.query';
import { UpdateCalendarDto } from './update-calendar.dto';
import { ApiErrors } from '../common/api-docs';
import { CalendarPage, CalendarPreviewView, CalendarView, LaunchStatusView } from './calendar.view';

@ApiTags('calendars')
@ApiBearerAuth()
@Controller('calendars')
export class CalendarController {
  constructor(
    private readonly calendars: CalendarService,
    private readonly launches: CalendarLaunchService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'createCalendar', description: 'Creates a year’s calendar' })
  @ApiCreatedResponse({ type: CalendarView })
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateCalendarDto) {
    return this.calendars.create(actor, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listCalendars', description: 'The calendars the caller may see' })
  @ApiOkResponse({ type: CalendarPage })
  @ApiErrors(400, 401, 403)
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListCalendarsQuery) {
    return this.calendars.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getCalendar', description: 'One calendar with its effective due dates' })
  @ApiOkResponse({ type: CalendarView })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.calendars.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ operationId: 'updateCalendar', description: 'Changes a calendar (re-times its launched cycles)' })
  @ApiOkResponse({ type: CalendarView })
  @ApiErrors(400, 401, 403, 404, 409)
  update(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateCalendarDto,
  ) {
    return this.calendars.update(actor, id, body);
  }

  @Get(':id/preview')
  @ApiOperation({
    operationId: 'previewCalendar',
    description: 'The year drawn: due dates, reminders, escalations, quiet-hour shifts',
  })
  @ApiOkResponse({ type: CalendarPreviewView })
  @ApiErrors(400, 401, 403, 404)
  preview(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.calendars.preview(actor, id);
  }

  @Post(':id/launch')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ operationId: 'launchCalendar', description: 'Launches the year’s cycles' })
  @ApiAcceptedResponse({ type: LaunchStatusView })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  launch(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: LaunchCalendarDto,
  ) {
    return this.launches.launch(actor, id, body);
  }

  /**
   * Closes a launched year: the calendar and its cycles become read-only (still listed, exported,
   * on the dashboard); cycles still running end with the reason, a 述法's open items go into next year.
   */
  @Post(':id/close')
  @Roles('admin')
  @HttpCode(202)
  @ApiOperation({ operationId: 'closeCalendar', description: 'Closes a launched year' })
  @ApiAcceptedResponse({ type: CalendarView })
  @ApiErrors(400, 401, 403, 404, 409)
  close(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CloseCalendarDto,
  ) {
    return this.calendars.close(actor, id, body);
  }

  @Get(':id/launch')
  @ApiOperation({ operationId: 'getCalendarLaunch', description: 'The launch’s progress' })
  @ApiOkResponse({ type: LaunchStatusView })
  @ApiErrors(400, 401, 403, 404)
  launchStatus(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: LaunchCalendarDto,
  ) {
    return this.launches.status(actor, id, query.organizationId ?? null);
  }
}
