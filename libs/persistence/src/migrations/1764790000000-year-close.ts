import { MigrationInterface, QueryRunner } from 'typeorm';

/** Closing a year: when, by whom and why a calendar was closed (status 'closed'). */
export class YearClose1764790000000 implements MigrationInterface {
  name = 'YearClose1764790000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE calendar ADD COLUMN closed_at timestamptz, ADD COLUMN closed_by jsonb, ADD COLUMN close_reason text,
         DROP CONSTRAINT calendar_status_check,
         ADD CONSTRAINT calendar_status_check CHECK (status IN ('draft', 'launched', 'closed'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE calendar SET status = 'launched' WHERE status = 'closed'`);
    await q.query(
      `ALTER TABLE calendar DROP COLUMN closed_at, DROP COLUMN closed_by, DROP COLUMN close_reason,
         DROP CONSTRAINT calendar_status_check,
         ADD CONSTRAINT calendar_status_check CHECK (status IN ('draft', 'launched'))`,
    );
  }
}
