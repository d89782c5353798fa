import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One hash chain per audit subject instead of one for the whole system, so writes about different
 * subjects no longer queue behind one lock. `audit_chain` holds each chain's head (last row, its
 * hash, how many rows); a trigger lets a row in only as the successor of its chain's head and moves
 * the head, so the database itself keeps every chain linked. The rows written before this migration
 * stay one global chain, recorded as the head of subject ('', '') (verified as before).
 */
export class AuditChains1764310000000 implements MigrationInterface {
  name = 'AuditChains1764310000000';

  async up(q: QueryRunner): Promise<void> {
    // Nothing is appended while the boundary between the global chain and the per-subject ones is set.
    await q.query(`LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`
      CREATE TABLE audit_chain (
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        last_id bigint NOT NULL,
        last_hash text NOT NULL,
        length bigint NOT NULL,
        PRIMARY KEY (subject_type, subject_id)
      )`);
    await q.query(`
      INSERT INTO audit_chain (subject_type, subject_id, last_id, last_hash, length)
      SELECT '', '', id, hash, (SELECT count(*) FROM audit_log) FROM audit_log ORDER BY id DESC LIMIT 1`);
    // The first row of a chain (prev_hash all zeros) starts its head when none exists. A row that does
    // not follow the head — another write to the chain came first — is refused as a serialization
    // failure: the writer reads the head again and retries.
    await q.query(`
      CREATE FUNCTION audit_log_continue_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE audit_chain SET last_id = NEW.id, last_hash = NEW.hash, length = length + 1
         WHERE subject_type = NEW.subject_type AND subject_id = NEW.subject_id
           AND last_hash = NEW.prev_hash AND last_id < NEW.id;
        IF FOUND THEN
          RETURN NEW;
        END IF;
        IF NEW.prev_hash = repeat('0', 64) THEN
          INSERT INTO audit_chain (subject_type, subject_id, last_id, last_hash, length)
          VALUES (NEW.subject_type, NEW.subject_id, NEW.id, NEW.hash, 1)
          ON CONFLICT DO NOTHING;
          IF FOUND THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'audit_log row % does not continue the chain of % %', NEW.id, NEW.subject_type, NEW.subject_id
          USING ERRCODE = 'serialization_failure';
      END $$`);
    await q.query(`CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
                   FOR EACH ROW EXECUTE FUNCTION audit_log_continue_chain()`);
    await q.query(`
      CREATE FUNCTION audit_chain_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.subject_type = OLD.subject_type AND NEW.subject_id = OLD.subject_id
           AND NEW.last_id >= OLD.last_id AND NEW.length >= OLD.length THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_chain only moves forward: % refused', TG_OP;
      END $$`);
    await q.query(`CREATE TRIGGER audit_chain_forward BEFORE UPDATE OR DELETE ON audit_chain
                   FOR EACH ROW EXECUTE FUNCTION audit_chain_forward_only()`);
    await q.query(`CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
                   FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_forward_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_log_chain ON audit_log`);
    await q.query(`DROP FUNCTION audit_log_continue_chain()`);
    await q.query(`DROP TABLE audit_chain`);
    await q.query(`DROP FUNCTION audit_chain_forward_only()`);
  }
}
