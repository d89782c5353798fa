import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ForbiddenError } from '@rol/domain';
import { AuditLogEntity, verifyAuditChain } from '@rol/persistence';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { Page } from '../common/pagination.dto';
import { ListAuditQuery } from './list-audit.query';

/** The whole trail spans every organisation, so it is for system-wide administrators only. */
function assertSystemAdmin(actor: AuthenticatedActor): void {
  if (actor.organizationPath !== null) throw new ForbiddenError('仅系统管理员可查看全局审计记录');
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Roles('admin')
  async list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListAuditQuery): Promise<Page<AuditLogEntity>> {
    assertSystemAdmin(actor);
    const qb = this.dataSource.getRepository(AuditLogEntity).createQueryBuilder('a');
    if (query.subjectType) qb.andWhere('a.subjectType = :subjectType', { subjectType: query.subjectType });
    if (query.subjectId) qb.andWhere('a.subjectId = :subjectId', { subjectId: query.subjectId });
    const [items, total] = await qb.orderBy('a.id', 'ASC').skip(query.offset).take(query.limit).getManyAndCount();
    return { items, total };
  }

  /** Recomputes the hash chain; `firstBrokenId` names the first row that was altered, removed or inserted. */
  @Get('verify')
  @Roles('admin')
  verify(@CurrentActor() actor: AuthenticatedActor) {
    assertSystemAdmin(actor);
    return verifyAuditChain(this.dataSource);
  }
}
