import { EntityManager } from 'typeorm';
import {
  CalendarSettings,
  CalendarStage,
  CycleChange,
  CycleSnapshot,
  effectiveDues,
  recordedPublication,
  WorkingDays,
} from '@rol/domain';
import {
  appendAudit,
  AuditActor,
  AuditEntry,
  AUDIT_INSERT_PARAMS,
  auditInsertParams,
  auditInsertSql,
  chainRows,
  isChainConflict,
  reserveChainLinks,
  SYSTEM_ACTOR,
} from '../audit/audit-log';
import { preparedQuery } from '../prepared-query';
import {
  arrayPlaceholders,
  columnArrays,
  columnNames,
  placeholderOf,
  placeholders,
  rowParams,
  SqlColumn,
} from '../sql-columns';
import { CalendarEntity } from '../entities/calendar.entity';
import { OVERSIGHT_COLUMNS } from './oversight-columns';

/**
 * Marks a calendar launched (once): by the admin's launch request, or by the first batch of a
 * scheduled launch. Returns whether this call did it.
 */
export async function markCalendarLaunched(
  manager: EntityManager,
  calendarId: string,
  actor: AuditActor,
  how: 'request' | 'schedule',
): Promise<boolean> {
  const [rows]: [unknown[], number] = await manager.query(
    `UPDATE calendar SET status = 'launched', launched_at = now(), updated_at = now()
      WHERE id = $1 AND status = 'draft' RETURNING id`,
    [calendarId],
  );
  if (rows.length === 0) return false;
  await appendAudit(manager, {
    actor,
    action: 'calendar.launched',
    subjectType: 'calendar',
    subjectId: calendarId,
    after: { how },
  });
  return true;
}

export function calendarSettings(c: CalendarEntity): CalendarSettings {
  return {
    year: c.year,
    timezone: c.timezone,
    rollover: c.rollover,
    due: c.due,
    reminders: c.reminders,
    escalation: c.escalation,
  };
}

/** Each stage's effective (rolled-over) due instant, in epoch ms: what the cycle workflows hold. */
export function calendarDueInstants(c: CalendarEntity, workingDays: WorkingDays): Record<CalendarStage, number> {
  return Object.fromEntries(
    effectiveDues(calendarSettings(c), workingDays).map((d) => [d.stage, d.effective.getTime()]),
  ) as Record<CalendarStage, number>;
}

export function cycleSubjectType(snapshot: Pick<CycleSnapshot, 'kind'>): string {
  return `${snapshot.kind}_cycle`;
}

interface CycleColumn extends SqlColumn<CycleSnapshot> {
  /** Written again by a newer snapshot (the others are what the cycle is, fixed at launch). */
  updated?: true;
}

/** The projection's columns, as every write of a snapshot fills them. */
const CYCLE_COLUMNS: readonly CycleColumn[] = [
  { name: 'id', type: 'text', value: (s) => s.cycleId },
  { name: 'kind', type: 'text', value: (s) => s.kind },
  { name: 'calendar_id', type: 'uuid', value: (s) => s.calendarId },
  { name: 'organization_id', type: 'uuid', value: (s) => s.organizationId },
  { name: 'jurisdiction_id', type: 'uuid', value: (s) => s.jurisdictionId },
  { name: 'leader_id', type: 'uuid', value: (s) => s.leaderId, updated: true },
  { name: 'year', type: 'int', value: (s) => s.year },
  { name: 'stage', type: 'text', value: (s) => s.stage, updated: true },
  { name: 'due_at', type: 'timestamptz', value: (s) => (s.dueAt === null ? null : new Date(s.dueAt)), updated: true },
  { name: 'overdue', type: 'boolean', value: (s) => s.overdue, updated: true },
  { name: 'calendar_revision', type: 'int', value: (s) => s.calendarRevision, updated: true },
  { name: 'state', type: 'jsonb', value: (s) => JSON.stringify(s), updated: true },
  { name: 'seq', type: 'int', value: (s) => s.seq, updated: true },
  ...OVERSIGHT_COLUMNS.map((c): CycleColumn => ({ ...c, updated: true })),
];

const REWRITTEN = CYCLE_COLUMNS.filter((c) => c.updated).map((c) => `${c.name} = excluded.${c.name}`);

/** A row already there is replaced only by a newer snapshot. */
const ON_CONFLICT_NEWER = `ON CONFLICT (id) DO UPDATE SET ${REWRITTEN.join(', ')}, updated_at = now()
     WHERE cycle.seq < excluded.seq`;

/** One snapshot; its parameters are `rowParams(CYCLE_COLUMNS, snapshot)`, from $1. */
const UPSERT_CYCLE = `INSERT INTO cycle (${columnNames(CYCLE_COLUMNS)})
     VALUES (${placeholders(CYCLE_COLUMNS)})
     ${ON_CONFLICT_NEWER}
     RETURNING id, updated_at`;

/**
 * The first snapshots of many cycles, in one statement: what a launch writes before it starts their
 * workflows. A row already there (an earlier attempt's, or one its workflow has written since) is
 * updated only by a newer snapshot, as in writeCycleChanges.
 */
export async function writeNewCycles(manager: EntityManager, snapshots: readonly CycleSnapshot[]): Promise<void> {
  if (snapshots.length === 0) return;
  await manager.query(
    `INSERT INTO cycle (${columnNames(CYCLE_COLUMNS)})
     SELECT * FROM unnest(${arrayPlaceholders(CYCLE_COLUMNS)})
     ${ON_CONFLICT_NEWER}`,
    columnArrays(CYCLE_COLUMNS, snapshots),
  );
}

/**
 * The 索引号 a report cycle was published under (its publication step's record), or null. It is
 * reserved with the step's write, in the same statement: a number is taken only by a publication
 * that was accepted and stored, and one another cycle holds makes the write fail for good (the step
 * is then undone).
 */
