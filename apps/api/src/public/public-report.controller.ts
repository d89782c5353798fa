import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/actor';
import { ListPublicReportsQuery } from './list-public-reports.query';
import { PublicReportService } from './public-report.service';
import { PUBLIC_REPORTS_API_ROUTE } from './public-routes';
import { ApiErrors } from '../common/api-docs';
import { PublicReportPage, PublicReportWithContentView } from './public-report.view';

/** Published reports with their disclosure metadata, for everyone (主动公开 only), no login: /api/public/reports. */
@ApiTags('public')
@Public()
@Controller(PUBLIC_REPORTS_API_ROUTE)
export class PublicReportController {
  constructor(private readonly reports: PublicReportService) {}

  @Get()
  @ApiOperation({
    operationId: 'listPublicReports',
    description: 'Published reports (主动公开) with their disclosure form',
  })
  @ApiOkResponse({ type: PublicReportPage })
  @ApiErrors(400)
  list(@Query() query: ListPublicReportsQuery) {
    return this.reports.list(query);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getPublicReport', description: 'One published report with its text' })
  @ApiOkResponse({ type: PublicReportWithContentView })
  @ApiErrors(404)
  get(@Param('id') id: string) {
    return this.reports.get(id);
  }
}
