import { EntityManager } from 'typeorm';
import { CalendarSettings, CalendarStage, CycleEvent, CycleSnapshot, effectiveDues, WorkingDays } from '@rol/domain';
import { appendAudit, AuditActor, SYSTEM_ACTOR } from '../audit/audit-log';
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

/**
 * Writes a cycle's snapshot and the audit rows of what changed, in the caller's transaction. Only a
 * snapshot newer (higher seq) than the stored one is written, and its audit rows only then: a
 * retried or late activity changes nothing and records nothing twice. Returns whether it wrote.
 */
export async function writeCycleProjection(
  manager: EntityManager,
  snapshot: CycleSnapshot,
  events: readonly CycleEvent[],
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO cycle (id, kind, calendar_id, organization_id, jurisdiction_id, leader_id, year, stage, due_at,
                        overdue, calendar_revision, state, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (id) DO UPDATE SET
       leader_id = excluded.leader_id, stage = excluded.stage, due_at = excluded.due_at, overdue = excluded.overdue,
       calendar_revision = excluded.calendar_revision, state = excluded.state, seq = excluded.seq, updated_at = now()
     WHERE cycle.seq < excluded.seq
     RETURNING id`,
    [
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
    ],
  );
  if (rows.length === 0) return false;
  for (const event of events) {
    await appendAudit(manager, {
      actor: event.actor ?? SYSTEM_ACTOR,
      action: event.action,
      subjectType: cycleSubjectType(snapshot),
      subjectId: snapshot.cycleId,
      before: event.before,
      after: event.after,
      reason: event.reason ?? null,
    });
  }
  return true;
}
