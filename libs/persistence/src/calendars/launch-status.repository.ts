import { DataSource } from 'typeorm';
import type { CycleKind } from '@rol/domain';
import { CycleEntity } from '../entities/cycle.entity';
import { OrganizationEntity } from '../entities/organization.entity';

/** What a calendar's launch reads: the jurisdiction's departments and the cycles started so far. */
export class LaunchStatusRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** How many departments the jurisdiction has (with `organizationId`: 1 if it is one of them, else 0). */
  countDepartments(jurisdictionId: string, organizationId: string | null): Promise<number> {
    return this.dataSource.getRepository(OrganizationEntity).countBy({
      parentId: jurisdictionId,
      kind: 'department',
      ...(organizationId ? { id: organizationId } : {}),
    });
  }

  /** The jurisdiction's departments, and how many of them have no principal leader set. */
  async departments(jurisdictionId: string): Promise<{ total: number; withoutLeader: number }> {
    const [row]: { total: string; without_leader: string }[] = await this.dataSource.query(
      `SELECT count(*) AS total, count(*) FILTER (WHERE principal_leader_id IS NULL) AS without_leader
         FROM organization WHERE parent_id = $1 AND kind = 'department'`,
      [jurisdictionId],
    );
    return { total: Number(row.total), withoutLeader: Number(row.without_leader) };
  }

  /** How many cycles of each kind the calendar has. */
  async cycles(calendarId: string): Promise<Record<CycleKind, number>> {
    const rows: { kind: string; n: string }[] = await this.dataSource
      .getRepository(CycleEntity)
      .createQueryBuilder('c')
      .select('c.kind', 'kind')
      .addSelect('count(*)', 'n')
      .where('c.calendarId = :id', { id: calendarId })
      .groupBy('c.kind')
      .getRawMany();
    const count = (kind: CycleKind) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
    return { report: count('report'), shufa: count('shufa') };
  }
}
