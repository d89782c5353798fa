import { EntityManager } from 'typeorm';
import { CANCELLED, COMPLETED } from '@rol/domain';
import type {
  Actor,
  CycleKind,
  CycleSnapshot,
  CycleStage,
  LocalDay,
  OrganizationKind,
  WorkingDayOverride,
} from '@rol/domain';
import { whereAlongLine } from '../scope';
import { GENESIS_HASH } from '../audit/audit-hash';
import { preparedQuery } from '../prepared-query';
import { DraftEntity } from '../entities/draft.entity';
import { CycleEntity } from '../entities/cycle.entity';
import { OrganizationEntity } from '../entities/organization.entity';
import { oversightFields } from './oversight-columns';

// People's steps read these on every request: plain SQL, one round trip, no query building.

/** The number of a cycle `c`'s latest draft (null: none yet, or a 述法 cycle): one probe of draft's key. */
export const LATEST_DRAFT_VERSION = 'SELECT max(d.version) FROM draft d WHERE d.cycle_id = c.id';

const CYCLE_COLUMNS = `c.id, c.kind, c.calendar_id, c.organization_id, c.jurisdiction_id, c.leader_id, c.year, c.stage,
  c.due_at, c.overdue, c.calendar_revision, c.state, c.seq, c.created_at, c.updated_at,
  (${LATEST_DRAFT_VERSION}) AS draft_version`;

interface CycleRow {
  id: string;
  kind: CycleKind;
  calendar_id: string;
  organization_id: string;
  jurisdiction_id: string;
  leader_id: string | null;
  year: number;
  stage: CycleStage;
  due_at: Date | null;
  overdue: boolean;
  calendar_revision: number;
  state: CycleSnapshot;
  seq: number;
  created_at: Date;
  updated_at: Date;
  draft_version: number | null;
}

interface OrganizationRow {
  o_id: string;
  o_code: string;
  o_name: string;
  o_kind: OrganizationKind;
  o_parent_id: string | null;
  o_path: string;
  o_upper_department_id: string | null;
  o_credit_code: string | null;
  o_principal_leader_id: string | null;
  o_created_at: Date;
  o_updated_at: Date;
}

function toCycle(r: CycleRow): CycleEntity {
  return Object.assign(new CycleEntity(), {
    id: r.id,
    kind: r.kind,
    calendarId: r.calendar_id,
    organizationId: r.organization_id,
    jurisdictionId: r.jurisdiction_id,
    leaderId: r.leader_id,
    year: r.year,
    stage: r.stage,
    dueAt: r.due_at,
    overdue: r.overdue,
    calendarRevision: r.calendar_revision,
    state: r.state,
    seq: r.seq,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });
}

function toOrganization(r: OrganizationRow): OrganizationEntity {
  return Object.assign(new OrganizationEntity(), {
    id: r.o_id,
    code: r.o_code,
    name: r.o_name,
    kind: r.o_kind,
    parentId: r.o_parent_id,
    path: r.o_path,
    upperDepartmentId: r.o_upper_department_id,
    creditCode: r.o_credit_code,
    principalLeaderId: r.o_principal_leader_id,
    createdAt: r.o_created_at,
    updatedAt: r.o_updated_at,
  });
}

/** A cycle's projection row, and the number of its latest draft. */
export interface CycleRead {
  row: CycleEntity;
  latestDraftVersion: number | null;
}

/** One cycle's projection row, or null. */
export async function findCycle(manager: EntityManager, kind: CycleKind, id: string): Promise<CycleRead | null> {
  const [row] = await preparedQuery<CycleRow>(
    manager,
    `SELECT ${CYCLE_COLUMNS} FROM cycle c WHERE c.id = $1 AND c.kind = $2`,
    [id, kind],
  );
  return row ? { row: toCycle(row), latestDraftVersion: row.draft_version } : null;
}

export interface CycleContextExtras {
  /** The latest draft's number and section check (not its text). */
  latestDraft?: boolean;
  /** Every override of the working-day calendar, and the cycle's jurisdiction's own non-working days. */
  workingDayOverrides?: boolean;
  /** The head of the cycle's audit chain and ids for the rows of a step (see writeCycleChanges' `links`). */
  chainLinks?: boolean;
}

/** How many audit row ids a step's context draws ahead (a step records one or two rows). */
const STEP_IDS = 3;

export interface CycleContext extends CycleRead {
  organization: OrganizationEntity;
  latestDraft: Pick<DraftEntity, 'version' | 'sectionCheck'> | null;
  workingDayOverrides: WorkingDayOverride[];
  localDays: LocalDay[];
  chainLinks: { prevHash: string; ids: number[]; storedSeq: number } | null;
}

