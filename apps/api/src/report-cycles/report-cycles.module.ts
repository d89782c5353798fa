import { Module } from '@nestjs/common';
import { ContributionRepository } from '@rol/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { CyclesModule } from '../cycles/cycles.module';
import { ContributionService } from './contribution.service';
import { ReportCycleController } from './report-cycle.controller';
import { ReportWorkController } from './report-work.controller';

@Module({
  imports: [CyclesModule],
  controllers: [ReportCycleController, ReportWorkController],
  providers: [ContributionService, repositoryProvider(ContributionRepository)],
})
export class ReportCyclesModule {}
