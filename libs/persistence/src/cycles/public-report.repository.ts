import { DataSource } from 'typeorm';
import { COMPLETED } from '@rol/domain';
import { CycleEntity } from '../entities/cycle.entity';
import { OrganizationEntity } from '../entities/organization.entity';

export interface PublishedReportFilter {
  /** The openness the publication recorded. */
  openness: string;
  year?: number;
  organizationId?: string;
  offset: number;
  limit: number;
}

/** Completed report cycles, as the public pages list and show them. */
export class PublicReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Completed reports whose publication recorded `openness`, the latest first, and how many there are. */
  async list(filter: PublishedReportFilter): Promise<{ rows: CycleEntity[]; total: number }> {
    const qb = this.published(filter.openness);
    if (filter.year !== undefined) qb.andWhere('c.year = :year', { year: filter.year });
    if (filter.organizationId) qb.andWhere('c.organizationId = :org', { org: filter.organizationId });
    const [rows, total] = await qb
      .orderBy('c.updatedAt', 'DESC')
      .skip(filter.offset)
      .take(filter.limit)
      .getManyAndCount();
    return { rows, total };
  }

  /** The years and organisations that have completed reports whose publication recorded `openness`. */
  async facets(openness: string): Promise<{ years: number[]; organizationIds: string[] }> {
    const rows: { year: number; organizationId: string }[] = await this.published(openness)
      .select('c.year', 'year')
      .addSelect('c.organizationId', 'organizationId')
      .distinct(true)
      .getRawMany();
    return {
      years: [...new Set(rows.map((r) => r.year))],
      organizationIds: [...new Set(rows.map((r) => r.organizationId))],
    };
  }

  private published(openness: string) {
    return this.dataSource
      .getRepository(CycleEntity)
      .createQueryBuilder('c')
      .where("c.kind = 'report' AND c.stage = :completed", { completed: COMPLETED })
      .andWhere(
        `jsonb_path_exists(c.state, '$.stages[*] ? (@.stage == "publication" && @.record.details.disclosure.openness == $openness)',
                           jsonb_build_object('openness', :openness::text))`,
        { openness },
      );
  }

  /** A completed report cycle, or null. */
  findCompleted(id: string): Promise<CycleEntity | null> {
    return this.dataSource.getRepository(CycleEntity).findOneBy({ id, kind: 'report', stage: COMPLETED });
  }

  /** The organisations of these ids (those that exist). */
  organizations(ids: readonly string[]): Promise<OrganizationEntity[]> {
    return this.dataSource.getRepository(OrganizationEntity).findBy(ids.map((id) => ({ id })));
  }
}
