import { DataSource, EntityManager } from 'typeorm';
import { type Actor, type CycleKind, type CycleStage, seesOnlyOwnPanels } from '@rol/domain';
import { CycleEntity } from '../entities/cycle.entity';
import { OrganizationEntity } from '../entities/organization.entity';
import { whereAlongLine } from '../scope';
import { CycleRead, LATEST_DRAFT_VERSION } from './cycle-reads';

export interface CycleListFilter {
  kind: CycleKind;
  year?: number;
  organizationId?: string;
  stage?: string;
  overdue?: boolean;
  offset: number;
  limit: number;
}

/** Lists of the cycles' projection (cycle); one cycle's reads are in cycle-reads.ts. */
export class CycleRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The cycles `actor` may see (along his organisation's line) that match, soonest due first, and how many. */
  async list(filter: CycleListFilter, actor: Actor): Promise<{ rows: CycleRead[]; total: number }> {
    const qb = this.dataSource
      .getRepository(CycleEntity)
      .createQueryBuilder('c')
      .innerJoin(OrganizationEntity, 'o', 'o.id = c.organizationId')
      .addSelect(`(${LATEST_DRAFT_VERSION})`, 'draft_version')
      .where('c.kind = :kind', { kind: filter.kind });
    whereAlongLine(qb, 'o', actor);
    if (seesOnlyOwnPanels(actor)) {
      // An evaluator and nothing else: the 述法 cycles that name him on their panel.
      qb.andWhere(`c.state->'shufa'->'settings'->'panel' @> CAST(:member AS jsonb)`, {
        member: JSON.stringify([{ userId: actor.userId }]),
      });
    }
    if (filter.year !== undefined) qb.andWhere('c.year = :year', { year: filter.year });
    if (filter.organizationId) qb.andWhere('c.organizationId = :org', { org: filter.organizationId });
    if (filter.stage) qb.andWhere('c.stage = :stage', { stage: filter.stage });
    if (filter.overdue !== undefined) qb.andWhere('c.overdue = :overdue', { overdue: filter.overdue });
    const { entities, raw } = await qb
      .orderBy('c.dueAt', 'ASC', 'NULLS LAST')
      .addOrderBy('c.id')
      .skip(filter.offset)
      .take(filter.limit)
      .getRawAndEntities<{ c_id: string; draft_version: number | null }>();
    const versions = new Map(raw.map((r) => [r.c_id, r.draft_version]));
    const total = await qb.getCount();
    return { rows: entities.map((row) => ({ row, latestDraftVersion: versions.get(row.id) ?? null })), total };
  }

  /** Locks the cycle's row until the transaction ends; its stage then, or null when there is no such cycle. */
  async lockStage(manager: EntityManager, id: string): Promise<CycleStage | null> {
    const locked = await manager.findOne(CycleEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    return locked?.stage ?? null;
  }
}
