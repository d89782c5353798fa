import { MigrationInterface, QueryRunner } from 'typeorm';

/** Notices are claimed with a lease before sending, so two attempts never send the same one. */
export class NoticeClaim1764000000000 implements MigrationInterface {
  name = 'NoticeClaim1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice ADD COLUMN claimed_until timestamptz`);
    await q.query(`ALTER TABLE notice DROP CONSTRAINT notice_status_check`);
    await q.query(
      `ALTER TABLE notice ADD CONSTRAINT notice_status_check CHECK (status IN ('pending', 'sending', 'sent'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE notice SET status = 'pending' WHERE status = 'sending'`);
    await q.query(`ALTER TABLE notice DROP CONSTRAINT notice_status_check`);
    await q.query(`ALTER TABLE notice ADD CONSTRAINT notice_status_check CHECK (status IN ('pending', 'sent'))`);
    await q.query(`ALTER TABLE notice DROP COLUMN claimed_until`);
  }
}
