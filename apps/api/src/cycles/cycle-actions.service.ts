import { Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { UpdateDefinition } from '@temporalio/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  advanceUpdate,
  cancelUpdate,
  contributeUpdate,
  CycleUpdateResult,
  extendUpdate,
  isStepResult,
  rejectUpdate,
  StepRequest,
  writeNowUpdate,
} from '@rol/contracts';
import {
  assertMayAct,
  CalendarStage,
  CYCLE_STAGES,
  cycleOwner,
  CycleOwner,
  isAdminAbove,
  checkSections,
  ConflictError,
  CycleKind,
  ForbiddenError,
  MissingSectionsError,
  openStage,
  parseDue,
  REJECT_TARGET,
  reportDateProblem,
  stepRequestProblem,
  reworkDue,
  shanghaiDate,
  STAGE_LABELS,
  StageMismatchError,
  StepUndoneError,
  ValidationFailedError,
} from '@rol/domain';
import {
  appendAudit,
  ContributionEntity,
  CycleContext,
  CycleContextExtras,
  CycleEntity,
  cycleRowOf,
  DraftEntity,
  isPermanentWriteError,
  workingDaysWith,
  OrganizationEntity,
  writeCycleChanges,
} from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { sealBeforeExternalEffect } from '../common/idempotency-fence';
import { AdvanceStageDto, CancelCycleDto, ContributionDto, DraftDto, RejectStageDto } from './advance-stage.dto';
import { CycleService } from './cycle.service';
import { ExtendStageDto } from './extend-stage.dto';

/** How long a person's action waits for the workflow to accept and persist it. */
const UPDATE_DEADLINE_MS = 15_000;

/**
 * People's steps on a cycle: the API checks who may act and what the step needs, then sends it to
 * the cycle workflow as an Update whose validator checks the stage (so two identical requests at
 * once: one succeeds, the other gets CONFLICT). The answer is the state the workflow persisted.
 */
