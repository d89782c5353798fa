import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each calendar's 述法 settings (mode, panel, dimensions, scale, quorum, thresholds, rectification reminders). */
export class ShufaSettings1764600000000 implements MigrationInterface {
  name = 'ShufaSettings1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calendar ADD COLUMN shufa jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calendar DROP COLUMN shufa`);
  }
}
