import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { DashboardQuery } from './dashboard.query';
import { DashboardService } from './dashboard.service';

@ApiTags('oversight')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  /** 督办看板: per department the report and 述法 cycle with its light; totals and on-time rates per stage. */
  @Get()
  @Roles('admin')
  get(@CurrentActor() actor: AuthenticatedActor, @Query() query: DashboardQuery) {
    return this.dashboards.dashboard(actor, query);
  }
}
