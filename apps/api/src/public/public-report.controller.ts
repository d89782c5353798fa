import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/actor';
import { ListPublicReportsQuery } from './list-public-reports.query';
import { PublicReportService } from './public-report.service';
import { PUBLIC_REPORTS_API_ROUTE } from './public-routes';

/** Published reports with their disclosure metadata, for everyone (主动公开 only), no login: /api/public/reports. */
@ApiTags('public')
@Public()
@Controller(PUBLIC_REPORTS_API_ROUTE)
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
