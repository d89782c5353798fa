import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor } from '../common/actor';
import { TextVersionDto } from '../cycles/text-version.dto';
import { SHUFA_REPORT, TextVersionsService } from '../cycles/text-versions.service';
import { EvaluationDto } from './evaluation.dto';
import { PanelDto } from './panel.dto';
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
}
