import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys are fenced: each claim (first or take-over) writes a fresh owner token, and an
 * execution seals the row with its token before it changes anything. A sealed row is never taken
 * over, and a stale owner's seal finds another token: only one execution of a key ever commits.
 */
export class IdempotencyFence1764300000000 implements MigrationInterface {
  name = 'IdempotencyFence1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_record ADD COLUMN owner_token uuid NOT NULL DEFAULT gen_random_uuid()`);
    await q.query(`ALTER TABLE idempotency_record ALTER COLUMN owner_token DROP DEFAULT`);
    await q.query(`ALTER TABLE idempotency_record ADD COLUMN claimed_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`UPDATE idempotency_record SET claimed_at = created_at`);
    await q.query(`ALTER TABLE idempotency_record ADD COLUMN sealed_at timestamptz`);
    // An answered request has committed whatever it did.
    await q.query(`UPDATE idempotency_record SET sealed_at = created_at WHERE status_code IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_record DROP COLUMN sealed_at`);
    await q.query(`ALTER TABLE idempotency_record DROP COLUMN claimed_at`);
    await q.query(`ALTER TABLE idempotency_record DROP COLUMN owner_token`);
  }
}
