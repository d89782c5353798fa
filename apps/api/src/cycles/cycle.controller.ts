import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
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
import { ApiErrors } from '../common/api-docs';
import { CycleAuditPage, CycleDetailView, CyclePage, CycleView } from './cycle.view';

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
  @ApiOperation({ description: 'The cycles of this kind the caller may see' })
  @ApiOkResponse({ type: CyclePage })
  @ApiErrors(400, 401, 403)
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListCyclesQuery) {
    return this.cycles.list(actor, this.kind, query);
  }

  @Get(':id')
  @ApiOperation({ description: 'One cycle (a 述法 with its department’s report)' })
  @ApiOkResponse({ type: CycleDetailView })
  @ApiErrors(401, 403, 404)
  get(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.cycles.get(actor, this.kind, id);
  }

  @Post(':id/extend')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ description: 'Extends the current stage’s due date (admins)' })
  @ApiOkResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  extend(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: ExtendStageDto) {
    return this.steps.extend(actor, this.kind, id, body);
  }

  @Post(':id/advance')
  @HttpCode(200)
  @ApiOperation({ description: 'Completes the current stage and moves on' })
  @ApiOkResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409, 422)
  advance(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: AdvanceStageDto) {
    return this.steps.advance(actor, this.kind, id, body);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ description: 'Sends the cycle back, with a reason' })
  @ApiOkResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  reject(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: RejectStageDto) {
    return this.steps.reject(actor, this.kind, id, body);
  }

  @Post(':id/cancel')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ description: 'Cancels the cycle, with a reason (admins)' })
  @ApiOkResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  cancel(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: CancelCycleDto) {
    return this.steps.cancel(actor, this.kind, id, body);
  }

  @Get(':id/audit')
  @ApiOperation({ description: 'The cycle’s audit trail and how late each stage was' })
  @ApiOkResponse({ type: CycleAuditPage })
  @ApiErrors(400, 401, 403, 404)
  audit(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Query() query: PaginationQuery) {
    return this.cycles.audit(actor, this.kind, id, query);
  }
}
