import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CycleKind } from '@rol/domain';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { PaginationQuery } from '../common/pagination.dto';
import { ContributionDto } from '../report-cycles/contribution.dto';
import { ContributionService } from '../report-cycles/contribution.service';
import { DraftDto } from '../report-cycles/draft.dto';
import { DraftService } from '../report-cycles/draft.service';
import { AdvanceStageDto } from './advance-stage.dto';
import { CancelCycleDto } from './cancel-cycle.dto';
import { RejectStageDto } from './reject-stage.dto';
import { CycleStepsService } from './cycle-steps.service';
import { CycleService } from './cycle.service';
import { ExtendStageDto } from './extend-stage.dto';
import { ListCyclesQuery } from './list-cycles.query';

/** The same read and admin routes for both kinds of cycle: /api/report-cycles and /api/shufa-cycles. */
function cycleController(kind: CycleKind, path: string): Type<unknown> {
  @ApiTags(path)
  @ApiBearerAuth()
  @Controller(path)
  class CycleController {
    constructor(
      readonly cycles: CycleService,
      readonly steps: CycleStepsService,
    ) {}

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
      return this.steps.extend(actor, kind, id, body);
    }

    @Post(':id/advance')
    @HttpCode(200)
    advance(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: AdvanceStageDto) {
      return this.steps.advance(actor, kind, id, body);
    }

    @Post(':id/reject')
    @HttpCode(200)
    reject(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: RejectStageDto) {
      return this.steps.reject(actor, kind, id, body);
    }

    @Post(':id/cancel')
    @Roles('admin')
    @HttpCode(200)
    cancel(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: CancelCycleDto) {
      return this.steps.cancel(actor, kind, id, body);
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

/** The report's own work: divisions' material and the versioned drafts. */
@ApiTags('report-cycles')
@ApiBearerAuth()
@Controller('report-cycles')
export class ReportWorkController {
  constructor(
    private readonly contributions: ContributionService,
    private readonly drafts: DraftService,
  ) {}

  @Post(':id/contributions')
  contribute(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: ContributionDto) {
    return this.contributions.contribute(actor, id, body);
  }

  @Post(':id/drafts')
  addDraft(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: DraftDto) {
    return this.drafts.add(actor, id, body);
  }

  @Get(':id/drafts')
  listDrafts(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.drafts.list(actor, id);
  }

  @Get(':id/drafts/:version')
  getDraft(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id') id: string,
    @Param('version', ParseIntPipe) version: number,
  ) {
    return this.drafts.get(actor, id, version);
  }
}
