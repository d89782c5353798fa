import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor } from '../common/actor';
import { TextVersionDto } from '../cycles/text-version.dto';
import { SHUFA_REPORT, TextVersionsService } from '../cycles/text-versions.service';
import { EvaluationDto } from './evaluation.dto';
import { PanelDto } from './panel.dto';
import { RectificationDoneDto, RectificationItemDto, RectificationReopenDto } from './rectification.dto';
import { ShufaMeetingDto } from './shufa-meeting.dto';
import { ShufaStepsService } from './shufa-steps.service';
import { ApiErrors } from '../common/api-docs';
import {
  CycleView,
  EvaluationsView,
  ShufaReportAddedView,
  ShufaReportPage,
  ShufaReportView,
} from '../cycles/cycle.view';

/** The 述法's own work: the leader's report (versioned, content-checked), the panel, the meeting, the marks. */
@ApiTags('shufa-cycles')
@ApiBearerAuth()
@Controller('shufa-cycles')
export class ShufaWorkController {
  constructor(
    private readonly texts: TextVersionsService,
    private readonly steps: ShufaStepsService,
  ) {}

  @Post(':id/reports')
  @ApiOperation({
    operationId: 'addShufaReport',
    description: 'The leader hands in a version of his 述法 report (content-checked)',
  })
  @ApiCreatedResponse({ type: ShufaReportAddedView })
  @ApiErrors(400, 401, 403, 404, 409)
  addReport(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: TextVersionDto) {
    return this.texts.add(SHUFA_REPORT, actor, id, body);
  }

  @Get(':id/reports')
  @ApiOperation({ operationId: 'listShufaReports', description: 'The versions of the 述法 report' })
  @ApiOkResponse({ type: ShufaReportPage })
  @ApiErrors(401, 403, 404)
  listReports(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.texts.list(SHUFA_REPORT, actor, id);
  }

  @Get(':id/reports/:version')
  @ApiOperation({ operationId: 'getShufaReport', description: 'One version of the 述法 report' })
  @ApiOkResponse({ type: ShufaReportView })
  @ApiErrors(400, 401, 403, 404)
  getReport(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id') id: string,
    @Param('version', ParseIntPipe) version: number,
  ) {
    return this.texts.get(SHUFA_REPORT, actor, id, version);
  }

  /** The office changes this cycle's mode, panel or dimensions, until the evaluation closes. */
  @Put(':id/panel')
  @ApiOperation({ operationId: 'setShufaPanel', description: 'Sets the 述法’s mode, panel or dimensions' })
  @ApiOkResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  setPanel(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: PanelDto) {
    return this.steps.setPanel(actor, id, body);
  }

  /** The office records the 述法 meeting (会议述法, 现场述法): date, place, 点评, 质询 and answers. */
  @Post(':id/meeting')
  @HttpCode(200)
  @ApiOperation({ operationId: 'recordShufaMeeting', description: 'Records the 述法 meeting' })
  @ApiOkResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  recordMeeting(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: ShufaMeetingDto) {
    return this.steps.recordMeeting(actor, id, body);
  }

  /** A panel member scores once (a second attempt: 409); the marks stay secret until the evaluation closes. */
  @Post(':id/evaluations')
  @ApiOperation({ operationId: 'evaluateShufa', description: 'A panel member scores, once' })
  @ApiCreatedResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  evaluate(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: EvaluationDto) {
    return this.steps.evaluate(actor, id, body);
  }

  @Get(':id/evaluations')
  @ApiOperation({ operationId: 'getShufaEvaluations', description: 'The marks (secret until the evaluation closes)' })
  @ApiOkResponse({ type: EvaluationsView })
  @ApiErrors(401, 403, 404)
  evaluations(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.steps.evaluations(actor, id);
  }

  /** The office adds an item to the 问题清单 (in the rectification stage), with its due date. */
  @Post(':id/rectification-items')
  @ApiOperation({ operationId: 'addRectificationItem', description: 'Adds an item to the 问题清单' })
  @ApiCreatedResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  issueItem(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: RectificationItemDto) {
    return this.steps.issueItem(actor, id, body);
  }

  /** The leader reports an item fixed, with a comment and optional evidence. */
  @Post(':id/rectification-items/:itemId/done')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'reportRectificationItemDone',
    description: 'The leader reports a rectification item fixed',
  })
  @ApiOkResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  itemDone(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id') id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: RectificationDoneDto,
  ) {
    const evidence = body.evidence?.trim() || null;
    return this.steps.rectificationStep(actor, id, itemId, { step: 'done', itemId, comment: body.comment, evidence });
  }

  /** The office verifies an item (销号); the last one verified completes the cycle. */
  @Post(':id/rectification-items/:itemId/verify')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'verifyRectificationItem',
    description: 'The office verifies a rectification item (销号)',
  })
  @ApiOkResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  itemVerify(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id') id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
  ) {
    return this.steps.rectificationStep(actor, id, itemId, { step: 'verify', itemId });
  }

  /** The office sends an item back, with the reason; it goes on against its due date. */
  @Post(':id/rectification-items/:itemId/reopen')
  @HttpCode(200)
  @ApiOperation({ operationId: 'reopenRectificationItem', description: 'The office sends a rectification item back' })
  @ApiOkResponse({ type: CycleView })
  @ApiErrors(400, 401, 403, 404, 409)
  itemReopen(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id') id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: RectificationReopenDto,
  ) {
    return this.steps.rectificationStep(actor, id, itemId, { step: 'reopen', itemId, reason: body.reason });
  }
}
