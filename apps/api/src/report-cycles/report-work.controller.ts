import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor } from '../common/actor';
import { ContributionDto } from './contribution.dto';
import { ContributionService } from './contribution.service';
import { TextVersionDto } from '../cycles/text-version.dto';
import { REPORT_DRAFT, TextVersionsService } from '../cycles/text-versions.service';
import { ApiErrors } from '../common/api-docs';
import { CycleView, DraftAddedView, DraftPage, DraftView } from '../cycles/cycle.view';

/** The report's own work: divisions' material and the versioned drafts. */
@ApiTags('report-cycles')
@ApiBearerAuth()
@Controller('report-cycles')
export class ReportWorkController {
  constructor(
    private readonly contributions: ContributionService,
    private readonly texts: TextVersionsService,
  ) {}

  @Post(':id/contributions')
  @ApiOperation({ operationId: 'addContribution', description: 'A division hands in its material' })
  @ApiCreatedResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  contribute(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: ContributionDto) {
    return this.contributions.contribute(actor, id, body);
  }

  @Post(':id/drafts')
  @ApiOperation({ operationId: 'addDraft', description: 'The officer stores a draft version (section-checked)' })
  @ApiCreatedResponse({ type: DraftAddedView })
  @ApiErrors(400, 401, 403, 404, 409)
  addDraft(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: TextVersionDto) {
    return this.texts.add(REPORT_DRAFT, actor, id, body);
  }

  @Get(':id/drafts')
  @ApiOperation({ operationId: 'listDrafts', description: 'The draft versions with their section checks' })
  @ApiOkResponse({ type: DraftPage })
  @ApiErrors(401, 403, 404)
  listDrafts(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.texts.list(REPORT_DRAFT, actor, id);
  }

  @Get(':id/drafts/:version')
  @ApiOperation({ operationId: 'getDraft', description: 'One draft version' })
  @ApiOkResponse({ type: DraftView })
  @ApiErrors(400, 401, 403, 404)
  getDraft(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id') id: string,
    @Param('version', ParseIntPipe) version: number,
  ) {
    return this.texts.get(REPORT_DRAFT, actor, id, version);
  }
}
