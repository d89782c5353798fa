import type { ActorRef } from '@rol/domain';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogEntity } from '../entities/audit-log.entity';
import { preparedQuery } from '../prepared-query';
import { arrayPlaceholders, columnArrays, columnNames, SqlColumn } from '../sql-columns';
import { ChainedFields, chainHash, GENESIS_HASH, normalise, storedText } from './audit-hash';

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

/** The rows written before chains were kept per subject form one global chain, headed here. */
const LEGACY_CHAIN = { subjectType: '', subjectId: '' };

/**
 * Takes the head of a subject's chain and draws `count` ids for the rows that will follow it. Inside
 * a transaction the head stays locked until it ends, so the rows are appended without a race; outside
 * one, a concurrent write may come first and the chain trigger then refuses ours (see
 * `isChainConflict`). Ids are drawn after the head is taken, so within a chain they grow in chain order.
 */
export async function reserveChainLinks(
  manager: EntityManager,
  subjectType: string,
  subjectId: string,
  count: number,
  /** One more value read in the same round trip: an SQL expression of its parameters' placeholders. */
  also?: { sql: (placeholders: string[]) => string; params: unknown[] },
): Promise<{ prevHash: string; ids: number[]; also: unknown }> {
  const params = [subjectType, subjectId, GENESIS_HASH, count];
  const alsoSql = also ? also.sql(also.params.map((_, i) => `$${params.length + 1 + i}`)) : 'NULL';
  const [head] = await preparedQuery<{ last_hash: string; ids: string[]; also: unknown }>(
    manager,
    `INSERT INTO audit_chain AS h (subject_type, subject_id, last_id, last_hash, length) VALUES ($1, $2, 0, $3, 0)
     ON CONFLICT (subject_type, subject_id) DO UPDATE SET length = h.length
     RETURNING h.last_hash, ARRAY(SELECT nextval('audit_log_id_seq')::text FROM generate_series(1, $4::int)) AS ids,
               ${alsoSql} AS also`,
    [...params, ...(also?.params ?? [])],
  );
  return { prevHash: head.last_hash, ids: head.ids.map(Number), also: head.also };
}

/** The rows for entries about one subject, chained after `prevHash` with the reserved ids. */
export function chainRows(
  manager: EntityManager,
  links: { prevHash: string; ids: number[] },
  entries: readonly AuditEntry[],
): AuditLogEntity[] {
  let prevHash = links.prevHash;
  const at = new Date();
  return entries.map((entry, i) => {
    // Every field as PostgreSQL will store it, so the hash is of what is stored.
    const row = manager.create(AuditLogEntity, {
      id: links.ids[i],
      at,
      actorId: entry.actor.id,
      actorLabel: storedText(entry.actor.label),
      action: storedText(entry.action),
      subjectType: storedText(entry.subjectType),
      subjectId: storedText(entry.subjectId),
      before: entry.before === undefined ? null : (normalise(entry.before) as object | null),
      after: entry.after === undefined ? null : (normalise(entry.after) as object | null),
      reason: entry.reason == null ? null : storedText(entry.reason),
      prevHash,
    });
    row.hash = chainHash(row.prevHash, row);
    prevHash = row.hash;
    return row;
  });
}

/** The columns of an audit row as `auditInsertSql` writes them. */
const AUDIT_COLUMNS: readonly SqlColumn<AuditLogEntity>[] = [
  { name: 'id', type: 'bigint', value: (r) => String(r.id) },
  { name: 'at', type: 'timestamptz', value: (r) => r.at },
  { name: 'actor_id', type: 'uuid', value: (r) => r.actorId },
  { name: 'actor_label', type: 'text', value: (r) => r.actorLabel },
  { name: 'action', type: 'text', value: (r) => r.action },
  { name: 'subject_type', type: 'text', value: (r) => r.subjectType },
  { name: 'subject_id', type: 'text', value: (r) => r.subjectId },
  { name: 'before', type: 'jsonb', value: (r) => json(r.before) },
  { name: 'after', type: 'jsonb', value: (r) => json(r.after) },
  { name: 'reason', type: 'text', value: (r) => r.reason },
  { name: 'prev_hash', type: 'text', value: (r) => r.prevHash },
  { name: 'hash', type: 'text', value: (r) => r.hash },
];