function publishedIndexNumber(snapshot: CycleSnapshot): string | null {
  const publication = snapshot.stages.find((s) => s.stage === 'publication');
  if (!publication || publication.endedAt === null) return null;
  const indexNumber = recordedPublication(snapshot)?.disclosure.indexNumber;
  return typeof indexNumber === 'string' ? indexNumber : null;
}

/**
 * A step's write in one statement: the snapshot (UPSERT_CYCLE's parameters), then its audit rows
 * (auditInsertSql's), then the 索引号 its publication took (or null), each written only if the
 * snapshot was.
 */
const WRITE_STEP = (() => {
  const auditFirst = CYCLE_COLUMNS.length + 1;
  const indexNumber = `$${auditFirst + AUDIT_INSERT_PARAMS}`;
  return `WITH written AS (${UPSERT_CYCLE}),
              audited AS (${auditInsertSql(auditFirst, 'EXISTS (SELECT 1 FROM written)')} RETURNING 1),
              indexed AS (INSERT INTO index_number (cycle_id, index_number)
                          SELECT ${placeholderOf(CYCLE_COLUMNS, 'id')}, ${indexNumber}
                           WHERE ${indexNumber}::text IS NOT NULL AND EXISTS (SELECT 1 FROM written)
                          ON CONFLICT (cycle_id) DO NOTHING RETURNING 1)
         SELECT (SELECT updated_at FROM written) AS updated_at`;
})();

/** How often a write outside a transaction reads the chain's head again after losing a race for it. */
const CHAIN_ATTEMPTS = 5;

/**
 * Writes a cycle's snapshot and the audit rows of the changes that led to it. Only a snapshot newer
 * (higher seq) than the stored one is written, and with it the rows of each change newer than the
 * stored snapshot: whoever writes first (the API answering a person's step, or the workflow's own
 * activity) writes each change once, and a retried or late write changes nothing.
 *
 * Two round trips: the head of the cycle's audit chain and the stored seq are read, then the snapshot
 * and its rows go in one statement. In the caller's transaction the head stays locked in between; with
 * a non-transactional manager the statement is its own transaction, holds no lock while the hashes
 * are computed, and is tried again if another write to the chain came first (every write of a newer
 * snapshot appends to the chain, so the chain trigger notices).
 */
export async function writeCycleChanges(
  manager: EntityManager,
  snapshot: CycleSnapshot,
  changes: readonly CycleChange[],
  /**
   * The chain's head, ids and the stored seq as read shortly before (with the cycle, by the API): the
   * first attempt then needs one round trip; if anything was written since, the chain trigger refuses
   * it and the head is read again. Only for a non-transactional manager.
   */
  links?: { prevHash: string; ids: number[]; storedSeq: number } | null,
): Promise<{ written: boolean; updatedAt: Date | null }> {
  const events = changes.flatMap((c) => c.events);
  if (events.length === 0) {
    const rows = await preparedQuery<{ updated_at: Date }>(manager, UPSERT_CYCLE, rowParams(CYCLE_COLUMNS, snapshot));
    return { written: rows.length > 0, updatedAt: rows[0]?.updated_at ?? null };
  }
  const subjectType = cycleSubjectType(snapshot);
  const retry = !manager.queryRunner?.isTransactionActive;
  let hint = retry && links && links.ids.length >= events.length ? links : null;
  for (let attempt = 1; ; attempt++) {
    let chain: { prevHash: string; ids: number[] };
    let stored: number;
    if (hint) {
      chain = hint;
      stored = hint.storedSeq;
      hint = null;
    } else {
      const read = await reserveChainLinks(manager, subjectType, snapshot.cycleId, events.length, {
        sql: ([id]) => `(SELECT seq FROM cycle WHERE id = ${id})`,
        params: [snapshot.cycleId],
      });
      chain = read;
      stored = read.also === null ? -1 : Number(read.also);
    }
    if (snapshot.seq <= stored) return { written: false, updatedAt: null };
    const entries: AuditEntry[] = changes
      .filter((c) => c.seq > stored)
      .flatMap((c) => c.events)
      .map((event) => ({
        actor: event.actor ?? SYSTEM_ACTOR,
        action: event.action,
        subjectType,
        subjectId: snapshot.cycleId,
        before: event.before,
        after: event.after,
        reason: event.reason ?? null,
      }));
    const rows = chainRows(manager, chain, entries);
    try {
      const [{ updated_at }] = await preparedQuery<{ updated_at: Date | null }>(manager, WRITE_STEP, [
        ...rowParams(CYCLE_COLUMNS, snapshot),
        ...auditInsertParams(rows),
        publishedIndexNumber(snapshot),
      ]);
      return { written: updated_at !== null, updatedAt: updated_at };
    } catch (error) {
      if (!retry || !isChainConflict(error) || attempt >= CHAIN_ATTEMPTS) throw error;
    }
  }
}

/**
 * A write PostgreSQL refuses for what it is, not for a passing fault: a data exception (class 22: a
 * character it cannot store, a value out of range), an integrity constraint (23) or a program limit
 * (54, e.g. a row too large). Trying again cannot succeed; connection faults, deadlocks and
 * serialisation failures are not among them.
 */
export function isPermanentWriteError(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: unknown }; code?: unknown } | null) ?? {};
  const code = driver.driverError?.code ?? driver.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

/** What the projection holds for a cycle now (null when it has no row). */
export async function storedCycleState(manager: EntityManager, cycleId: string): Promise<CycleSnapshot | null> {
  const [row]: { state: CycleSnapshot }[] = await manager.query(`SELECT state FROM cycle WHERE id = $1`, [cycleId]);
  return row?.state ?? null;
}
