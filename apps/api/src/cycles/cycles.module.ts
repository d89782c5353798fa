import { Module } from '@nestjs/common';
import { AuditLogRepository, CycleRepository, IndexNumberRepository } from '@rol/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { CycleStepsService } from './cycle-steps.service';
import { CycleUpdateGateway } from './cycle-update.gateway';
import { CycleService } from './cycle.service';
import { IndexNumberService } from './index-number.service';
import { StageRequirementsService } from './stage-requirements.service';
import { StepContextService } from './step-context.service';

/** What both kinds of cycle share: reads, the steps every cycle has, and the way steps reach the workflow. */
@Module({
  providers: [
    CycleService,
    StepContextService,
    CycleUpdateGateway,
    StageRequirementsService,
    IndexNumberService,
    CycleStepsService,
    repositoryProvider(CycleRepository),
    repositoryProvider(IndexNumberRepository),
    repositoryProvider(AuditLogRepository),
  ],
  exports: [CycleService, StepContextService, CycleUpdateGateway, CycleStepsService, CycleRepository],
})
export class CyclesModule {}