function json(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

/** How many parameters `auditInsertSql` takes (one array per column). */
export const AUDIT_INSERT_PARAMS = AUDIT_COLUMNS.length;

/**
 * `INSERT INTO audit_log` of rows built by `chainRows`, in chain order, as a statement (or a data-
 * modifying WITH clause) whose AUDIT_INSERT_PARAMS parameters start at `$first`: see
 * `auditInsertParams`. `condition` (SQL) decides whether they are inserted at all.
 */
export function auditInsertSql(first: number, condition = 'true'): string {
  const names = columnNames(AUDIT_COLUMNS);
  return `INSERT INTO audit_log (${names})
          SELECT ${columnNames(AUDIT_COLUMNS, 'r.')}
            FROM unnest(${arrayPlaceholders(AUDIT_COLUMNS, first)}) WITH ORDINALITY AS r(${names}, n)
           WHERE ${condition}
           ORDER BY r.n`;
}

export function auditInsertParams(rows: readonly AuditLogEntity[]): unknown[] {
  return columnArrays(AUDIT_COLUMNS, rows);
}

/** Another write to the same chain came first (the chain trigger refused the row): read the head again. */
export function isChainConflict(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '40001';
}

/**
 * Appends one row to its subject's chain inside the caller's transaction: the row commits or rolls
 * back with the change it records. Must be called with a transactional EntityManager.
 *
 * Each subject (a cycle, a user, a calendar…) has its own chain, so writes about different subjects
 * do not wait for each other; a trigger admits a row only as the successor of its chain's head.
 */
export async function appendAudit(manager: EntityManager, entry: AuditEntry): Promise<AuditLogEntity> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendAudit must run inside a transaction');
  }
  const links = await reserveChainLinks(manager, entry.subjectType, entry.subjectId, 1);
  const rows = chainRows(manager, links, [entry]);
  await manager.query(auditInsertSql(1), auditInsertParams(rows));
  return rows[0];
}

/**
 * Appends one row to each of many subjects' chains (one entry per subject) inside the caller's
 * transaction, in two statements whatever their number: the heads are taken (in subject order, so two
 * such calls cannot deadlock) with an id drawn for each after its head is locked, then every row goes
 * in at once. What a launch records about each cycle it starts.
 */
export async function appendAuditToEach(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error('appendAuditToEach must run inside a transaction');
  }
  if (entries.length === 0) return;
  const key = (e: { subjectType: string; subjectId: string }) => `${e.subjectType}\u0000${e.subjectId}`;
  const sorted = [...entries].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (key(sorted[i]) === key(sorted[i - 1])) {
      throw new Error(
        `appendAuditToEach takes one entry per subject (${sorted[i].subjectType} ${sorted[i].subjectId})`,
      );
    }
  }
  const heads: { subject_type: string; subject_id: string; last_hash: string; id: string }[] = await manager.query(
    `INSERT INTO audit_chain AS h (subject_type, subject_id, last_id, last_hash, length)
     SELECT s.t, s.i, 0, $3, 0 FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS s(t, i, n) ORDER BY s.n
     ON CONFLICT (subject_type, subject_id) DO UPDATE SET length = h.length
     RETURNING h.subject_type, h.subject_id, h.last_hash, nextval('audit_log_id_seq')::text AS id`,
    [sorted.map((e) => e.subjectType), sorted.map((e) => e.subjectId), GENESIS_HASH],
  );
  const byKey = new Map(heads.map((h) => [key({ subjectType: h.subject_type, subjectId: h.subject_id }), h]));
  const rows = sorted.flatMap((entry) => {
    const head = byKey.get(key(entry))!;
    return chainRows(manager, { prevHash: head.last_hash, ids: [Number(head.id)] }, [entry]);
  });
  await manager.query(auditInsertSql(1), auditInsertParams(rows));
}

