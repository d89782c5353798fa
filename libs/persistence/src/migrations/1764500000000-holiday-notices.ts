import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working days the law will use: days from imported State Council notices beside admins'
 * overrides (`source`), the years those notices cover, jurisdictions' own non-working days, and the
 * published holiday data as last planned with (to notice a newer package at start-up).
 */
export class HolidayNotices1764500000000 implements MigrationInterface {
  name = 'HolidayNotices1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE working_day_override
        ADD COLUMN source text NOT NULL DEFAULT 'override' CHECK (source IN ('override', 'notice'))`);
    await q.query(`
      CREATE TABLE holiday_notice (
        year int PRIMARY KEY,
        title text,
        holidays jsonb NOT NULL,
        workdays jsonb NOT NULL,
        imported_by uuid,
        imported_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE local_non_working_day (
        jurisdiction_id uuid NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
        date date NOT NULL,
        name text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (jurisdiction_id, date)
      )`);
    await q.query(`
      CREATE TABLE holiday_package_data (
        id smallint PRIMARY KEY CHECK (id = 1),
        days jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE holiday_package_data`);
    await q.query(`DROP TABLE local_non_working_day`);
    await q.query(`DROP TABLE holiday_notice`);
    await q.query(`ALTER TABLE working_day_override DROP COLUMN source`);
  }
}
