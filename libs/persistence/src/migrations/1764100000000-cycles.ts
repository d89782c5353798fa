import { MigrationInterface, QueryRunner } from 'typeorm';

export class Cycles1764100000000 implements MigrationInterface {
  name = 'Cycles1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // Every change of a calendar gets a revision; running cycles apply only revisions newer than theirs.
    await q.query(`ALTER TABLE calendar ADD COLUMN revision int NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE calendar ADD COLUMN change_reason text`);
    await q.query(`ALTER TABLE calendar ADD COLUMN changed_by jsonb`);
    await q.query(`ALTER TABLE calendar ADD COLUMN launched_at timestamptz`);
    // When set on a draft calendar, a Temporal Schedule launches the year at this instant.
    await q.query(`ALTER TABLE calendar ADD COLUMN launch_at timestamptz`);
    await q.query(`
      CREATE TABLE cycle (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('report', 'shufa')),
        calendar_id uuid NOT NULL REFERENCES calendar(id),
        organization_id uuid NOT NULL REFERENCES organization(id),
        jurisdiction_id uuid NOT NULL REFERENCES organization(id),
        leader_id uuid REFERENCES app_user(id),
        year int NOT NULL,
        stage text NOT NULL,
        due_at timestamptz,
        overdue boolean NOT NULL,
        calendar_revision int NOT NULL,
        state jsonb NOT NULL,
        seq int NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX cycle_kind_organization_year_key ON cycle (kind, organization_id, year)`);
    await q.query(`CREATE INDEX cycle_calendar_idx ON cycle (calendar_id, id)`);
    await q.query(`CREATE INDEX cycle_kind_year_idx ON cycle (kind, year)`);
    await q.query(`CREATE INDEX cycle_kind_stage_idx ON cycle (kind, stage)`);
    await q.query(`CREATE INDEX cycle_organization_idx ON cycle (organization_id)`);
    await q.query(`CREATE INDEX cycle_overdue_idx ON cycle (overdue)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cycle`);
    await q.query(`ALTER TABLE calendar DROP COLUMN launch_at`);
    await q.query(`ALTER TABLE calendar DROP COLUMN launched_at`);
    await q.query(`ALTER TABLE calendar DROP COLUMN changed_by`);
    await q.query(`ALTER TABLE calendar DROP COLUMN change_reason`);
    await q.query(`ALTER TABLE calendar DROP COLUMN revision`);
  }
}
