import { Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { UpdateDefinition } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { CycleUpdateResult, isStepResult, StepRequest, writeNowUpdate } from '@rol/contracts';
import { ConflictError, CycleKind, stepRequestProblem, StepUndoneError, ValidationFailedError } from '@rol/domain';
import { CycleContext, cycleRowOf, isPermanentWriteError, writeCycleChanges } from '@rol/persistence';
import { sealBeforeExternalEffect } from '../common/idempotency-fence';
import { CycleService, CycleView } from './cycle.service';

/** How long a person's action waits for the workflow to accept and persist it. */
const UPDATE_DEADLINE_MS = 15_000;

/**
 * Where people's steps reach the cycle workflow: each is sent as an Update whose validator checks
 * the stage (so two identical requests at once: one succeeds, the other gets CONFLICT), and the
 * answer is the state the workflow persisted.
 */
@Injectable()
export class CycleUpdateGateway {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    private readonly cycles: CycleService,
  ) {}

  /**
   * Sends the step to the workflow and answers with the state persisted: the step's changes are
   * written here (the workflow writes them too, a little later, in case this process cannot), so the
   * answer and any read after it show them. A retry after a timeout is a new request: the workflow's
   * validator refuses it (CONFLICT) if the first one was in fact accepted, so nothing is done twice.
   */
  async send<A extends StepRequest>(
    { row, chainLinks, latestDraftVersion }: Pick<CycleContext, 'row' | 'chainLinks' | 'latestDraftVersion'>,
    update: UpdateDefinition<CycleUpdateResult, [A]>,
    arg: A,
  ): Promise<CycleView> {
    const { id, kind } = row;
    const problem = stepRequestProblem(arg);
    if (problem) throw new ValidationFailedError([], problem.problem);
    // Not a transaction of this request: the Idempotency-Key is sealed before the workflow is asked.
    await sealBeforeExternalEffect(this.dataSource);
    let result: CycleUpdateResult;
    try {
      // Bounded: with no worker (or no database) the update cannot complete; the caller gets 503.
      result = await this.temporal.connection.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        this.temporal.workflow.getHandle(id).executeUpdate(update, { args: [{ ...arg, writtenSeq: row.seq }] }),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new ConflictError('该流程已结束');
      throw error;
    }
    if (isStepResult(result)) {
      let updatedAt: Date | null;
      try {
        ({ updatedAt } = await writeCycleChanges(this.dataSource.manager, result.snapshot, result.changes, chainLinks));
      } catch (error) {
        if (!isPermanentWriteError(error)) throw error;
        return this.undo(id, kind);
      }
      // A step does not add drafts: the latest one is still the one read with the cycle.
      if (updatedAt) return this.cycles.view({ row: cycleRowOf(result.snapshot, updatedAt), latestDraftVersion });
    }
    // Written already (by the workflow, or a newer state by someone else): what is stored now.
    return this.cycles.reread(kind, id);
  }

  /**
   * PostgreSQL will never store the step: the workflow is asked to write what it holds, which is
   * refused too, and it goes back to what PostgreSQL holds. The person is told it was undone.
   */
  private async undo(id: string, kind: CycleKind): Promise<CycleView> {
    const { written } = await this.temporal.connection.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
      this.temporal.workflow.getHandle(id).executeUpdate(writeNowUpdate),
    );
    if (written) return this.cycles.reread(kind, id);
    throw new StepUndoneError();
  }
}
