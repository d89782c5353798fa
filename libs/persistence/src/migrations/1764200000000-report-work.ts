import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportWork1764200000000 implements MigrationInterface {
  name = 'ReportWork1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contribution (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cycle_id text NOT NULL REFERENCES cycle(id),
        division_id uuid NOT NULL REFERENCES organization(id),
        content text NOT NULL,
        author_id uuid REFERENCES app_user(id),
        late boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX contribution_cycle_division_key ON contribution (cycle_id, division_id)`);
    await q.query(`
      CREATE TABLE draft (
        cycle_id text NOT NULL REFERENCES cycle(id),
        version int NOT NULL,
        content text NOT NULL,
        section_check jsonb NOT NULL,
        author_id uuid REFERENCES app_user(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cycle_id, version)
      )`);
    // 索引号 sequence per organisation and year (统一社会信用代码/YYYY-NNNNN).
    await q.query(`
      CREATE TABLE index_number_sequence (
        organization_id uuid NOT NULL REFERENCES organization(id),
        year int NOT NULL,
        last int NOT NULL,
        PRIMARY KEY (organization_id, year)
      )`);
    // The 索引号 a report is published under: reserved once per cycle (a retried publication reuses it),
    // and never given to two reports, whether generated or typed in.
    await q.query(`
      CREATE TABLE index_number (
        cycle_id text PRIMARY KEY REFERENCES cycle(id),
        index_number text NOT NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX index_number_value_key ON index_number (index_number)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE index_number`);
    await q.query(`DROP TABLE index_number_sequence`);
    await q.query(`DROP TABLE draft`);
    await q.query(`DROP TABLE contribution`);
  }
}
