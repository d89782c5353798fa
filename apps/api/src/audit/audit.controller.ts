import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditLogEntity } from '@rol/persistence';
import { AuthenticatedActor, CurrentActor, Roles } from '../common/actor';
import { Page } from '../common/pagination.dto';
import { AuditService } from './audit.service';
import { ListAuditQuery } from './list-audit.query';
import { ApiErrors } from '../common/api-docs';
import { AuditLogPage, AuditVerificationView } from './audit.view';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ operationId: 'listAuditLog', description: 'The audit log (admins)' })
  @ApiOkResponse({ type: AuditLogPage })
  @ApiErrors(400, 401, 403)
  list(@CurrentActor() actor: AuthenticatedActor, @Query() query: ListAuditQuery): Promise<Page<AuditLogEntity>> {
    return this.audit.list(actor, query);
  }

  /** Recomputes the hash chain; `firstBrokenId` names the first row that was altered, removed or inserted. */
  @Get('verify')
  @Roles('admin')
  @ApiOperation({ operationId: 'verifyAuditLog', description: 'Recomputes the audit hash chain (system admins)' })
  @ApiOkResponse({ type: AuditVerificationView })
  @ApiErrors(401, 403)
  verify(@CurrentActor() actor: AuthenticatedActor) {
    return this.audit.verify(actor);
  }
}
