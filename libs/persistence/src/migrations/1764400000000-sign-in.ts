import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in as 等保 2.0 asks: server-side sessions (the token names its session, so logout, a password
 * change and an idle timeout end it at once), failed-sign-in counting and locks per account name, and
 * the "must change password" mark an administrator's reset leaves. Tokens issued before this
 * migration name no session and are no longer honoured: everyone signs in again once.
 */
export class SignIn1764400000000 implements MigrationInterface {
  name = 'SignIn1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
        ADD COLUMN password_changed_at timestamptz`);
    await q.query(`
      CREATE TABLE user_session (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        ip text,
        user_agent text
      )`);
    await q.query(`CREATE INDEX user_session_user_idx ON user_session (user_id)`);
    await q.query(`CREATE INDEX user_session_expires_idx ON user_session (expires_at)`);
    await q.query(`
      CREATE TABLE login_lockout (
        email text PRIMARY KEY,
        failed_count int NOT NULL,
        window_started_at timestamptz NOT NULL,
        last_failed_at timestamptz NOT NULL,
        locked_until timestamptz
      )`);
    await q.query(`CREATE INDEX login_lockout_last_failed_idx ON login_lockout (last_failed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_lockout`);
    await q.query(`DROP TABLE user_session`);
    await q.query(`ALTER TABLE app_user DROP COLUMN must_change_password, DROP COLUMN password_changed_at`);
  }
}
