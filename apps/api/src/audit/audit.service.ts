import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ForbiddenError } from '@rol/domain';
import { AuditLogEntity, AuditLogRepository, verifyAuditChain } from '@rol/persistence';
import { AuthenticatedActor } from '../common/actor';
import { Page } from '../common/pagination.dto';
import { ListAuditQuery } from './list-audit.query';

/** The whole trail spans every organisation, so it is for system-wide administrators only. */
function assertSystemAdmin(actor: AuthenticatedActor): void {
  if (actor.organizationPath !== null) throw new ForbiddenError('仅系统管理员可查看全局审计记录');
}

@Injectable()
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLogRepository,
  ) {}

  async list(actor: AuthenticatedActor, query: ListAuditQuery): Promise<Page<AuditLogEntity>> {
    assertSystemAdmin(actor);
    const [items, total] = await this.audit.list(query);
    return { items, total };
  }

  /** Recomputes the hash chain; `firstBrokenId` names the first row that was altered, removed or inserted. */
  verify(actor: AuthenticatedActor) {
    assertSystemAdmin(actor);
    return verifyAuditChain(this.dataSource);
  }
}
