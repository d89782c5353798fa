import { DataSource } from 'typeorm';
import type { CycleKind, CycleStage } from '@rol/domain';
import { preparedQuery } from '../prepared-query';

/**
 * One cycle as the dashboard reads it: projection columns only, never the snapshot. Instants are
 * epoch ms and the stage sets bit masks (`stagesOfMask`), as read for thousands of rows at once.
 */
export interface DashboardCycleRow {
  id: string;
  kind: CycleKind;
  organization_id: string;
  stage: CycleStage;
  due_at: number | null;
  next_due_at: number | null;
  overdue_since: number | null;
  reminded_unanswered: boolean;
  sent_back: boolean;
  rework: number;
  grade: string | null;
  open_items: number;
  completed_stages: number;
  on_time_stages: number;
}

export interface DashboardDepartmentRow {
  id: string;
  code: string;
  name: string;
  jurisdictionId: string;
  report: DashboardCycleRow | null;
  shufa: DashboardCycleRow | null;
}

/** The jurisdiction at `$n` (a path) and those below it: an admin oversees his whole subtree. */
const scope = (n: number) => `SELECT id FROM organization WHERE kind = 'jurisdiction' AND path LIKE $${n} || '%'`;

/** Instants as epoch milliseconds: numbers are read far faster than timestamps for thousands of rows. */
const epoch = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8 AS ${column}`;

/** The year's cycles of the jurisdictions in scope, by (year, jurisdiction_id): projection columns only. */
const CYCLES = `
  SELECT id, kind, organization_id, stage, ${epoch('due_at')}, ${epoch('next_due_at')}, ${epoch('overdue_since')},
         reminded_unanswered, sent_back, rework, grade, open_items, completed_stages, on_time_stages
    FROM cycle
   WHERE year = $1 AND jurisdiction_id IN (${scope(2)})`;

/** Their departments, by parent. */
const DEPARTMENTS = `
  SELECT id, code, name, parent_id FROM organization
   WHERE kind = 'department' AND parent_id IN (${scope(1)})
   ORDER BY code`;

/** The dashboard's read of the cycle projection. */
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every department under the jurisdiction at `jurisdictionPath` (its own and those of the
   * jurisdictions below it), with its cycles of `year`: two indexed reads side by side.
   */
  async departments(year: number, jurisdictionPath: string): Promise<DashboardDepartmentRow[]> {
    const [departments, cycles] = await Promise.all([
      preparedQuery<{ id: string; code: string; name: string; parent_id: string }>(this.dataSource, DEPARTMENTS, [
        jurisdictionPath,
      ]),
      preparedQuery<DashboardCycleRow>(this.dataSource, CYCLES, [year, jurisdictionPath]),
    ]);
    const byOrganization = new Map<string, { report?: DashboardCycleRow; shufa?: DashboardCycleRow }>();
    for (const row of cycles) {
      const own = byOrganization.get(row.organization_id) ?? {};
      own[row.kind] = row;
      byOrganization.set(row.organization_id, own);
    }
    return departments.map((d) => {
      const own = byOrganization.get(d.id);
      return {
        id: d.id,
        code: d.code,
        name: d.name,
        jurisdictionId: d.parent_id,
        report: own?.report ?? null,
        shufa: own?.shufa ?? null,
      };
    });
  }
}
