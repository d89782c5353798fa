import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import {
  canSeeAlongLine,
  cycleId as cycleIdOf,
  sectionText,
  CYCLE_KIND_LABELS,
  CycleKind,
  deadlinePreview,
  formatDuration,
  NotFoundError,
  overdueBy,
  namesOnPanel,
  publishedResult,
  recordedPublication,
  seesOnlyOwnPanels,
  RectificationItem,
  ShufaState,
  withDefaults,
} from '@rol/domain';
import {
  AuditLogRepository,
  ContributionEntity,
  OrganizationEntity,
  CycleContextExtras,
  CycleEntity,
  CycleRepository,
  DraftRepository,
  cycleSubjectType,
  findCycle,
  findCycleWithOrganization,
} from '@rol/persistence';
import { AuthenticatedActor } from '../common/actor';
import { Page, PaginationQuery } from '../common/pagination.dto';
import { ListCyclesQuery } from './list-cycles.query';

/** "法治政府建设年度报告流程", "主要负责人述法流程": the kind's label from the domain. */
const cycleName = (kind: CycleKind) => `${CYCLE_KIND_LABELS[kind]}流程`;

function iso(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

/**
 * A 述法 cycle's own part: its mode and panel, how many have scored, the meeting, and once the
 * evaluation has closed the grade and result with every evaluator's marks (secret before).
 */
function shufaView(shufa: ShufaState, rectification: RectificationItem[]) {
  return {
    mode: shufa.settings.mode,
    panel: shufa.settings.panel,
    dimensions: shufa.settings.dimensions,
    scale: shufa.settings.scale,
    scored: shufa.evaluations.length,
    evaluationClosedAt: iso(shufa.closedAt),
    grade: shufa.result?.grade ?? null,
    result: publishedResult(shufa),
    meeting: shufa.meeting,
    rectificationItems: rectification.map((item) => ({
      id: item.id,
      description: item.description,
      dueAt: iso(item.dueAt),
      status: item.status,
      overdue: item.overdueSince !== null,
      carriedFrom: item.carriedFrom,
      history: item.history.map((h) => ({ ...h, at: iso(h.at) })),
    })),
  };
}

/** A published report's 政府信息公开 metadata (索引号 included), or null before publication. */
function publicationView(state: CycleEntity['state']) {
  const recorded = recordedPublication(state);
  return recorded ? { ...recorded.disclosure, draftVersion: recorded.draftVersion } : null;
}

/** What the API answers about a cycle. */
export type CycleView = ReturnType<CycleService['view']>;

/** Reads cycles from their projection (never from Temporal); people's steps are in CycleStepsService. */
@Injectable()
export class CycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CycleRepository,
    private readonly auditLog: AuditLogRepository,
    private readonly drafts: DraftRepository,
  ) {}

  /** The cycle's row (as stored, or as just written) and the number of its latest draft. */
  view(
    { row, latestDraftVersion }: { row: Omit<CycleEntity, 'createdAt'>; latestDraftVersion: number | null },
    now = Date.now(),
  ) {
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
      /** Times it was sent back to drafting (writing, for a 述法). */
      rework: state.rework ?? 0,
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
      // Every open deadline item (the stage, or each division's part still to come) and what is still to fire.
      deadlines: deadlinePreview(withDefaults(state)).map((d) => ({
        item: d.item,
        dueAt: iso(d.dueAt),
        overdue: d.overdueSince !== null,
        overdueSince: iso(d.overdueSince),
        reminders: d.reminders.map((r) => ({ offset: r.offset, at: iso(r.at) })),
        nextEscalation: { round: d.nextEscalation.round, at: iso(d.nextEscalation.at) },
      })),
      currentDraftVersion: latestDraftVersion,
      ...(state.shufa ? shufaView(state.shufa, state.rectification ?? []) : {}),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  /** The cycle and its department, if the caller may see it (own department, or an organisation above it). */
  async find(actor: AuthenticatedActor, kind: CycleKind, id: string, extras: CycleContextExtras = {}) {
    const found = await findCycleWithOrganization(this.dataSource.manager, kind, id, extras);
    if (!found || !canSeeAlongLine(actor, found.organization.path)) throw new NotFoundError(cycleName(kind), id);
    // An evaluator and nothing else sees only the 述法 cycles that name him.
    if (seesOnlyOwnPanels(actor) && !namesOnPanel(found.row.state, actor.userId)) {
      throw new NotFoundError(cycleName(kind), id);
    }
    return found;
  }

  async get(actor: AuthenticatedActor, kind: CycleKind, id: string) {
    const found = await this.find(actor, kind, id);
    const view = this.view(found);
    return kind === 'shufa'
      ? { ...view, report: await this.departmentReport(found.organization.code, found.row.year) }
      : { ...view, contributions: await this.contributions(found.row), publication: publicationView(found.row.state) };
  }

  /**
   * Each division's part of the report: its due instant (its own once extended), and what it handed
   * in, when and by whom. Divisions that owe nothing (none named at launch) give an empty list.
   */
  private async contributions(row: Pick<CycleEntity, 'id' | 'state'>) {
    const state = row.state;
    const divisions = state.divisions ?? [];
    if (divisions.length === 0) return [];
    const stageDue = state.stages.find((s) => s.stage === 'contributions')?.dueAt ?? null;
    const [organizations, handedIn] = await Promise.all([
      this.dataSource.getRepository(OrganizationEntity).findBy({ id: In(divisions) }),
      this.dataSource.getRepository(ContributionEntity).findBy({ cycleId: row.id }),
    ]);
    return divisions.map((divisionId) => {
      const own = (state.items ?? []).find((i) => i.item.divisionId === divisionId);
      const recorded = (state.contributions ?? []).find((c) => c.divisionId === divisionId);
      const material = handedIn.find((c) => c.divisionId === divisionId);
      return {
        divisionId,
        name: organizations.find((o) => o.id === divisionId)?.name ?? divisionId,
        dueAt: iso(own?.dueAt ?? stageDue),
        handedInAt: recorded ? iso(recorded.at) : (material?.createdAt.toISOString() ?? null),
        late: recorded?.late ?? material?.late ?? false,
        by: recorded?.by.label ?? null,
        content: material?.content ?? null,
      };
    });
  }

  /**
   * Beside a 述法: the department's report of the same year, its stage, and its 第一责任人 section
   * (党政主要负责人履行推进法治建设第一责任人职责情况) as the section check found it in the latest draft.
   */
  private async departmentReport(code: string, year: number) {
    const reportId = cycleIdOf('report', year, code);
    const report = await findCycle(this.dataSource.manager, 'report', reportId);
    if (!report) return null;
    const latest =
      report.latestDraftVersion === null ? null : await this.drafts.find(reportId, report.latestDraftVersion);
    return {
      cycleId: reportId,
      stage: report.row.stage,
      draftVersion: latest?.version ?? null,
      firstResponsible: latest ? sectionText(latest.content, latest.sectionCheck, 'first_responsible') : null,
    };
  }

  /** The cycle as persisted now, for a caller already allowed to see it (the answer to his own step). */
  async reread(kind: CycleKind, id: string) {
    const read = await findCycle(this.dataSource.manager, kind, id);
    if (!read) throw new NotFoundError(cycleName(kind), id);
    return this.view(read);
  }

  async list(actor: AuthenticatedActor, kind: CycleKind, query: ListCyclesQuery): Promise<Page<CycleView>> {
    const { rows, total } = await this.repository.list({ kind, ...query }, actor);
    const now = Date.now();
    return { items: rows.map((r) => this.view(r, now)), total };
  }

  /** The trail, oldest first, and how late each stage was (the question an assessment asks). */
  async audit(actor: AuthenticatedActor, kind: CycleKind, id: string, query: PaginationQuery) {
    const { row } = await this.find(actor, kind, id);
    const now = Date.now();
    const late = row.state.stages
      .map((s) => ({ stage: s.stage, dueAt: iso(s.dueAt), overdueMs: overdueBy(s, now) }))
      .filter((s) => s.overdueMs > 0)
      .map(({ overdueMs, ...s }) => ({ ...s, overdueBy: formatDuration(overdueMs) }));
    const [rows, total] = await this.auditLog.trail(cycleSubjectType({ kind }), id, query);
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
