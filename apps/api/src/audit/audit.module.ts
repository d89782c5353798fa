import { Module } from '@nestjs/common';
import { AuditLogRepository } from '@rol/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({
  controllers: [AuditController],
  providers: [AuditService, repositoryProvider(AuditLogRepository)],
})
export class AuditModule {}
