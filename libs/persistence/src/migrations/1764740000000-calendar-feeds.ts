import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Calendar feeds: each user's secret feed token, kept only as a SHA-256 hash (the URL is derived from
 * the server's secret and the random nonce, never stored); and each feed event's due instant and
 * SEQUENCE, which rises whenever the due instant moves, so subscribed calendars update the event.
 */
export class CalendarFeeds1764740000000 implements MigrationInterface {
  name = 'CalendarFeeds1764740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed (
        user_id uuid PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
        nonce text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        issued_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE calendar_feed_event (
        uid text PRIMARY KEY,
        due_at timestamptz NOT NULL,
        sequence integer NOT NULL DEFAULT 0 CHECK (sequence >= 0),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feed_event`);
    await q.query(`DROP TABLE calendar_feed`);
  }
}
