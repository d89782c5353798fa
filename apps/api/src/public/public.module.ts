import { Module } from '@nestjs/common';
import { DraftRepository, PublicReportRepository } from '@rol/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { PublicPagesController } from './public-pages.controller';
import { PublicReportController } from './public-report.controller';
import { PublicReportService } from './public-report.service';

@Module({
  controllers: [PublicReportController, PublicPagesController],
  providers: [PublicReportService, repositoryProvider(PublicReportRepository), repositoryProvider(DraftRepository)],
})
export class PublicModule {}
