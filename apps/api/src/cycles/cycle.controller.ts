import { Body, Controller, Get, HttpCode, Param, Post, Query, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CycleKind } from '@rol/domain';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { PaginationQuery } from '../common/pagination.dto';
import { CycleService } from './cycle.service';
import { ExtendStageDto } from './extend-stage.dto';
import { ListCyclesQuery } from './list-cycles.query';

/** The same read and admin routes for both kinds of cycle: /api/report-cycles and /api/shufa-cycles. */
function cycleController(kind: CycleKind, path: string): Type<unknown> {
  @ApiTags(path)
  @ApiBearerAuth()
  @Controller(path)
  class CycleController {
    constructor(readonly cycles: CycleService) {}

    @Get()
    list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListCyclesQuery) {
      return this.cycles.list(actor, kind, query);
    }

    @Get(':id')
    get(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
      return this.cycles.get(actor, kind, id);
    }

    @Post(':id/extend')
    @Roles('admin')
    @HttpCode(200)
    extend(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: ExtendStageDto) {
      return this.cycles.extend(actor, kind, id, body);
    }

    @Get(':id/audit')
    audit(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Query() query: PaginationQuery) {
      return this.cycles.audit(actor, kind, id, query);
    }
  }
  Object.defineProperty(CycleController, 'name', { value: `${kind[0].toUpperCase()}${kind.slice(1)}CycleController` });
  return CycleController;
}

export const ReportCycleController = cycleController('report', 'report-cycles');
export const ShufaCycleController = cycleController('shufa', 'shufa-cycles');
