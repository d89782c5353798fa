import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../common/actor';
import { parsePublicPagesQuery } from './public-pages.query';
import { renderReport, renderReportIndex } from './public-pages.render';
import { PublicReportService } from './public-report.service';
import { PUBLIC_PAGES_ROUTE } from './public-routes';

const PAGE_SIZE = 20;
const HTML = 'text/html; charset=utf-8';

/**
 * The published reports as web pages for everyone (主动公开 only, as the JSON API): the list at
 * /public/reports and each report at /public/reports/:id, outside /api and out of the API document.
 * Errors are answered as pages too (ErrorFilter, public-pages-error.ts).
 */
@ApiExcludeController()
@Public()
@Controller(PUBLIC_PAGES_ROUTE)
export class PublicPagesController {
  constructor(private readonly reports: PublicReportService) {}

  @Get()
  @Header('Content-Type', HTML)
  async index(@Query() query: Record<string, unknown>): Promise<string> {
    const { page, ...filter } = parsePublicPagesQuery(query);
    const [list, options] = await Promise.all([
      this.reports.list({ ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      this.reports.filterOptions(),
    ]);
    return renderReportIndex({ ...list, filter, page, pageSize: PAGE_SIZE, options });
  }

  @Get(':id')
  @Header('Content-Type', HTML)
  async report(@Param('id') id: string): Promise<string> {
    return renderReport(await this.reports.get(id));
  }
}
