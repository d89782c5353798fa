import { Injectable } from '@nestjs/common';
import { Disclosure, isPubliclyDisclosed, NotFoundError, PUBLIC_OPENNESS, recordedPublication } from '@rol/domain';
import { CycleEntity, DraftRepository, OrganizationEntity, PublicReportRepository } from '@rol/persistence';
import { ListPublicReportsQuery } from './list-public-reports.query';

/** Published reports with their disclosure metadata, for everyone: publicly disclosed (主动公开) ones only. */
@Injectable()
export class PublicReportService {
  constructor(
    private readonly reports: PublicReportRepository,
    private readonly drafts: DraftRepository,
  ) {}

  private view(row: CycleEntity, disclosure: Disclosure, organization: OrganizationEntity | undefined) {
    return {
      id: row.id,
      organizationId: row.organizationId,
      organizationName: organization?.name ?? null,
      year: row.year,
      ...disclosure,
    };
  }

  async list(query: ListPublicReportsQuery) {
    const { rows, total } = await this.reports.list({ ...query, openness: PUBLIC_OPENNESS });
    if (rows.length === 0) return { items: [], total };
    const organizations = await this.reports.organizations(rows.map((r) => r.organizationId));
    const byId = new Map(organizations.map((o) => [o.id, o]));
    const items = rows.flatMap((r) => {
      const publication = recordedPublication(r.state);
      return publication ? [this.view(r, publication.disclosure, byId.get(r.organizationId))] : [];
    });
    return { items, total };
  }

  /** What the public list can be narrowed to: the years and organisations that have public reports. */
  async filterOptions(): Promise<{ years: number[]; organizations: { id: string; name: string }[] }> {
    const { years, organizationIds } = await this.reports.facets(PUBLIC_OPENNESS);
    const organizations = organizationIds.length > 0 ? await this.reports.organizations(organizationIds) : [];
    return {
      years: [...years].sort((a, b) => b - a),
      organizations: organizations
        .map(({ id, name }) => ({ id, name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    };
  }

  /** One published report with its text (the version that was reviewed, signed and published). */
  async get(id: string) {
    const row = await this.reports.findCompleted(id);
    const details = row ? recordedPublication(row.state) : null;
    if (!row || !details || !isPubliclyDisclosed(details.disclosure.openness)) {
      throw new NotFoundError('公开的报告', id);
    }
    const [organization] = await this.reports.organizations([row.organizationId]);
    const draft = await this.drafts.find(id, details.draftVersion);
    return { ...this.view(row, details.disclosure, organization), content: draft?.content ?? null };
  }
}
