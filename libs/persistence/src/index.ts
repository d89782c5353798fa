export * from './entities/organization.entity';
export * from './entities/user.entity';
export * from './entities/audit-log.entity';
export * from './entities/notice.entity';
export * from './entities/idempotency-record.entity';
export * from './audit/audit-hash';
export * from './audit/audit-log';
export * from './data-source';
