import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor } from '../common/actor';
import { TextVersionDto } from '../cycles/text-version.dto';
import { SHUFA_REPORT, TextVersionsService } from '../cycles/text-versions.service';
import { EvaluationDto } from './evaluation.dto';
import { PanelDto } from './panel.dto';
import { RectificationDoneDto, RectificationItemDto, RectificationReopenDto } from './rectification.dto';
import { ShufaMeetingDto } from './shufa-meeting.dto';
import { ShufaStepsService } from './shufa-steps.service';

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
  addReport(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: TextVersionDto) {
    return this.texts.add(SHUFA_REPORT, actor, id, body);
  }

  @Get(':id/reports')
  listReports(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.texts.list(SHUFA_REPORT, actor, id);
  }

  @Get(':id/reports/:version')
  getReport(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id') id: string,
    @Param('version', ParseIntPipe) version: number,
  ) {
    return this.texts.get(SHUFA_REPORT, actor, id, version);
  }

  /** The office changes this cycle's mode, panel or dimensions, until the evaluation closes. */
  @Put(':id/panel')
  setPanel(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: PanelDto) {
    return this.steps.setPanel(actor, id, body);
  }

  /** The office records the 述法 meeting (会议述法, 现场述法): date, place, 点评, 质询 and answers. */
  @Post(':id/meeting')
  @HttpCode(200)
  recordMeeting(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: ShufaMeetingDto) {
    return this.steps.recordMeeting(actor, id, body);
  }

  /** A panel member scores once (a second attempt: 409); the marks stay secret until the evaluation closes. */
  @Post(':id/evaluations')
  evaluate(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: EvaluationDto) {
    return this.steps.evaluate(actor, id, body);
  }

  @Get(':id/evaluations')
  evaluations(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.steps.evaluations(actor, id);
  }

  /** The office adds an item to the 问题清单 (in the rectification stage), with its due date. */
  @Post(':id/rectification-items')
  issueItem(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: RectificationItemDto) {
    return this.steps.issueItem(actor, id, body);
  }

  /** The leader reports an item fixed, with a comment and optional evidence. */
  @Post(':id/rectification-items/:itemId/done')
  @HttpCode(200)
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
  itemReopen(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id') id: string,
    @Param('itemId', ParseUUIDPipe) itemId: string,
    @Body() body: RectificationReopenDto,
  ) {
    return this.steps.rectificationStep(actor, id, itemId, { step: 'reopen', itemId, reason: body.reason });
  }
}
