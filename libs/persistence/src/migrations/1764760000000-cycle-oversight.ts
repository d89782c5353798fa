import { MigrationInterface, QueryRunner } from 'typeorm';
import type { CycleSnapshot } from '@rol/domain';
import { columnArrays } from '../sql-columns';
import { OVERSIGHT_COLUMNS } from '../cycles/oversight-columns';

const BACKFILL_BATCH = 500;

/**
 * The dashboard's columns of the cycle projection (light facts, rework, grade, open rectification
 * items, stages done and done on time), indexed by year and jurisdiction, and filled for the rows
 * already there from their stored snapshots by the same code that fills them at every write.
 */
export class CycleOversight1764760000000 implements MigrationInterface {
  name = 'CycleOversight1764760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cycle
      ADD COLUMN next_due_at timestamptz,
      ADD COLUMN overdue_since timestamptz,
      ADD COLUMN reminded_unanswered boolean NOT NULL DEFAULT false,
      ADD COLUMN sent_back boolean NOT NULL DEFAULT false,
      ADD COLUMN rework int NOT NULL DEFAULT 0,
      ADD COLUMN grade text,
      ADD COLUMN open_items int NOT NULL DEFAULT 0,
      ADD COLUMN completed_stages int NOT NULL DEFAULT 0,
      ADD COLUMN on_time_stages int NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX cycle_year_jurisdiction_idx ON cycle (year, jurisdiction_id, kind)`);
    const names = OVERSIGHT_COLUMNS.map((c) => c.name);
    const sets = names.map((n) => `${n} = f.${n}`).join(', ');
    const arrays = OVERSIGHT_COLUMNS.map((c, i) => `$${i + 2}::${c.type}[]`).join(', ');
    for (let after = ''; ;) {
      const rows: { id: string; state: CycleSnapshot }[] = await q.query(
        `SELECT id, state FROM cycle WHERE id > $1 ORDER BY id LIMIT ${BACKFILL_BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      // A state that cannot be read (damaged, or from before stages were kept) keeps the defaults.
      const readable = rows.filter((r) => readableState(r.state));
      if (readable.length === 0) continue;
      await q.query(
        `UPDATE cycle SET ${sets}
           FROM unnest($1::text[], ${arrays}) AS f(id, ${names.join(', ')})
          WHERE cycle.id = f.id`,
        [
          readable.map((r) => r.id),
          ...columnArrays(
            OVERSIGHT_COLUMNS,
            readable.map((r) => r.state),
          ),
        ],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cycle_year_jurisdiction_idx`);
    await q.query(`ALTER TABLE cycle
      DROP COLUMN next_due_at, DROP COLUMN overdue_since, DROP COLUMN reminded_unanswered,
      DROP COLUMN sent_back, DROP COLUMN rework, DROP COLUMN grade, DROP COLUMN open_items,
      DROP COLUMN completed_stages, DROP COLUMN on_time_stages`);
  }
}

function readableState(state: CycleSnapshot): boolean {
  try {
    columnArrays(OVERSIGHT_COLUMNS, [state]);
    return true;
  } catch {
    return false;
  }
}