export type ChainProblem = 'hash' | 'link' | 'missing';

export interface BrokenRow {
  id: number;
  /**
   * hash: the row was altered; link: a row before it in its chain was removed or one was inserted;
   * missing: rows recorded at the end of a chain (its head) are gone.
   */
  problem: ChainProblem;
}

/** At most this many broken rows are listed (all are counted). */
export const MAX_LISTED_BROKEN = 1000;

export interface ChainVerification {
  ok: boolean;
  checked: number;
  /** The first (lowest id) row whose stored hash or link does not match, when a chain is broken. */
  firstBrokenId?: number;
  problem?: ChainProblem;
  /** How many rows are broken, each found on its own: tampering after a first break is not hidden. */
  brokenCount?: number;
  /** The broken rows in id order (the first MAX_LISTED_BROKEN). */
  broken?: BrokenRow[];
}

interface HeadRow {
  last_id: string;
  last_hash: string;
  length: string;
}

interface ChainRow {
  id: string;
  at: Date;
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  prev_hash: string;
  hash: string;
  head_last_id: string | null;
  head_last_hash: string | null;
  head_length: string | null;
}

const COLUMNS = `a.id, a.at, a.actor_id, a.actor_label, a.action, a.subject_type, a.subject_id, a.before, a.after,
                 a.reason, a.prev_hash, a.hash`;

function chained(row: ChainRow): ChainedFields {
  return {
    id: Number(row.id),
    at: row.at,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    before: row.before,
    after: row.after,
    reason: row.reason,
  };
}

/**
 * Follows one chain row by row: each must link to the one before and hash to what it stores. After a
 * broken row it goes on from that row's stored hash, so each further altered, removed or inserted row
 * is found on its own.
 */
class ChainWalk {
  private prevHash = GENESIS_HASH;
  private length = 0;
  private last: { id: number; hash: string } | null = null;
  readonly broken: BrokenRow[] = [];

  constructor(private readonly head: { lastId: number; lastHash: string; length: number } | null) {}

  add(row: ChainRow): void {
    const id = Number(row.id);
    this.length++;
    if (this.head && id > this.head.lastId) this.broken.push({ id, problem: 'link' });
    else if (row.prev_hash !== this.prevHash) this.broken.push({ id, problem: 'link' });
    else if (chainHash(this.prevHash, chained(row)) !== row.hash) this.broken.push({ id, problem: 'hash' });
    this.prevHash = row.hash;
    this.last = { id, hash: row.hash };
  }

  /** The chain must end where its head says it does, with as many rows. */
  end(): void {
    const head = this.head;
    if (!this.last) {
      if (head && head.length > 0) this.broken.push({ id: head.lastId, problem: 'missing' });
      return;
    }
    if (!head) {
      this.broken.push({ id: this.last.id, problem: 'missing' });
      return;
    }
    const tail = this.last.id === head.lastId && this.last.hash === head.lastHash;
    if (!tail) this.broken.push({ id: head.lastId, problem: 'missing' });
    else if (this.length !== head.length && this.broken.length === 0) {
      // Rows gone from inside the chain with their links mended: the count tells.
      this.broken.push({ id: head.lastId, problem: 'missing' });
    }
  }
}

/**
 * Recomputes every chain: the global one of the rows written before chains were kept per subject
 * (in id order), then each subject's (in id order), each ending at its recorded head. Names the
 * lowest row id found broken.
 */
