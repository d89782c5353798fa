import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { NotFoundError } from '@rol/domain';
import { CycleEntity, DraftEntity, OrganizationEntity } from '@rol/persistence';
import { Public } from '../common/actor';
import { ListPublicReportsQuery } from './list-public-reports.query';

interface Published {
  disclosure: Record<string, unknown> & { openness: string };
  draftVersion: number;
}

function published(row: CycleEntity): Published | null {
  const record = row.state.stages.find((s) => s.stage === 'publication')?.record;
  const details = record?.outcome === 'advanced' ? (record.details as Published | undefined) : undefined;
  return details?.disclosure ? details : null;
}

/** Published reports with their disclosure metadata, for everyone (主动公开 only), no login. */
@ApiTags('public')
@Public()
@Controller('public/reports')
export class PublicReportController {
  constructor(private readonly dataSource: DataSource) {}

  private view(row: CycleEntity, organization: OrganizationEntity | undefined) {
    const { disclosure } = published(row) as Published;
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
      .where("c.kind = 'report' AND c.stage = 'completed'")
      .andWhere(
        `jsonb_path_exists(c.state, '$.stages[*] ? (@.stage == "publication" && @.record.details.disclosure.openness == "主动公开")')`,
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
    return { items: rows.filter((r) => published(r)).map((r) => this.view(r, byId.get(r.organizationId))), total };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    const row = await this.dataSource.getRepository(CycleEntity).findOneBy({ id, kind: 'report', stage: 'completed' });
    const details = row ? published(row) : null;
    if (!row || !details || details.disclosure.openness !== '主动公开') throw new NotFoundError('公开的报告', id);
    const organization = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: row.organizationId });
    const draft = await this.dataSource
      .getRepository(DraftEntity)
      .findOneBy({ cycleId: id, version: details.draftVersion });
    return { ...this.view(row, organization ?? undefined), content: draft?.content ?? null };
  }
}
