import { MigrationInterface, QueryRunner } from 'typeorm';

export class Calendar1763990000000 implements MigrationInterface {
  name = 'Calendar1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE working_day_override (
        date date PRIMARY KEY,
        working boolean NOT NULL,
        name text,
        updated_by uuid REFERENCES app_user(id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calendar (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        jurisdiction_id uuid NOT NULL REFERENCES organization(id),
        year int NOT NULL,
        timezone text NOT NULL,
        rollover text NOT NULL CHECK (rollover IN ('previous-workday', 'next-workday', 'none')),
        due jsonb NOT NULL,
        reminders text[] NOT NULL,
        escalation jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('draft', 'launched')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX calendar_jurisdiction_year_key ON calendar (jurisdiction_id, year)`);
    await q.query(`CREATE INDEX calendar_year_idx ON calendar (year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar`);
    await q.query(`DROP TABLE working_day_override`);
  }
}
