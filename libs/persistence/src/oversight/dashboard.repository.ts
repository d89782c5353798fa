import { DataSource } from 'typeorm';
import type { CycleKind, CycleStage } from '@rol/domain';
import { preparedQuery } from '../prepared-query';
import { stagesOfMask } from '../cycles/oversight-columns';

/** One cycle as the dashboard reads it: projection columns only, never the snapshot. */
export interface DashboardCycleRow {
  id: string;
  kind: CycleKind;
  stage: CycleStage;
  dueAt: Date | null;
  nextDueAt: Date | null;
  overdueSince: Date | null;
  remindedUnanswered: boolean;
  sentBack: boolean;
  rework: number;
  grade: string | null;
  openItems: number;
  completedStages: string[];
  onTimeStages: string[];
}

export interface DashboardDepartmentRow {
  id: string;
  code: string;
  name: string;
  jurisdictionId: string;
  report: DashboardCycleRow | null;
  shufa: DashboardCycleRow | null;
}

const CYCLE_FIELDS = [
  'id',
  'kind',
  'stage',
  'due_at',
  'next_due_at',
  'overdue_since',
  'reminded_unanswered',
  'sent_back',
  'rework',
  'grade',
  'open_items',
  'completed_stages',
  'on_time_stages',
] as const;

const select = (alias: string) => CYCLE_FIELDS.map((f) => `${alias}.${f} AS ${alias}_${f}`).join(', ');

/**
 * The departments of a jurisdiction and of the jurisdictions below it (an admin oversees his whole
 * subtree), each with its report and 述法 cycle of the year, in one statement: the jurisdictions by
 * path, their cycles by (year, jurisdiction_id), their departments by parent.
 */
const DASHBOARD = `
  WITH scope AS (SELECT id FROM organization WHERE kind = 'jurisdiction' AND path LIKE $2 || '%'),
       c AS (SELECT ${CYCLE_FIELDS.join(', ')}, organization_id FROM cycle
              WHERE year = $1 AND jurisdiction_id IN (SELECT id FROM scope))
  SELECT d.id, d.code, d.name, d.parent_id, ${select('r')}, ${select('s')}
    FROM organization d
    LEFT JOIN c r ON r.organization_id = d.id AND r.kind = 'report'
    LEFT JOIN c s ON s.organization_id = d.id AND s.kind = 'shufa'
   WHERE d.kind = 'department' AND d.parent_id IN (SELECT id FROM scope)
   ORDER BY d.code`;

type Row = Record<string, unknown>;

function cycleOf(row: Row, alias: string): DashboardCycleRow | null {
  const id = row[`${alias}_id`] as string | null;
  if (id === null) return null;
  const get = (field: (typeof CYCLE_FIELDS)[number]) => row[`${alias}_${field}`];
  const kind = get('kind') as CycleKind;
  return {
    id,
    kind,
    stage: get('stage') as CycleStage,
    dueAt: get('due_at') as Date | null,
    nextDueAt: get('next_due_at') as Date | null,
    overdueSince: get('overdue_since') as Date | null,
    remindedUnanswered: get('reminded_unanswered') as boolean,
    sentBack: get('sent_back') as boolean,
    rework: get('rework') as number,
    grade: get('grade') as string | null,
    openItems: get('open_items') as number,
    completedStages: stagesOfMask(kind, get('completed_stages') as number),
    onTimeStages: stagesOfMask(kind, get('on_time_stages') as number),
  };
}

/** The dashboard's read of the cycle projection. */
export class DashboardRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every department under the jurisdiction at `jurisdictionPath`, with its cycles of `year`. */
  async departments(year: number, jurisdictionPath: string): Promise<DashboardDepartmentRow[]> {
    const rows = await preparedQuery<Row>(this.dataSource, DASHBOARD, [year, jurisdictionPath]);
    return rows.map((row) => ({
      id: row.id as string,
      code: row.code as string,
      name: row.name as string,
      jurisdictionId: row.parent_id as string,
      report: cycleOf(row, 'r'),
      shufa: cycleOf(row, 's'),
    }));
  }
}
