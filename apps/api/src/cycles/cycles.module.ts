import { Module } from '@nestjs/common';
import { AuditLogRepository, CycleRepository, DraftRepository, IndexNumberRepository } from '@rol/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { CycleStepsService } from './cycle-steps.service';
import { CycleUpdateGateway } from './cycle-update.gateway';
import { CycleService } from './cycle.service';
import { IndexNumberService } from './index-number.service';
import { StageRequirementsService } from './stage-requirements.service';
import { StepContextService } from './step-context.service';
import { TextVersionsService } from './text-versions.service';

/** What both kinds of cycle share: reads, the steps every cycle has, versioned texts, and the way steps reach the workflow. */
@Module({
  providers: [
    CycleService,
    StepContextService,
    CycleUpdateGateway,
    StageRequirementsService,
    IndexNumberService,
    CycleStepsService,
    TextVersionsService,
    repositoryProvider(CycleRepository),
    repositoryProvider(DraftRepository),
    repositoryProvider(IndexNumberRepository),
    repositoryProvider(AuditLogRepository),
  ],
  exports: [
    CycleService,
    StepContextService,
    CycleUpdateGateway,
    CycleStepsService,
    TextVersionsService,
    CycleRepository,
  ],
})
export class CyclesModule {}
