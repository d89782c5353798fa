import { DataSource } from 'typeorm';
import { AuditLogEntity } from '../entities/audit-log.entity';

export interface AuditPage {
  offset: number;
  limit: number;
}

/** Reads of the audit trail (audit_log), oldest first; rows are written through appendAudit. */
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every row, or those of one subject type and/or subject, and how many there are. */
  async list(filter: AuditPage & { subjectType?: string; subjectId?: string }): Promise<[AuditLogEntity[], number]> {
    const qb = this.dataSource.getRepository(AuditLogEntity).createQueryBuilder('a');
    if (filter.subjectType) qb.andWhere('a.subjectType = :subjectType', { subjectType: filter.subjectType });
    if (filter.subjectId) qb.andWhere('a.subjectId = :subjectId', { subjectId: filter.subjectId });
    return qb.orderBy('a.id', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
  }

  /** One subject's rows, and how many there are. */
  trail(subjectType: string, subjectId: string, page: AuditPage): Promise<[AuditLogEntity[], number]> {
    return this.dataSource.getRepository(AuditLogEntity).findAndCount({
      where: { subjectType, subjectId },
      order: { id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
  }
}
