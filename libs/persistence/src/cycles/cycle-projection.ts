import { EntityManager } from 'typeorm';
import { CalendarSettings, CalendarStage, CycleChange, CycleSnapshot, effectiveDues, WorkingDays } from '@rol/domain';
import {
  appendAudit,
  AuditActor,
  AuditEntry,
  auditInsertParams,
  auditInsertSql,
  chainRows,
  isChainConflict,
  reserveChainLinks,
  SYSTEM_ACTOR,
} from '../audit/audit-log';
import { preparedQuery } from '../prepared-query';
import { CalendarEntity } from '../entities/calendar.entity';

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

const UPSERT_CYCLE = `INSERT INTO cycle (id, kind, calendar_id, organization_id, jurisdiction_id, leader_id, year, stage,
                                         due_at, overdue, calendar_revision, state, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET
       leader_id = excluded.leader_id, stage = excluded.stage, due_at = excluded.due_at, overdue = excluded.overdue,
       calendar_revision = excluded.calendar_revision, state = excluded.state, seq = excluded.seq, updated_at = now()
     WHERE cycle.seq < excluded.seq
     RETURNING id, updated_at`;

function upsertParams(snapshot: CycleSnapshot): unknown[] {
  return [
    snapshot.cycleId,
    snapshot.kind,
    snapshot.calendarId,
    snapshot.organizationId,
    snapshot.jurisdictionId,
    snapshot.leaderId,
    snapshot.year,
    snapshot.stage,
    snapshot.dueAt === null ? null : new Date(snapshot.dueAt),
    snapshot.overdue,
    snapshot.calendarRevision,
    JSON.stringify(snapshot),
    snapshot.seq,
  ];
}

/**
 * The first snapshots of many cycles, in one statement: what a launch writes before it starts their
 * workflows. A row already there (an earlier attempt's, or one its workflow has written since) is
 * updated only by a newer snapshot, as in writeCycleChanges. Returns how many rows were written.
 */
export async function writeNewCycles(manager: EntityManager, snapshots: readonly CycleSnapshot[]): Promise<number> {
  if (snapshots.length === 0) return 0;
  const columns = snapshots.map(upsertParams);
  const column = (i: number) => columns.map((c) => c[i]);
  const rows: unknown[] = await manager.query(
    `INSERT INTO cycle (id, kind, calendar_id, organization_id, jurisdiction_id, leader_id, year, stage, due_at, overdue,
                        calendar_revision, state, seq)
     SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[], $7::int[], $8::text[],
                          $9::timestamptz[], $10::boolean[], $11::int[], $12::jsonb[], $13::int[])
     ON CONFLICT (id) DO UPDATE SET
       leader_id = excluded.leader_id, stage = excluded.stage, due_at = excluded.due_at, overdue = excluded.overdue,
       calendar_revision = excluded.calendar_revision, state = excluded.state, seq = excluded.seq, updated_at = now()
     WHERE cycle.seq < excluded.seq
     RETURNING id`,
    Array.from({ length: 13 }, (_, i) => column(i)),
  );
  return rows.length;
}

/**
 * The 索引号 a report cycle was published under (its publication step's record), or null. It is
 * reserved with the step's write, in the same statement: a number is taken only by a publication
 * that was accepted and stored, and one another cycle holds makes the write fail for good (the step
 * is then undone).
 */
function publishedIndexNumber(snapshot: CycleSnapshot): string | null {
  const publication = snapshot.stages.find((s) => s.stage === 'publication');
  if (!publication || publication.endedAt === null || publication.record?.outcome !== 'advanced') return null;
  const disclosure = (publication.record.details as { disclosure?: { indexNumber?: unknown } } | undefined)?.disclosure;
  return typeof disclosure?.indexNumber === 'string' ? disclosure.indexNumber : null;
}

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
    const rows = await preparedQuery<{ updated_at: Date }>(manager, UPSERT_CYCLE, upsertParams(snapshot));
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
        sql: '(SELECT seq FROM cycle WHERE id = $5)',
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
      const [{ updated_at }] = await preparedQuery<{ updated_at: Date | null }>(
        manager,
        `WITH written AS (${UPSERT_CYCLE}),
              audited AS (${auditInsertSql(14, 'EXISTS (SELECT 1 FROM written)')} RETURNING 1),
              indexed AS (INSERT INTO index_number (cycle_id, index_number)
                          SELECT $1, $26 WHERE $26::text IS NOT NULL AND EXISTS (SELECT 1 FROM written)
                          ON CONFLICT (cycle_id) DO NOTHING RETURNING 1)
         SELECT (SELECT updated_at FROM written) AS updated_at`,
        [...upsertParams(snapshot), ...auditInsertParams(rows), publishedIndexNumber(snapshot)],
      );
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
