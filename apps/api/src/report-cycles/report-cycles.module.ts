import { Module } from '@nestjs/common';
import { ContributionRepository, DraftRepository } from '@rol/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { CyclesModule } from '../cycles/cycles.module';
import { ContributionService } from './contribution.service';
import { DraftService } from './draft.service';
import { ReportCycleController } from './report-cycle.controller';
import { ReportWorkController } from './report-work.controller';

@Module({
  imports: [CyclesModule],
  controllers: [ReportCycleController, ReportWorkController],
  providers: [
    DraftService,
    ContributionService,
    repositoryProvider(DraftRepository),
    repositoryProvider(ContributionRepository),
  ],
})
export class ReportCyclesModule {}
