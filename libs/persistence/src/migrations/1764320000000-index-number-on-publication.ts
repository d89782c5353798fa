import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A 索引号 is now taken by the publication step's own write, never before the step is accepted. The
 * numbers earlier code reserved for publications that were then refused (which could block another
 * organisation's own number) are released, and the per-organisation counter they were drawn from is
 * no longer used: the next number is the organisation's highest for the year plus one.
 */
export class IndexNumberOnPublication1764320000000 implements MigrationInterface {
  name = 'IndexNumberOnPublication1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM index_number i
       WHERE NOT EXISTS (
         SELECT 1 FROM cycle c, jsonb_array_elements(c.state->'stages') s
          WHERE c.id = i.cycle_id AND s->>'stage' = 'publication' AND s->>'endedAt' IS NOT NULL
            AND s->'record'->>'outcome' = 'advanced'
            AND s->'record'->'details'->'disclosure'->>'indexNumber' = i.index_number)`);
    await q.query(`DROP TABLE index_number_sequence`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE index_number_sequence (
        organization_id uuid NOT NULL REFERENCES organization(id),
        year int NOT NULL,
        last int NOT NULL,
        PRIMARY KEY (organization_id, year)
      )`);
  }
}
