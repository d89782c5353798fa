import { Injectable } from '@nestjs/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { contributeUpdate } from '@rol/contracts';
import { assertMayAct, STAGE_LABELS, StageMismatchError, StepUndoneError } from '@rol/domain';
import { ContributionRepository } from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { sealBeforeExternalEffect } from '../common/idempotency-fence';
import { CycleView } from '../cycles/cycle.service';
import { CycleUpdateGateway } from '../cycles/cycle-update.gateway';
import { StepContextService } from '../cycles/step-context.service';
import { ContributionDto } from './contribution.dto';

/** Divisions' material for their department's report (材料征集). */
@Injectable()
export class ContributionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly contexts: StepContextService,
    private readonly gateway: CycleUpdateGateway,
    private readonly contributions: ContributionRepository,
  ) {}

  /** A division's material; the stage closes by itself when the last division has handed in. */
  async contribute(actor: AuthenticatedActor, id: string, dto: ContributionDto): Promise<CycleView> {
    const context = await this.contexts.open(actor, 'report', id, undefined, { chainLinks: true });
    const { row, stage, owner } = context;
    assertMayAct(actor, { kind: 'contribution', divisionId: dto.divisionId }, owner);
    if (stage !== 'contributions') {
      throw new StageMismatchError(`当前处于「${STAGE_LABELS[stage]}」阶段，${STAGE_LABELS.contributions}已结束`);
    }
    const late = Date.now() > (row.state.stages.find((s) => s.stage === 'contributions')?.dueAt ?? Infinity);
    // The material is kept first (committed), then the workflow is told. If it refuses, the material
    // kept by this call is removed; a repeat (or a retry after a timeout) keeps the first material.
    await sealBeforeExternalEffect(this.dataSource);
    const keptId = await this.contributions.keep({
      cycleId: id,
      divisionId: dto.divisionId,
      content: dto.content,
      authorId: actor.userId,
      late,
    });
    try {
      return await this.gateway.send(context, contributeUpdate, {
        divisionId: dto.divisionId,
        actor: auditActor(actor),
      });
    } catch (error) {
      // Refused, or undone because it could not be stored: the material kept for it goes too.
      if (keptId && (error instanceof WorkflowUpdateFailedError || error instanceof StepUndoneError)) {
        await this.contributions.remove(keptId);
      }
      throw error;
    }
  }
}
