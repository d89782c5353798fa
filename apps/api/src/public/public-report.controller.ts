import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import {
  COMPLETED,
  Disclosure,
  isPubliclyDisclosed,
  NotFoundError,
  PUBLIC_OPENNESS,
  recordedPublication,
} from '@rol/domain';
import { CycleEntity, DraftEntity, OrganizationEntity } from '@rol/persistence';
import { Public } from '../common/actor';
import { ListPublicReportsQuery } from './list-public-reports.query';

/** Published reports with their disclosure metadata, for everyone (publicly disclosed ones only), no login. */
@ApiTags('public')
@Public()
@Controller('public/reports')
export class PublicReportController {
  constructor(private readonly dataSource: DataSource) {}

  private view(row: CycleEntity, disclosure: Disclosure, organization: OrganizationEntity | undefined) {
    return {
      id: row.id,
      organizationId: row.organizationId,
      organizationName: organization?.name ?? null,
      year: row.year,
      ...disclosure,
    };
  }

  @Get()
  async list(@Query() query: ListPublicReportsQuery) {
    const qb = this.dataSource
      .getRepository(CycleEntity)
      .createQueryBuilder('c')
      .where("c.kind = 'report' AND c.stage = :completed", { completed: COMPLETED })
      .andWhere(
        `jsonb_path_exists(c.state, '$.stages[*] ? (@.stage == "publication" && @.record.details.disclosure.openness == $openness)',
                           jsonb_build_object('openness', :openness::text))`,
        { openness: PUBLIC_OPENNESS },
      );
    if (query.year !== undefined) qb.andWhere('c.year = :year', { year: query.year });
    if (query.organizationId) qb.andWhere('c.organizationId = :org', { org: query.organizationId });
    const [rows, total] = await qb
      .orderBy('c.updatedAt', 'DESC')
      .skip(query.offset)
      .take(query.limit)
      .getManyAndCount();
    if (rows.length === 0) return { items: [], total };
    const organizations = await this.dataSource
      .getRepository(OrganizationEntity)
      .findBy(rows.map((r) => ({ id: r.organizationId })));
    const byId = new Map(organizations.map((o) => [o.id, o]));
    const items = rows.flatMap((r) => {
      const publication = recordedPublication(r.state);
      return publication ? [this.view(r, publication.disclosure, byId.get(r.organizationId))] : [];
    });
    return { items, total };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const row = await this.dataSource.getRepository(CycleEntity).findOneBy({ id, kind: 'report', stage: COMPLETED });
    const details = row ? recordedPublication(row.state) : null;
    if (!row || !details || !isPubliclyDisclosed(details.disclosure.openness)) {
      throw new NotFoundError('公开的报告', id);
    }
    const organization = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: row.organizationId });
    const draft = await this.dataSource
      .getRepository(DraftEntity)
      .findOneBy({ cycleId: id, version: details.draftVersion });
    return { ...this.view(row, details.disclosure, organization ?? undefined), content: draft?.content ?? null };
  }
}
