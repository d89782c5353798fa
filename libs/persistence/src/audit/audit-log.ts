import type { ActorRef } from '@rol/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogEntity } from '../entities/audit-log.entity';
import { chainHash, GENESIS_HASH, normalise } from './audit-hash';

/** Who did it: a user, or the system itself (a timer, the worker, start-up). */
export type AuditActor = ActorRef;

export const SYSTEM_ACTOR: AuditActor = { id: null, label: 'system' };

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

// Any fixed 64-bit key: every append in the cluster takes this transaction-scoped lock, so rows are
// chained in id order even when the API and several workers append at the same moment.
const AUDIT_LOCK_KEY = 7_311_202_611;

/**
 * Appends one row to the chain inside the caller's transaction: the row commits or rolls back with
 * the change it records. Must be called with a transactional EntityManager.
 */
export async function appendAudit(manager: EntityManager, entry: AuditEntry): Promise<AuditLogEntity> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendAudit must run inside a transaction');
  }
  await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
  const last: { hash: string }[] = await manager.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const [{ id }]: { id: string }[] = await manager.query(`SELECT nextval('audit_log_id_seq') AS id`);
  const row = manager.create(AuditLogEntity, {
    id: Number(id),
    at: new Date(),
    actorId: entry.actor.id,
    actorLabel: entry.actor.label,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    before: entry.before === undefined ? null : (normalise(entry.before) as object | null),
    after: entry.after === undefined ? null : (normalise(entry.after) as object | null),
    reason: entry.reason ?? null,
    prevHash: last[0]?.hash ?? GENESIS_HASH,
  });
  row.hash = chainHash(row.prevHash, row);
  await manager.insert(AuditLogEntity, row);
  return row;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first row whose stored hash or link does not match, when the chain is broken. */
  firstBrokenId?: number;
  problem?: 'hash' | 'link';
}

/** Walks the whole chain in id order and reports the first broken link. */
export async function verifyAuditChain(dataSource: DataSource, batchSize = 1000): Promise<ChainVerification> {
  const repo = dataSource.getRepository(AuditLogEntity);
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = await repo
      .createQueryBuilder('a')
      .where('a.id > :afterId', { afterId })
      .orderBy('a.id', 'ASC')
      .take(batchSize)
      .getMany();
    if (rows.length === 0) return { ok: true, checked };
    for (const row of rows) {
      if (row.prevHash !== prevHash) return { ok: false, checked, firstBrokenId: row.id, problem: 'link' };
      if (chainHash(prevHash, row) !== row.hash) return { ok: false, checked, firstBrokenId: row.id, problem: 'hash' };
      prevHash = row.hash;
      afterId = row.id;
      checked++;
    }
  }
}