@Injectable()
export class CycleActionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
    private readonly cycles: CycleService,
  ) {}

  /**
   * The cycle and the stage the caller means: the one named in the request, else the open one in the
   * projection. The workflow's validator has the last word on whether that stage is still open.
   */
  private async context(
    actor: AuthenticatedActor,
    kind: CycleKind,
    id: string,
    meant?: CalendarStage,
    extras: CycleContextExtras = {},
  ) {
    const found = await this.cycles.find(actor, kind, id, extras);
    const { row, organization } = found;
    if (meant && !CYCLE_STAGES[kind].includes(meant)) {
      throw new StageMismatchError(`该流程没有「${STAGE_LABELS[meant]}」阶段`);
    }
    const open = meant ? { stage: meant } : openStage(row.state);
    if (!open) throw new StageMismatchError('该流程已结束');
    const owner = cycleOwner(row, organization);
    return { ...found, stage: open.stage, owner };
  }

  private assertMayAct(actor: AuthenticatedActor, stage: CalendarStage, owner: CycleOwner) {
    assertMayAct(actor, { kind: 'stage', stage }, owner);
  }

  /**
   * Sends the step to the workflow and answers with the state persisted: the step's changes are
   * written here (the workflow writes them too, a little later, in case this process cannot), so the
   * answer and any read after it show them. A retry after a timeout is a new request: the workflow's
   * validator refuses it (CONFLICT) if the first one was in fact accepted, so nothing is done twice.
   */
  private async send<A extends StepRequest>(
    { row, chainLinks }: Pick<CycleContext, 'row' | 'chainLinks'>,
    update: UpdateDefinition<CycleUpdateResult, [A]>,
    arg: A,
  ): Promise<ReturnType<CycleService['view']>> {
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
        // PostgreSQL will never store this step: the workflow is asked to write what it holds, which
        // is refused too, and it goes back to what PostgreSQL holds. The person is told it was undone.
        const { written } = await this.temporal.connection.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
          this.temporal.workflow.getHandle(id).executeUpdate(writeNowUpdate),
        );
        if (written) return this.cycles.reread(kind, id);
        throw new StepUndoneError();
      }
      if (updatedAt) return this.cycles.view(cycleRowOf(result.snapshot, updatedAt));
    }
    // Written already (by the workflow, or a newer state by someone else): what is stored now.
    return this.cycles.reread(kind, id);
  }

  /** A date recorded with a step of the report on `year` must fall in the report's own time. */
  private assertReportDate(field: string, label: string, date: string, year: number): void {
    const problem = reportDateProblem(date, { year, today: shanghaiDate(new Date()) });
    if (problem) throw ValidationFailedError.field(field, `${label}${problem}`);
  }

  /** The latest draft's number and section check (not its text). */
  private async latestDraft(
    manager: EntityManager,
    cycleId: string,
  ): Promise<Pick<DraftEntity, 'version' | 'sectionCheck'> | null> {
    const [row]: { version: number; section_check: DraftEntity['sectionCheck'] }[] = await manager.query(
      'SELECT version, section_check FROM draft WHERE cycle_id = $1 ORDER BY version DESC LIMIT 1',
      [cycleId],
    );
    return row ? { version: row.version, sectionCheck: row.section_check } : null;
  }

  async advance(actor: AuthenticatedActor, kind: CycleKind, id: string, dto: AdvanceStageDto) {
    const context = await this.context(actor, kind, id, dto.stage, {
      latestDraft: kind === 'report',
      chainLinks: true,
    });
    const { row, organization, stage, owner, latestDraft } = context;
    this.assertMayAct(actor, stage, owner);
    const details: Record<string, unknown> = {};
    const required = (field: string, message: string): never => {
      throw ValidationFailedError.field(field, message);
    };
    switch (stage) {
      case 'drafting': {
        const draft = latestDraft ?? required('draft', '尚未提交草稿');
        if (draft.sectionCheck.missing.length > 0) throw new MissingSectionsError(draft.sectionCheck.missing);
        details.draftVersion = draft.version;
        break;
      }
      case 'legality_review':
        if (!dto.comment?.trim()) required('comment', '合法性审查须填写审查意见');
        break;
      case 'sign_off':
        details.meeting = dto.meeting ?? required('meeting', '领导审签须记录审议会议（类型和日期）');
        this.assertReportDate('meeting.date', '会议日期', dto.meeting!.date, row.year);
        break;
      case 'submission':
        details.recipients = dto.recipients?.length
          ? dto.recipients
          : required('recipients', '报送须列明报送对象（本级党委和政府、上级部门、依法治X办）');
        break;
      case 'contributions':
      case 'publication': // needs the disclosure, below
      case 'shufa_writing':
      case 'shufa_materials_review':
      case 'shufa_evaluation':
      case 'shufa_rectification':
        break;
    }
    const by = auditActor(actor);
    if (stage !== 'publication') {
      return this.send(context, advanceUpdate, { stage, actor: by, comment: dto.comment?.trim() || null, details });
    }
    // Publication: the text reviewed and signed is the draft version recorded when drafting ended.
    const disclosure = dto.disclosure ?? required('disclosure', '公开发布须填写公开信息');
    if (disclosure.openness !== '主动公开' && !disclosure.opennessReason?.trim()) {
      required('disclosure.opennessReason', `「${disclosure.openness}」须说明理由`);
    }
    const drafting = row.state.stages.find((s) => s.stage === 'drafting')?.record?.details;
    const draftVersion = typeof drafting?.draftVersion === 'number' ? drafting.draftVersion : null;
    if (draftVersion === null) required('draft', '没有经审查的报告草稿');
    const publishedDate = disclosure.publishedDate ?? shanghaiDate(new Date());
    this.assertReportDate('disclosure.signedDate', '成文日期', disclosure.signedDate, row.year);
    this.assertReportDate('disclosure.publishedDate', '发布日期', publishedDate, row.year);
    if (disclosure.signedDate > publishedDate) required('disclosure.publishedDate', '发布日期不能早于成文日期');
    // Only chosen here: it is taken with the step's write, so a refused step takes nothing.
    const indexNumber = await this.chooseIndexNumber(
      id,
      organization,
      Number(publishedDate.slice(0, 4)),
      // @IsOptional lets null through: null, like absent, asks for the next number.
      disclosure.indexNumber ?? undefined,
    );
    return this.send(context, advanceUpdate, {
      stage,
      actor: by,
      comment: dto.comment?.trim() || null,
      details: { disclosure: { ...disclosure, publishedDate, indexNumber }, draftVersion },
    });
  }

  /**
   * The 索引号 a publication is to carry: the one typed in, which must be this organisation's (its
   * credit code and the publication year) and nobody else's, or else the next free one of the
   * organisation and year. Nothing is reserved here: the step's write takes it (see
   * writeCycleChanges), and should another publication take it first, that write is refused and the
   * step undone.
   */
  private async chooseIndexNumber(
    cycleId: string,
    organization: OrganizationEntity,
    year: number,
    given: string | undefined,
  ): Promise<string> {
    const field = 'disclosure.indexNumber';
    if (!organization.creditCode) {
      throw ValidationFailedError.field(
        field,
        '本单位未设置统一社会信用代码，无法确定索引号，请先设置统一社会信用代码',
      );
    }
    const prefix = `${organization.creditCode}/${year}-`;
    if (given !== undefined) {
      if (!given.startsWith(`${organization.creditCode}/`)) {
        throw ValidationFailedError.field(field, `索引号须以本单位统一社会信用代码 ${organization.creditCode} 开头`);
      }
      if (!given.startsWith(prefix)) throw ValidationFailedError.field(field, `索引号的年份须为发布年份 ${year}`);
      const taken: { cycle_id: string }[] = await this.dataSource.query(
        'SELECT cycle_id FROM index_number WHERE index_number = $1',
        [given],
      );
      if (taken.length > 0 && taken[0].cycle_id !== cycleId) {
        throw new ConflictError(`索引号 ${given} 已被其他报告使用`, { field });
      }
      return given;
    }
    const [{ last }]: { last: number | null }[] = await this.dataSource.query(
      `SELECT max(substring(index_number FROM '-([0-9]{5})$')::int) AS last FROM index_number
        WHERE starts_with(index_number, $1)`,
      [prefix],
    );
    return `${prefix}${String((last ?? 0) + 1).padStart(5, '0')}`;
  }

  async reject(actor: AuthenticatedActor, kind: CycleKind, id: string, dto: RejectStageDto) {
    const context = await this.context(actor, kind, id, dto.stage, { workingDayOverrides: true, chainLinks: true });
    const { row, stage, owner, workingDayOverrides } = context;
    const target = REJECT_TARGET[stage];
    if (!target) throw new StageMismatchError(`「${STAGE_LABELS[stage]}」阶段不能退回`);
    this.assertMayAct(actor, stage, owner);
    const held = row.state.stages.find((s) => s.stage === target)?.dueAt ?? 0;
    const reworkDueAt = reworkDue(new Date(), held, workingDaysWith(workingDayOverrides)).getTime();
    return this.send(context, rejectUpdate, {
      stage,
      actor: auditActor(actor),
      reason: dto.reason.trim(),
      reworkDueAt,
    });
  }

  /** An admin above the department moves one stage's due instant; the workflow re-times at once. */
  async extend(actor: AuthenticatedActor, kind: CycleKind, id: string, dto: ExtendStageDto) {
    const found = await this.cycles.find(actor, kind, id, { chainLinks: true });
    if (!isAdminAbove(actor, found.organization.path)) throw new ForbiddenError('只有上级辖区的管理员可以延期');
    const dueAt = parseDue(dto.dueAt);
    if (!dueAt) {
      throw ValidationFailedError.field('dueAt', '应为带时区的 ISO-8601 时间（如 2027-03-05T18:00:00+08:00）或日期');
    }
    return this.send(found, extendUpdate, {
      stage: dto.stage,
      dueAt: dueAt.getTime(),
      reason: dto.reason.trim(),
      actor: auditActor(actor),
    });
  }

  /** An admin above the department stops the cycle, with the reason. */
  async cancel(actor: AuthenticatedActor, kind: CycleKind, id: string, dto: CancelCycleDto) {
    const found = await this.cycles.find(actor, kind, id, { chainLinks: true });
    if (!isAdminAbove(actor, found.organization.path)) throw new ForbiddenError('只有上级辖区的管理员可以取消流程');
    return this.send(found, cancelUpdate, { actor: auditActor(actor), reason: dto.reason.trim() });
  }

  /** A division's material; the stage closes by itself when the last division has handed in. */
  async contribute(actor: AuthenticatedActor, id: string, dto: ContributionDto) {
    const context = await this.context(actor, 'report', id, undefined, { chainLinks: true });
    const { row, stage, owner } = context;
    assertMayAct(actor, { kind: 'contribution', divisionId: dto.divisionId }, owner);
    if (stage !== 'contributions')
      throw new StageMismatchError(`当前处于「${STAGE_LABELS[stage]}」阶段，材料征集已结束`);
    const late = Date.now() > (row.state.stages.find((s) => s.stage === 'contributions')?.dueAt ?? Infinity);
    // The material is kept first (committed), then the workflow is told. If it refuses, the material
    // kept by this call is removed; a repeat (or a retry after a timeout) keeps the first material.
    await sealBeforeExternalEffect(this.dataSource);
    const kept = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(ContributionEntity)
      .values({ cycleId: id, divisionId: dto.divisionId, content: dto.content, authorId: actor.userId, late })
      .orIgnore()
      .returning('id')
      .execute();
    const keptId = (kept.raw as { id: string }[])[0]?.id;
    try {
      return await this.send(context, contributeUpdate, { divisionId: dto.divisionId, actor: auditActor(actor) });
    } catch (error) {
      // Refused, or undone because it could not be stored: the material kept for it goes too.
      if (keptId && (error instanceof WorkflowUpdateFailedError || error instanceof StepUndoneError)) {
        await this.dataSource.getRepository(ContributionEntity).delete({ id: keptId });
      }
      throw error;
    }
  }

  async addDraft(actor: AuthenticatedActor, id: string, dto: DraftDto) {
    const { stage, owner } = await this.context(actor, 'report', id);
    this.assertMayAct(actor, 'drafting', owner);
    if (stage !== 'drafting') throw new StageMismatchError(`当前处于「${STAGE_LABELS[stage]}」阶段，不能提交草稿`);
    const sectionCheck = checkSections(dto.content);
    return this.dataSource.transaction(async (manager) => {
      // One writer at a time per cycle: versions are consecutive.
      const locked = await manager.findOne(CycleEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (locked?.stage !== 'drafting') throw new StageMismatchError('起草阶段已结束，不能再提交草稿');
      const latest = await this.latestDraft(manager, id);
      const version = (latest?.version ?? 0) + 1;
      await manager.insert(DraftEntity, {
        cycleId: id,
        version,
        content: dto.content,
        sectionCheck,
        authorId: actor.userId,
      });
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'draft.saved',
        subjectType: 'report_cycle',
        subjectId: id,
        after: { version, missing: sectionCheck.missing.map((m) => m.key) },
      });
      return { version, sectionCheck };
    });
  }

  async listDrafts(actor: AuthenticatedActor, id: string) {
    await this.cycles.find(actor, 'report', id);
    const rows = await this.dataSource
      .getRepository(DraftEntity)
      .find({ where: { cycleId: id }, order: { version: 'ASC' } });
    return {
      items: rows.map((d) => ({
        version: d.version,
        createdAt: d.createdAt,
        authorId: d.authorId,
        sectionCheck: d.sectionCheck,
      })),
      total: rows.length,
    };
  }

  async getDraft(actor: AuthenticatedActor, id: string, version: number) {
    await this.cycles.find(actor, 'report', id);
    const draft = await this.dataSource.getRepository(DraftEntity).findOneBy({ cycleId: id, version });
    if (!draft) throw ValidationFailedError.field('version', `没有第 ${version} 版草稿`);
    return {
      version: draft.version,
      content: draft.content,
      sectionCheck: draft.sectionCheck,
      createdAt: draft.createdAt,
    };
  }
}
