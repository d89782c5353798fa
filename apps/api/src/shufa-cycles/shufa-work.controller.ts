import { Body, Controller, Get, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor } from '../common/actor';
import { TextVersionDto } from '../cycles/text-version.dto';
import { SHUFA_REPORT, TextVersionsService } from '../cycles/text-versions.service';

/** The leader's 述法 report: versioned text, each version with its content check. */
@ApiTags('shufa-cycles')
@ApiBearerAuth()
@Controller('shufa-cycles')
export class ShufaWorkController {
  constructor(private readonly texts: TextVersionsService) {}

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
}
