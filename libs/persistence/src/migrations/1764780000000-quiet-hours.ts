import { MigrationInterface, QueryRunner } from 'typeorm';

/** Each calendar's quiet hours (notices only on working days within office hours); null: the defaults. */
export class QuietHours1764780000000 implements MigrationInterface {
  name = 'QuietHours1764780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calendar ADD COLUMN quiet_hours jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE calendar DROP COLUMN quiet_hours`);
  }
}
