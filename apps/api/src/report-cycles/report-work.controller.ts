import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor } from '../common/actor';
import { ContributionDto } from './contribution.dto';
import { ContributionService } from './contribution.service';
import { TextVersionDto } from '../cycles/text-version.dto';
import { REPORT_DRAFT, TextVersionsService } from '../cycles/text-versions.service';

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
  contribute(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: ContributionDto) {
    return this.contributions.contribute(actor, id, body);
  }

  @Post(':id/drafts')
  addDraft(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string, @Body() body: TextVersionDto) {
    return this.texts.add(REPORT_DRAFT, actor, id, body);
  }

  @Get(':id/drafts')
  listDrafts(@CurrentActor() actor: AuthenticatedActor, @Param('id') id: string) {
    return this.texts.list(REPORT_DRAFT, actor, id);
  }

  @Get(':id/drafts/:version')
  getDraft(
    @CurrentActor() actor: AuthenticatedActor,
    @Param('id') id: string,
    @Param('version', ParseIntPipe) version: number,
  ) {
    return this.texts.get(REPORT_DRAFT, actor, id, version);
  }
}
