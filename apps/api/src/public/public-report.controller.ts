import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/actor';
import { ListPublicReportsQuery } from './list-public-reports.query';
import { PublicReportService } from './public-report.service';

/** Published reports with their disclosure metadata, for everyone (主动公开 only), no login. */
@ApiTags('public')
@Public()
@Controller('public/reports')
export class PublicReportController {
  constructor(private readonly reports: PublicReportService) {}

  @Get()
  list(@Query() query: ListPublicReportsQuery) {
    return this.reports.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.reports.get(id);
  }
}