export async function verifyAuditChain(dataSource: DataSource, batchSize = 1000): Promise<ChainVerification> {
  const result: ChainVerification = { ok: true, checked: 0 };
  const broken: BrokenRow[] = [];
  const note = (row: BrokenRow) => {
    broken.push(row);
    // Bounded: keep the lowest ids only.
    if (broken.length > 2 * MAX_LISTED_BROKEN) {
      broken.sort((a, b) => a.id - b.id);
      brokenBeyond += broken.length - MAX_LISTED_BROKEN;
      broken.length = MAX_LISTED_BROKEN;
    }
  };
  let brokenBeyond = 0;
  const report = (walk: ChainWalk) => {
    walk.end();
    for (const row of walk.broken) note(row);
  };
  const toHead = (h: HeadRow | null | undefined) =>
    h ? { lastId: Number(h.last_id), lastHash: h.last_hash, length: Number(h.length) } : null;

  const [legacyHead]: HeadRow[] = await dataSource.query(
    `SELECT last_id, last_hash, length FROM audit_chain WHERE subject_type = $1 AND subject_id = $2`,
    [LEGACY_CHAIN.subjectType, LEGACY_CHAIN.subjectId],
  );
  const boundary = legacyHead ? Number(legacyHead.last_id) : 0;
  if (legacyHead) {
    const walk = new ChainWalk(toHead(legacyHead));
    for (let afterId = '0'; ;) {
      const rows: ChainRow[] = await dataSource.query(
        `SELECT ${COLUMNS} FROM audit_log a WHERE a.id > $1 AND a.id <= $2 ORDER BY a.id LIMIT $3`,
        [afterId, boundary, batchSize],
      );
      if (rows.length === 0) break;
      for (const row of rows) walk.add(row);
      result.checked += rows.length;
      afterId = rows[rows.length - 1].id;
    }
    report(walk);
  }

  let walk: ChainWalk | null = null;
  let subject: [string, string] | null = null;
  for (let after: [string, string, string] | null = null; ;) {
    const rows: ChainRow[] = await dataSource.query(
      `SELECT ${COLUMNS}, h.last_id AS head_last_id, h.last_hash AS head_last_hash, h.length AS head_length
         FROM audit_log a
         LEFT JOIN audit_chain h ON h.subject_type = a.subject_type AND h.subject_id = a.subject_id
        WHERE a.id > $1 ${after ? 'AND (a.subject_type, a.subject_id, a.id) > ($3, $4, $5)' : ''}
        ORDER BY a.subject_type, a.subject_id, a.id
        LIMIT $2`,
      [boundary, batchSize, ...(after ?? [])],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      if (!walk || !subject || subject[0] !== row.subject_type || subject[1] !== row.subject_id) {
        if (walk) report(walk);
        subject = [row.subject_type, row.subject_id];
        walk = new ChainWalk(
          row.head_last_id === null
            ? null
            : toHead({ last_id: row.head_last_id, last_hash: row.head_last_hash!, length: row.head_length! }),
        );
      }
      walk.add(row);
    }
    result.checked += rows.length;
    const last = rows[rows.length - 1];
    after = [last.subject_type, last.subject_id, last.id];
  }
  if (walk) report(walk);

  // A chain whose rows are all gone leaves only its head behind.
  const orphans: { last_id: string }[] = await dataSource.query(
    `SELECT h.last_id::text AS last_id FROM audit_chain h
      WHERE NOT (h.subject_type = $1 AND h.subject_id = $2) AND h.length > 0
        AND NOT EXISTS (SELECT 1 FROM audit_log a
                         WHERE a.subject_type = h.subject_type AND a.subject_id = h.subject_id AND a.id > $3)`,
    [LEGACY_CHAIN.subjectType, LEGACY_CHAIN.subjectId, boundary],
  );
  for (const orphan of orphans) note({ id: Number(orphan.last_id), problem: 'missing' });
  if (broken.length === 0) return result;
  broken.sort((a, b) => a.id - b.id);
  const count = broken.length + brokenBeyond;
  broken.length = Math.min(broken.length, MAX_LISTED_BROKEN);
  return {
    ok: false,
    checked: result.checked,
    firstBrokenId: broken[0].id,
    problem: broken[0].problem,
    brokenCount: count,
    broken,
  };
}
