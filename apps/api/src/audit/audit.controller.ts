import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditLogEntity } from '@rol/persistence';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { Page } from '../common/pagination.dto';
import { AuditService } from './audit.service';
import { ListAuditQuery } from './list-audit.query';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListAuditQuery): Promise<Page<AuditLogEntity>> {
    return this.audit.list(actor, query);
  }

  /** Recomputes the hash chain; `firstBrokenId` names the first row that was altered, removed or inserted. */
  @Get('verify')
  @Roles('admin')
  verify(@CurrentActor() actor: AuthenticatedActor) {
    return this.audit.verify(actor);
  }
}
