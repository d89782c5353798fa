import { Injectable } from '@nestjs/common';
import {
  CalendarStage,
  CYCLE_STAGES,
  CycleKind,
  cycleOwner,
  CycleOwner,
  openStage,
  STAGE_LABELS,
  StageMismatchError,
} from '@rol/domain';
import { CycleContext, CycleContextExtras } from '@rol/persistence';
import { AuthenticatedActor } from '../common/actor';
import { CycleService } from './cycle.service';

/** A cycle as a person's step on it sees it: the stage the step is meant for, and whose cycle it is. */
export interface StepContext extends CycleContext {
  stage: CalendarStage;
  owner: CycleOwner;
}

@Injectable()
export class StepContextService {
  constructor(private readonly cycles: CycleService) {}

  /**
   * The cycle and the stage the caller means: the one named in the request, else the open one in the
   * projection. The workflow's validator has the last word on whether that stage is still open.
   */
  async open(
    actor: AuthenticatedActor,
    kind: CycleKind,
    id: string,
    meant?: CalendarStage,
    extras: CycleContextExtras = {},
  ): Promise<StepContext> {
    const found = await this.cycles.find(actor, kind, id, extras);
    const { row, organization } = found;
    if (meant && !CYCLE_STAGES[kind].includes(meant)) {
      throw new StageMismatchError(`该流程没有「${STAGE_LABELS[meant]}」阶段`);
    }
    const open = meant ? { stage: meant } : openStage(row.state);
    if (!open) throw new StageMismatchError('该流程已结束');
    return { ...found, stage: open.stage, owner: cycleOwner(row, organization) };
  }
}
