import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CycleKind } from '@rol/domain';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { PaginationQuery } from '../common/pagination.dto';
import { AdvanceStageDto } from './advance-stage.dto';
import { CancelCycleDto } from './cancel-cycle.dto';
import { CycleStepsService } from './cycle-steps.service';
import { CycleService } from './cycle.service';
import { ExtendStageDto } from './extend-stage.dto';
import { ListCyclesQuery } from './list-cycles.query';
import { RejectStageDto } from './reject-stage.dto';

/**
 * The read, step and admin routes every kind of cycle has; each kind's controller extends it under
 * its own path (/api/report-cycles, /api/shufa-cycles) and adds its own work.
 */
export abstract class CycleController {
  constructor(
    private readonly kind: CycleKind,
    protected readonly cycles: CycleService,
    protected readonly steps: CycleStepsService,
  ) {}

  @Get()
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListCyclesQuery) {
    return this.cycles.list(actor, this.kind, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.cycles.get(actor, this.kind, id);
  }

  @Post(':id/extend')
  @Roles('admin')
  @HttpCode(200)
  extend(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: ExtendStageDto) {
    return this.steps.extend(actor, this.kind, id, body);
  }

  @Post(':id/advance')
  @HttpCode(200)
  advance(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: AdvanceStageDto) {
    return this.steps.advance(actor, this.kind, id, body);
  }

  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: RejectStageDto) {
    return this.steps.reject(actor, this.kind, id, body);
  }

  @Post(':id/cancel')
  @Roles('admin')
  @HttpCode(200)
  cancel(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: CancelCycleDto) {
    return this.steps.cancel(actor, this.kind, id, body);
  }

  @Get(':id/audit')
  audit(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Query() query: PaginationQuery) {
    return this.cycles.audit(actor, this.kind, id, query);
  }
}
