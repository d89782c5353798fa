import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { CalendarLaunchService } from './calendar-launch.service';
import { CalendarService } from './calendar.service';
import { CloseCalendarDto } from './close-calendar.dto';
import { CreateCalendarDto } from './create-calendar.dto';
import { LaunchCalendarDto } from './launch-calendar.dto';
import { ListCalendarsQuery } from './list-calendars.query';
import { UpdateCalendarDto } from './update-calendar.dto';

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
  create(@CurrentActor() actor: AuthenticatedActor, @Body() body: CreateCalendarDto) {
    return this.calendars.create(actor, body);
  }

  @Get()
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListCalendarsQuery) {
    return this.calendars.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.calendars.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin')
  update(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateCalendarDto,
  ) {
    return this.calendars.update(actor, id, body);
  }

  @Get(':id/preview')
  preview(@CurrentActor() actor: AuthenticatedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.calendars.preview(actor, id);
  }

  @Post(':id/launch')
  @Roles('admin')
  @HttpCode(202)
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
  close(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CloseCalendarDto,
  ) {
    return this.calendars.close(actor, id, body);
  }

  @Get(':id/launch')
  launchStatus(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: LaunchCalendarDto,
  ) {
    return this.launches.status(actor, id, query.organizationId ?? null);
  }
}