/** One cycle's projection row with the department it belongs to (and what else is asked for), or null. */
export async function findCycleWithOrganization(
  manager: EntityManager,
  kind: CycleKind,
  id: string,
  extras: CycleContextExtras = {},
): Promise<CycleContext | null> {
  const [row]: (CycleRow &
    OrganizationRow & {
      latest_draft: { version: number; section_check: DraftEntity['sectionCheck'] } | null;
      overrides: WorkingDayOverride[] | null;
      local_days: LocalDay[] | null;
      chain_head: string | null;
      chain_ids: string[] | null;
    })[] = await preparedQuery(
    manager,
    `SELECT ${CYCLE_COLUMNS}, o.id AS o_id, o.code AS o_code, o.name AS o_name, o.kind AS o_kind,
            o.parent_id AS o_parent_id, o.path AS o_path, o.upper_department_id AS o_upper_department_id,
            o.credit_code AS o_credit_code, o.principal_leader_id AS o_principal_leader_id,
            o.created_at AS o_created_at, o.updated_at AS o_updated_at,
            ${
              extras.latestDraft
                ? `(SELECT json_build_object('version', d.version, 'section_check', d.section_check)
                      FROM draft d WHERE d.cycle_id = c.id ORDER BY d.version DESC LIMIT 1)`
                : 'NULL'
            } AS latest_draft,
            ${
              extras.workingDayOverrides
                ? `(SELECT json_agg(json_build_object('date', w.date, 'working', w.working, 'name', w.name,
                                                       'source', w.source))
                      FROM working_day_override w)`
                : 'NULL'
            } AS overrides,
            ${
              extras.workingDayOverrides
                ? `(SELECT json_agg(json_build_object('date', l.date, 'name', l.name))
                      FROM local_non_working_day l WHERE l.jurisdiction_id = c.jurisdiction_id)`
                : 'NULL'
            } AS local_days,
            ${
              extras.chainLinks
                ? `(SELECT h.last_hash FROM audit_chain h WHERE h.subject_type = c.kind || '_cycle' AND h.subject_id = c.id)`
                : 'NULL'
            } AS chain_head,
            ${
              extras.chainLinks
                ? `ARRAY(SELECT nextval('audit_log_id_seq')::text FROM generate_series(1, ${STEP_IDS}))`
                : 'NULL'
            } AS chain_ids
       FROM cycle c JOIN organization o ON o.id = c.organization_id
      WHERE c.id = $1 AND c.kind = $2`,
    [id, kind],
  );
  if (!row) return null;
  return {
    row: toCycle(row),
    latestDraftVersion: row.draft_version,
    organization: toOrganization(row),
    latestDraft: row.latest_draft
      ? { version: row.latest_draft.version, sectionCheck: row.latest_draft.section_check }
      : null,
    workingDayOverrides: row.overrides ?? [],
    localDays: row.local_days ?? [],
    chainLinks: row.chain_ids
      ? { prevHash: row.chain_head ?? GENESIS_HASH, ids: row.chain_ids.map(Number), storedSeq: row.seq }
      : null,
  };
}

/** The projection row a snapshot was just written as (by writeCycleChanges, at `updatedAt`). */
export function cycleRowOf(snapshot: CycleSnapshot, updatedAt: Date): Omit<CycleEntity, 'createdAt'> {
  return {
    id: snapshot.cycleId,
    kind: snapshot.kind,
    calendarId: snapshot.calendarId,
    organizationId: snapshot.organizationId,
    jurisdictionId: snapshot.jurisdictionId,
    leaderId: snapshot.leaderId,
    year: snapshot.year,
    stage: snapshot.stage,
    dueAt: snapshot.dueAt === null ? null : new Date(snapshot.dueAt),
    overdue: snapshot.overdue,
    calendarRevision: snapshot.calendarRevision,
    state: snapshot,
    seq: snapshot.seq,
    ...oversightFields(snapshot),
    updatedAt,
  };
}

/** A cycle still running, with what its owning department is to the "who" rules. */
export interface OpenCycleOnLine {
  row: CycleEntity;
  owner: { path: string; principalLeaderId: string | null; name: string };
}

/**
 * The cycles still running on the actor's line (his organisation's subtree and the organisations above
 * it), ordered by `orderBy`: what my tasks and the calendar feed then pick the actor's deadlines from.
 */
export async function openCyclesOnLine(
  manager: EntityManager,
  actor: Actor,
  orderBy: 'c.dueAt' | 'c.id',
): Promise<OpenCycleOnLine[]> {
  const qb = manager
    .getRepository(CycleEntity)
    .createQueryBuilder('c')
    .innerJoin(OrganizationEntity, 'o', 'o.id = c.organizationId')
    .addSelect('o.path', 'owner_path')
    .addSelect('o.principalLeaderId', 'owner_leader')
    .addSelect('o.name', 'owner_name')
    .where('c.stage NOT IN (:...ended)', { ended: [COMPLETED, CANCELLED] });
  whereAlongLine(qb, 'o', actor);
  const { entities, raw } = await qb.orderBy(orderBy, 'ASC').getRawAndEntities();
  return entities.map((row, i) => ({
    row,
    owner: {
      path: raw[i].owner_path as string,
      principalLeaderId: raw[i].owner_leader as string | null,
      name: raw[i].owner_name as string,
    },
  }));
}
