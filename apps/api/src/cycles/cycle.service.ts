import { Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { extendUpdate } from '@rol/contracts';
import {
  isAdminAbove,
  canSeeAlongLine,
  ConflictError,
  CycleKind,
  ForbiddenError,
  formatDuration,
  NotFoundError,
  overdueBy,
  parseDue,
  ValidationFailedError,
} from '@rol/domain';
import { AuditLogEntity, CycleEntity, cycleSubjectType, OrganizationEntity } from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { Page } from '../common/pagination.dto';
import { whereAlongLine } from '../common/scope';
import { PaginationQuery } from '../common/pagination.dto';
import { ExtendStageDto } from './extend-stage.dto';
import { ListCyclesQuery } from './list-cycles.query';

/** How long an admin action waits for the workflow to accept and persist it. */
const UPDATE_DEADLINE_MS = 15_000;

const KIND_LABEL: Record<CycleKind, string> = { report: '年度报告流程', shufa: '述法流程' };

function iso(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

/** Reads cycles from their projection (never from Temporal) and passes admin actions to the workflow. */
@Injectable()
export class CycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly temporal: Client,
  ) {}

  view(row: CycleEntity, now = Date.now()) {
    const state = row.state;
    return {
      id: row.id,
      kind: row.kind,
      calendarId: row.calendarId,
      calendarRevision: row.calendarRevision,
      organizationId: row.organizationId,
      jurisdictionId: row.jurisdictionId,
      leaderId: row.leaderId,
      year: row.year,
      stage: row.stage,
      dueAt: row.dueAt?.toISOString() ?? null,
      overdue: row.overdue,
      stages: state.stages.map((s) => {
        const late = overdueBy(s, now);
        return {
          stage: s.stage,
          dueAt: iso(s.dueAt),
          startedAt: iso(s.startedAt),
          endedAt: iso(s.endedAt),
          extended: s.extended,
          ...(late > 0 ? { overdueBy: formatDuration(late) } : {}),
        };
      }),
      reminders: state.reminders,
      escalation: state.escalation,
      currentDraftVersion: null,
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** The cycle and its department, if the caller may see it (own department, or an organisation above it). */
  async find(actor: AuthenticatedActor, kind: CycleKind, id: string) {
    const row = await this.dataSource.getRepository(CycleEntity).findOneBy({ id, kind });
    if (!row) throw new NotFoundError(KIND_LABEL[kind], id);
    const organization = await this.dataSource
      .getRepository(OrganizationEntity)
      .findOneByOrFail({ id: row.organizationId });
    if (!canSeeAlongLine(actor, organization.path)) throw new ForbiddenError('无权查看其他单位的流程');
    return { row, organization };
  }

  async get(actor: AuthenticatedActor, kind: CycleKind, id: string) {
    return this.view((await this.find(actor, kind, id)).row);
  }

  async list(
    actor: AuthenticatedActor,
    kind: CycleKind,
    query: ListCyclesQuery,
  ): Promise<Page<ReturnType<CycleService['view']>>> {
    const qb = this.dataSource
      .getRepository(CycleEntity)
      .createQueryBuilder('c')
      .innerJoin(OrganizationEntity, 'o', 'o.id = c.organizationId')
      .where('c.kind = :kind', { kind });
    whereAlongLine(qb, 'o', actor);
    if (query.year !== undefined) qb.andWhere('c.year = :year', { year: query.year });
    if (query.organizationId) qb.andWhere('c.organizationId = :org', { org: query.organizationId });
    if (query.stage) qb.andWhere('c.stage = :stage', { stage: query.stage });
    if (query.overdue !== undefined) qb.andWhere('c.overdue = :overdue', { overdue: query.overdue });
    const [rows, total] = await qb
      .orderBy('c.dueAt', 'ASC', 'NULLS LAST')
      .addOrderBy('c.id')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    const now = Date.now();
    return { items: rows.map((r) => this.view(r, now)), total };
  }

  /** An admin above the department moves one stage's due instant; the workflow re-times at once. */
  async extend(actor: AuthenticatedActor, kind: CycleKind, id: string, dto: ExtendStageDto) {
    const { row, organization } = await this.find(actor, kind, id);
    if (!isAdminAbove(actor, organization.path)) throw new ForbiddenError('只有上级辖区的管理员可以延期');
    const dueAt = parseDue(dto.dueAt);
    if (!dueAt) {
      throw ValidationFailedError.field('dueAt', '应为带时区的 ISO-8601 时间（如 2027-03-05T18:00:00+08:00）或日期');
    }
    try {
      // Bounded: with no worker (or no database) the update cannot complete; the caller gets 503.
      await this.temporal.connection.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
        this.temporal.workflow.getHandle(row.id).executeUpdate(extendUpdate, {
          args: [{ stage: dto.stage, dueAt: dueAt.getTime(), reason: dto.reason.trim(), actor: auditActor(actor) }],
        }),
      );
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new ConflictError('该流程已结束，不能延期');
      throw error;
    }
    // The update returns once the workflow has persisted its projection.
    return this.get(actor, kind, id);
  }

  /** The trail, oldest first, and how late each stage was (the question an assessment asks). */
  async audit(actor: AuthenticatedActor, kind: CycleKind, id: string, query: PaginationQuery) {
    const { row } = await this.find(actor, kind, id);
    const now = Date.now();
    const late = row.state.stages
      .map((s) => ({ stage: s.stage, dueAt: iso(s.dueAt), overdueMs: overdueBy(s, now) }))
      .filter((s) => s.overdueMs > 0)
      .map(({ overdueMs, ...s }) => ({ ...s, overdueBy: formatDuration(overdueMs) }));
    const [rows, total] = await this.dataSource.getRepository(AuditLogEntity).findAndCount({
      where: { subjectType: cycleSubjectType({ kind }), subjectId: id },
      order: { id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: { id: r.actorId, label: r.actorLabel },
        action: r.action,
        before: r.before,
        after: r.after,
        reason: r.reason,
      })),
      total,
      overdue: late,
    };
  }
}
