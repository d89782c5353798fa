import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('jurisdiction', 'department', 'division')),
        parent_id uuid REFERENCES organization(id),
        path text NOT NULL,
        upper_department_id uuid REFERENCES organization(id),
        credit_code text,
        principal_leader_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organization_code_key ON organization (code)`);
    await q.query(`CREATE UNIQUE INDEX organization_credit_code_key ON organization (credit_code)`);
    await q.query(`CREATE INDEX organization_parent_idx ON organization (parent_id)`);
    await q.query(`CREATE INDEX organization_path_idx ON organization (path text_pattern_ops)`);
    await q.query(`CREATE INDEX organization_kind_idx ON organization (kind)`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        email text NOT NULL,
        password_hash text NOT NULL,
        organization_id uuid REFERENCES organization(id),
        roles text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_email_key ON app_user (email)`);
    await q.query(`CREATE INDEX app_user_organization_idx ON app_user (organization_id)`);
    await q.query(
      `ALTER TABLE organization ADD CONSTRAINT organization_principal_leader_fk
         FOREIGN KEY (principal_leader_id) REFERENCES app_user(id) ON DELETE SET NULL`,
    );

    await q.query(`CREATE SEQUENCE audit_log_id_seq AS bigint`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        actor_id uuid,
        actor_label text NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        before jsonb,
        after jsonb,
        reason text,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, id)`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
                   FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
                   FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);

    await q.query(`
      CREATE TABLE notice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL,
        kind text NOT NULL,
        recipient_email text NOT NULL,
        recipient_user_id uuid,
        subject text NOT NULL,
        message_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sent')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX notice_key_key ON notice (key)`);
    await q.query(`CREATE INDEX notice_recipient_idx ON notice (recipient_email)`);

    await q.query(`
      CREATE TABLE idempotency_record (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX idempotency_record_scope_key_key ON idempotency_record (scope, key)`);
    await q.query(`CREATE INDEX idempotency_record_created_idx ON idempotency_record (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_record`);
    await q.query(`DROP TABLE notice`);
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`DROP SEQUENCE audit_log_id_seq`);
    await q.query(`ALTER TABLE organization DROP CONSTRAINT organization_principal_leader_fk`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE organization`);
  }
}
