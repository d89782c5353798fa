import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-docs';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { DashboardQuery } from './dashboard.query';
import { DashboardService } from './dashboard.service';
import { DashboardView } from './dashboard.view';

@ApiTags('oversight')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboards: DashboardService) {}

  /** 督办看板: per department the report and 述法 cycle with its light; totals and on-time rates per stage. */
  @Get()
  @Roles('admin')
  @ApiOperation({
    operationId: 'getDashboard',
    description: '督办看板：each department’s report and 述法 with its light; totals and on-time rates per stage',
  })
  @ApiOkResponse({ type: DashboardView })
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentActor() actor: AuthenticatedActor, @Query() query: DashboardQuery) {
    return this.dashboards.dashboard(actor, query);
  }
}
