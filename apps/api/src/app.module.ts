import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { loggerOptions } from '@rol/config';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarsModule } from './calendars/calendars.module';
import { CalendarFeedsModule } from './calendar-feeds/calendar-feeds.module';
import { hideFeedToken } from './calendar-feeds/feed-token';
import { ApiDependencies, BackingServicesModule } from './common/backing-services.module';
import { ErrorFilter } from './common/error.filter';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { HealthModule } from './health/health.module';
import { MeModule } from './me/me.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { OversightExportModule } from './oversight-export/oversight-export.module';
import { OversightModule } from './oversight/oversight.module';
import { PublicModule } from './public/public.module';
import { ReportCyclesModule } from './report-cycles/report-cycles.module';
import { ShufaCyclesModule } from './shufa-cycles/shufa-cycles.module';
import { UsersModule } from './users/users.module';
import { WorkingDaysModule } from './working-days/working-days.module';

/** The API: the backing services, what every request passes through, and one module per feature. */
@Module({})
export class AppModule {
  static forRoot(deps: ApiDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            ...loggerOptions(deps.config),
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            serializers: { req: (req: { url: string }) => Object.assign(req, { url: hideFeedToken(req.url) }) },
            autoLogging: { ignore: (req) => req.url === '/api/health' },
          },
        }),
        BackingServicesModule.forRoot(deps),
        AuthModule,
        MeModule,
        OrganizationsModule,
        UsersModule,
        AuditModule,
        HealthModule,
        CalendarsModule,
        WorkingDaysModule,
        ReportCyclesModule,
        ShufaCyclesModule,
        PublicModule,
        OversightExportModule,
        CalendarFeedsModule,
        OversightModule,
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
