import { DataSource, DataSourceOptions } from 'typeorm';
import { AuditLogEntity } from './entities/audit-log.entity';
import { IdempotencyRecordEntity } from './entities/idempotency-record.entity';
import { NoticeEntity } from './entities/notice.entity';
import { OrganizationEntity } from './entities/organization.entity';
import { UserEntity } from './entities/user.entity';
import { Foundation1763900000000 } from './migrations/1763900000000-foundation';
import { Calendar1763990000000 } from './migrations/1763990000000-calendar';
import { NoticeClaim1764000000000 } from './migrations/1764000000000-notice-claim';
import { CalendarEntity } from './entities/calendar.entity';
import { WorkingDayOverrideEntity } from './entities/working-day-override.entity';
import { CycleEntity } from './entities/cycle.entity';
import { Cycles1764100000000 } from './migrations/1764100000000-cycles';
import { ReportWork1764200000000 } from './migrations/1764200000000-report-work';
import { AuditChains1764310000000 } from './migrations/1764310000000-audit-chains';
import { IndexNumberOnPublication1764320000000 } from './migrations/1764320000000-index-number-on-publication';
import { DraftEntity } from './entities/draft.entity';
import { ContributionEntity } from './entities/contribution.entity';
import { IdempotencyFence1764300000000 } from './migrations/1764300000000-idempotency-fence';
import { SignIn1764400000000 } from './migrations/1764400000000-sign-in';
import { UserSessionEntity } from './entities/user-session.entity';
import { LoginLockoutEntity } from './entities/login-lockout.entity';
import { HolidayNotices1764500000000 } from './migrations/1764500000000-holiday-notices';
import { ShufaSettings1764600000000 } from './migrations/1764600000000-shufa-settings';
import { QuietHours1764780000000 } from './migrations/1764780000000-quiet-hours';
import { YearClose1764790000000 } from './migrations/1764790000000-year-close';
import { CalendarFeeds1764740000000 } from './migrations/1764740000000-calendar-feeds';
import { CycleOversight1764760000000 } from './migrations/1764760000000-cycle-oversight';
import { HolidayNoticeEntity } from './entities/holiday-notice.entity';
import { LocalDayEntity } from './entities/local-day.entity';
import { HolidayPackageDataEntity } from './entities/holiday-package-data.entity';
import { NoticeChannels1764750000000 } from './migrations/1764750000000-notice-channels';
import { NoticeChannelEntity } from './entities/notice-channel.entity';

export const ENTITIES = [
  OrganizationEntity,
  UserEntity,
  AuditLogEntity,
  NoticeEntity,
  IdempotencyRecordEntity,
  WorkingDayOverrideEntity,
  CalendarEntity,
  CycleEntity,
  DraftEntity,
  ContributionEntity,
  UserSessionEntity,
  LoginLockoutEntity,
  HolidayNoticeEntity,
  LocalDayEntity,
  HolidayPackageDataEntity,
  NoticeChannelEntity,
];
export const MIGRATIONS = [
  Foundation1763900000000,
  Calendar1763990000000,
  NoticeClaim1764000000000,
  Cycles1764100000000,
  ReportWork1764200000000,
  IdempotencyFence1764300000000,
  AuditChains1764310000000,
  IndexNumberOnPublication1764320000000,
  SignIn1764400000000,
  HolidayNotices1764500000000,
  ShufaSettings1764600000000,
  CalendarFeeds1764740000000,
  NoticeChannels1764750000000,
  CycleOversight1764760000000,
  QuietHours1764780000000,
  YearClose1764790000000,
];
export const MIGRATIONS_TABLE = 'rol_migrations';

export function createDataSource(
  url: string,
  options: {
    poolSize?: number;
    applicationName?: string;
    /** TypeORM subscribers of this process (the API fences its transactions with one). */
    subscribers?: DataSourceOptions['subscribers'];
  } = {},
): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: MIGRATIONS_TABLE,
    subscribers: options.subscribers ?? [],
    migrationsTransactionMode: 'all',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName ?? 'rol-cycle',
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  });
}

const MIGRATION_LOCK_KEY = 7_311_202_612;

/** Runs pending migrations, one process at a time (an advisory lock held on a dedicated connection). */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** true when every migration this code knows has been applied. */
export async function schemaIsCurrent(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}
