import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An organisation's notice channels (a mailbox, a DingTalk and a WeCom group robot), and on each
 * notice the channel it went by: a channel's message is a notice of its own, sent once under its key.
 */
export class NoticeChannels1764750000000 implements MigrationInterface {
  name = 'NoticeChannels1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notice_channel (
        organization_id uuid PRIMARY KEY REFERENCES organization (id),
        email text,
        dingtalk_webhook text,
        dingtalk_secret text,
        wecom_webhook text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notice_channel_dingtalk_signed CHECK ((dingtalk_webhook IS NULL) = (dingtalk_secret IS NULL))
      )`);
    await q.query(`ALTER TABLE notice ADD COLUMN channel text NOT NULL DEFAULT 'email'`);
    await q.query(
      `ALTER TABLE notice ADD CONSTRAINT notice_channel_check CHECK (channel IN ('email', 'dingtalk', 'wecom'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice DROP CONSTRAINT notice_channel_check`);
    await q.query(`ALTER TABLE notice DROP COLUMN channel`);
    await q.query(`DROP TABLE notice_channel`);
  }
}
