import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  canAdminister,
  canSeeAlongLine,
  CANCELLED,
  COMPLETED,
  CYCLE_STAGES,
  CycleKind,
  DEFAULT_WARNING_WORKING_DAYS,
  ForbiddenError,
  formatDuration,
  isOverdueAt,
  Light,
  LightFacts,
  LIGHTS,
  NotFoundError,
  overdueForAt,
  oversightLight,
  ValidationFailedError,
  WarningWindow,
  warningWindow,
} from '@rol/domain';
import { DashboardCycleRow, DashboardRepository, loadWorkingDays, OrganizationEntity } from '@rol/persistence';
import type { AuthenticatedActor } from '../common/actor';
import { DashboardQuery } from './dashboard.query';

/** ISO-8601 text of instants; thousands of cycles share a few due dates, each is formatted once. */
function isoFormatter(): (ms: number | null) => string | null {
  const texts = new Map<number, string>();
  return (ms) => {
    if (ms === null) return null;
    let text = texts.get(ms);
    if (text === undefined) {
      text = new Date(ms).toISOString();
      texts.set(ms, text);
    }
    return text;
  };
}

/** What the projection keeps of a cycle's light (oversight-columns.ts). */
export function lightFactsOf(row: DashboardCycleRow): LightFacts {
  return {
    dueAt: row.next_due_at,
    overdueSince: row.overdue_since,
    remindedUnanswered: row.reminded_unanswered,
    sentBack: row.sent_back,
  };
}

interface CycleFigures {
  cycleId: string;
  stage: string;
  /** The open stage's due instant. */
  dueAt: string | null;
  /** The earliest due instant of the open deadlines (a division's part, a rectification item…): the light's. */
  nextDueAt: string | null;
  light: Light;
  overdue: boolean;
  /** How long past the earliest due instant (ISO-8601), when overdue. */
  overdueBy: string | null;
  rework: number;
}

interface StageTotals {
  stage: string;
  completed: number;
  onTime: number;
  /** onTime / completed; null while no cycle has completed the stage. */
  onTimeRate: number | null;
}

interface KindTotals {
  cycles: number;
  byStage: Record<string, number>;
  byLight: Record<Light, number>;
  overdue: number;
  onTime: StageTotals[];
}

/**
 * GET /api/dashboard: each department's report and 述法 cycle of the year with its oversight light,
 * and totals, read from the projection's columns; the light is the domain's rule applied now.
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: DashboardRepository,
  ) {}

  /** The jurisdiction, if the caller administers it (or one above it). */
  private async jurisdiction(actor: AuthenticatedActor, id: string): Promise<OrganizationEntity> {
    const jurisdiction = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id });
    if (!jurisdiction || !canSeeAlongLine(actor, jurisdiction.path)) throw new NotFoundError('辖区', id);
    if (jurisdiction.kind !== 'jurisdiction') throw ValidationFailedError.field('jurisdictionId', '必须是辖区');
    if (!canAdminister(actor, jurisdiction.path)) throw new ForbiddenError('只有本级或上级依法治办可以查看督办看板');
    return jurisdiction;
  }

  async dashboard(actor: AuthenticatedActor, query: DashboardQuery) {
    const jurisdiction = await this.jurisdiction(actor, query.jurisdictionId);
    const [departments, own] = await Promise.all([
      this.repository.departments(query.year, jurisdiction.path),
      this.warningWindow(jurisdiction.id),
    ]);
    const windows = new Map([[jurisdiction.id, own]]);
    // Departments of jurisdictions below it: their own non-working days count for them.
    for (const id of new Set(departments.map((d) => d.jurisdictionId))) {
      if (!windows.has(id)) windows.set(id, await this.warningWindow(id));
    }
    const now = Date.now();
    const iso = isoFormatter();
    const figures = (row: DashboardCycleRow | null, jurisdictionId: string): CycleFigures | null => {
      if (row === null) return null;
      const facts = lightFactsOf(row);
      const overdue = isOverdueAt(facts, now);
      return {
        cycleId: row.id,
        stage: row.stage,
        dueAt: iso(row.due_at),
        nextDueAt: iso(row.next_due_at),
        light: oversightLight(facts, now, windows.get(jurisdictionId) as WarningWindow),
        overdue,
        overdueBy: overdue ? formatDuration(overdueForAt(facts, now)) : null,
        rework: row.rework,
      };
    };
    const items = departments.map((d) => {
      const shufa = figures(d.shufa, d.jurisdictionId);
      if (shufa && d.shufa) Object.assign(shufa, { grade: d.shufa.grade, openItems: d.shufa.open_items });
      return {
        organizationId: d.id,
        code: d.code,
        name: d.name,
        jurisdictionId: d.jurisdictionId,
        report: figures(d.report, d.jurisdictionId),
        shufa: shufa as (CycleFigures & { grade: string | null; openItems: number }) | null,
      };
    });
    return {
      year: query.year,
      jurisdictionId: jurisdiction.id,
      at: new Date(now).toISOString(),
      warningWorkingDays: DEFAULT_WARNING_WORKING_DAYS,
      departments: items,
      totals: {
        report: totals(
          'report',
          departments.map((d) => d.report),
          items.map((i) => i.report),
        ),
        shufa: totals(
          'shufa',
          departments.map((d) => d.shufa),
          items.map((i) => i.shufa),
        ),
      },
    };
  }

  /** A jurisdiction's warning window: its own non-working days count too. */
  private async warningWindow(jurisdictionId: string): Promise<WarningWindow> {
    return warningWindow(await loadWorkingDays(this.dataSource.manager, jurisdictionId));
  }
}

function totals(kind: CycleKind, rows: (DashboardCycleRow | null)[], figures: (CycleFigures | null)[]): KindTotals {
  const stages = [...CYCLE_STAGES[kind], COMPLETED, CANCELLED];
  const byStage = Object.fromEntries(stages.map((s) => [s, 0]));
  const byLight = Object.fromEntries(LIGHTS.map((l) => [l, 0])) as Record<Light, number>;
  const order = CYCLE_STAGES[kind];
  const completed = order.map(() => ({ completed: 0, onTime: 0 }));
  let cycles = 0;
  let overdue = 0;
  rows.forEach((row, i) => {
    const shown = figures[i];
    if (row === null || shown === null) return;
    cycles += 1;
    byStage[row.stage] = (byStage[row.stage] ?? 0) + 1;
    byLight[shown.light] += 1;
    if (shown.overdue) overdue += 1;
    // Bit i of the masks is stage i of the kind (stageMask).
    for (let s = 0; s < order.length; s++) {
      if (row.completed_stages & (1 << s)) completed[s].completed += 1;
      if (row.on_time_stages & (1 << s)) completed[s].onTime += 1;
    }
  });
  return {
    cycles,
    byStage,
    byLight,
    overdue,
    onTime: completed.map((c, s) => ({
      stage: order[s],
      completed: c.completed,
      onTime: c.onTime,
      onTimeRate: c.completed === 0 ? null : c.onTime / c.completed,
    })),
  };
}
