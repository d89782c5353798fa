import { EntityManager } from 'typeorm';
import type { AssessmentAuditRow, CycleKind } from '@rol/domain';
import { cycleSubjectType } from '../cycles/cycle-projection';

/** A department with a cycle of the year, and the ids of its cycles. */
export interface AssessedDepartment {
  organizationId: string;
  organizationName: string;
  organizationCode: string;
  jurisdictionName: string;
  reportCycleId: string | null;
  shufaCycleId: string | null;
}

/** Reads for the yearly assessment: the departments with cycles in a subtree, and their cycles' audit rows. */
export class AssessmentTrailsRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Every department under the organisation at `path` (its own jurisdiction and those below it) with
   * a report or 述法 cycle of the year, ordered by jurisdiction, then department code.
   */
  async departments(path: string, year: number): Promise<AssessedDepartment[]> {
    const rows: {
      organization_id: string;
      organization_name: string;
      organization_code: string;
      jurisdiction_name: string;
      report_cycle_id: string | null;
      shufa_cycle_id: string | null;
    }[] = await this.manager.query(
      `SELECT o.id AS organization_id, o.name AS organization_name, o.code AS organization_code,
              j.name AS jurisdiction_name,
              max(c.id) FILTER (WHERE c.kind = 'report') AS report_cycle_id,
              max(c.id) FILTER (WHERE c.kind = 'shufa') AS shufa_cycle_id
         FROM cycle c
         JOIN organization o ON o.id = c.organization_id
         JOIN organization j ON j.id = c.jurisdiction_id
        WHERE c.year = $1 AND o.path LIKE $2
        GROUP BY o.id, o.name, o.code, j.name, j.path
        ORDER BY j.path, o.code`,
      [year, `${path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`],
    );
    return rows.map((r) => ({
      organizationId: r.organization_id,
      organizationName: r.organization_name,
      organizationCode: r.organization_code,
      jurisdictionName: r.jurisdiction_name,
      reportCycleId: r.report_cycle_id,
      shufaCycleId: r.shufa_cycle_id,
    }));
  }

  /** The audit rows of these cycles, oldest first, by cycle id. */
  async trails(cycles: readonly { kind: CycleKind; id: string }[]): Promise<Map<string, AssessmentAuditRow[]>> {
    const trails = new Map<string, AssessmentAuditRow[]>(cycles.map((c) => [c.id, []]));
    if (cycles.length === 0) return trails;
    const rows: { subject_id: string; at: Date; action: string; before: unknown; after: unknown }[] =
      await this.manager.query(
        `SELECT a.subject_id, a.at, a.action, a.before, a.after
           FROM audit_log a
           JOIN unnest($1::text[], $2::text[]) AS s(subject_type, subject_id)
             ON a.subject_type = s.subject_type AND a.subject_id = s.subject_id
          ORDER BY a.id`,
        [cycles.map((c) => cycleSubjectType(c)), cycles.map((c) => c.id)],
      );
    for (const row of rows) {
      trails.get(row.subject_id)?.push({ at: row.at, action: row.action, before: row.before, after: row.after });
    }
    return trails;
  }
}
