import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { AssessmentExportQuery } from './assessment-export.query';
import { AssessmentExportService } from './assessment-export.service';
import { ApiErrors } from '../common/api-docs';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class AssessmentExportController {
  constructor(private readonly exports: AssessmentExportService) {}

  /** 考核数据: one row per department, every figure from the cycles' audit trails (admins of the jurisdiction or above). */
  @Get('assessment')
  @Roles('admin')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'CSV（UTF-8，带 BOM）或 XLSX 文件（工作表「考核数据」）',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiOperation({ operationId: 'exportAssessment', description: '考核数据 as CSV or XLSX, one row per department' })
  @ApiErrors(400, 401, 403, 404)
  async assessment(
    @CurrentActor() actor: AuthenticatedActor,
    @Query() query: AssessmentExportQuery,
  ): Promise<StreamableFile> {
    const file = await this.exports.export(actor, query);
    return new StreamableFile(file.body, {
      type: file.contentType,
      disposition: file.disposition,
      length: file.body.length,
    });
  }
}
