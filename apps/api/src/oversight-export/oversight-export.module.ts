import { Module } from '@nestjs/common';
import { AssessmentExportController } from './assessment-export.controller';
import { AssessmentExportService } from './assessment-export.service';

/** Exports for oversight (述、评、考、督、责): the yearly assessment. */
@Module({
  controllers: [AssessmentExportController],
  providers: [AssessmentExportService],
})
export class OversightExportModule {}
