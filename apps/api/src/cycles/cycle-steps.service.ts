import { Injectable } from '@nestjs/common';
import { advanceUpdate, cancelUpdate, extendUpdate, rejectUpdate } from '@rol/contracts';
import {
  assertMayAct,
  CycleKind,
  ForbiddenError,
  isAdminAbove,
  parseDue,
  REJECT_TARGET,
  reworkDue,
  STAGE_LABELS,
  StageMismatchError,
  ValidationFailedError,
} from '@rol/domain';
import { workingDaysWith } from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { AdvanceStageDto } from './advance-stage.dto';
import { CancelCycleDto } from './cancel-cycle.dto';
import { CycleService, CycleView } from './cycle.service';
import { CycleUpdateGateway } from './cycle-update.gateway';
import { ExtendStageDto } from './extend-stage.dto';
import { RejectStageDto } from './reject-stage.dto';
import { StageRequirementsService } from './stage-requirements.service';
import { StepContextService } from './step-context.service';

/**
 * The steps every cycle has: the API checks who may act and what the step needs, then the gateway
 * sends it to the cycle's workflow.
 */
@Injectable()
export class CycleStepsService {
  constructor(
    private readonly cycles: CycleService,
    private readonly contexts: StepContextService,
    private readonly requirements: StageRequirementsService,
    private readonly gateway: CycleUpdateGateway,
  ) {}

  async advance(actor: AuthenticatedActor, kind: CycleKind, id: string, dto: AdvanceStageDto): Promise<CycleView> {
    const context = await this.contexts.open(actor, kind, id, dto.stage, {
      latestDraft: true,
      chainLinks: true,
    });
    assertMayAct(actor, { kind: 'stage', stage: context.stage }, context.owner);
    const details = await this.requirements.advanceDetails(context, dto);
    return this.gateway.send(context, advanceUpdate, {
      stage: context.stage,
      actor: auditActor(actor),
      comment: dto.comment?.trim() || null,
      details,
    });
  }

  async reject(actor: AuthenticatedActor, kind: CycleKind, id: string, dto: RejectStageDto): Promise<CycleView> {
    const context = await this.contexts.open(actor, kind, id, dto.stage, {
      workingDayOverrides: true,
      chainLinks: true,
    });
    const { row, stage, owner, workingDayOverrides, localDays } = context;
    const target = REJECT_TARGET[stage];
    if (!target) throw new StageMismatchError(`「${STAGE_LABELS[stage]}」阶段不能退回`);
    assertMayAct(actor, { kind: 'stage', stage }, owner);
    const held = row.state.stages.find((s) => s.stage === target)?.dueAt ?? 0;
    const reworkDueAt = reworkDue(
      new Date(),
      held,
      workingDaysWith(workingDayOverrides, { local: localDays }),
    ).getTime();
    return this.gateway.send(context, rejectUpdate, {
      stage,
      actor: auditActor(actor),
      reason: dto.reason.trim(),
      reworkDueAt,
    });
  }

  /** An admin above the department moves one item's due instant (a stage, a division's part); the workflow re-times at once. */
  async extend(actor: AuthenticatedActor, kind: CycleKind, id: string, dto: ExtendStageDto): Promise<CycleView> {
    const found = await this.cycles.find(actor, kind, id, { chainLinks: true });
    if (!isAdminAbove(actor, found.organization.path)) throw new ForbiddenError('只有上级辖区的管理员可以延期');
    const dueAt = parseDue(dto.dueAt);
    if (!dueAt) {
      throw ValidationFailedError.field('dueAt', '应为带时区的 ISO-8601 时间（如 2027-03-05T18:00:00+08:00）或日期');
    }
    // A division's part is an item of the contributions stage.
    const stage = dto.stage ?? 'contributions';
    if (dto.divisionId !== undefined && stage !== 'contributions') {
      throw ValidationFailedError.field('stage', '为单个处室延期时，阶段只能是材料征集（contributions）');
    }
    return this.gateway.send(found, extendUpdate, {
      stage,
      ...(dto.divisionId !== undefined ? { divisionId: dto.divisionId } : {}),
      dueAt: dueAt.getTime(),
      reason: dto.reason.trim(),
      actor: auditActor(actor),
    });
  }

  /** An admin above the department stops the cycle, with the reason. */
  async cancel(actor: AuthenticatedActor, kind: CycleKind, id: string, dto: CancelCycleDto): Promise<CycleView> {
    const found = await this.cycles.find(actor, kind, id, { chainLinks: true });
    if (!isAdminAbove(actor, found.organization.path)) throw new ForbiddenError('只有上级辖区的管理员可以取消流程');
    return this.gateway.send(found, cancelUpdate, { actor: auditActor(actor), reason: dto.reason.trim() });
  }
}
