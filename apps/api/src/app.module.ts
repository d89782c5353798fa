import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { Client, Connection } from '@temporalio/client';
import { LoggerModule } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { loggerOptions, type AppConfig } from '@rol/config';
import { Mailer } from '@rol/mail';
import {
  ContributionRepository,
  CycleRepository,
  DraftRepository,
  IndexNumberRepository,
  LaunchStatusRepository,
  PublicReportRepository,
} from '@rol/persistence';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { CalendarController } from './calendars/calendar.controller';
import { CalendarLaunchService } from './calendars/calendar-launch.service';
import { CalendarService } from './calendars/calendar.service';
import { LaunchScheduleService } from './calendars/launch-schedule.service';
import { ReportCycleController, ReportWorkController, ShufaCycleController } from './cycles/cycle.controller';
import { CycleStepsService } from './cycles/cycle-steps.service';
import { CycleUpdateGateway } from './cycles/cycle-update.gateway';
import { IndexNumberService } from './cycles/index-number.service';
import { StageRequirementsService } from './cycles/stage-requirements.service';
import { StepContextService } from './cycles/step-context.service';
import { ContributionService } from './report-cycles/contribution.service';
import { DraftService } from './report-cycles/draft.service';
import { PublicReportController } from './public/public-report.controller';
import { CycleService } from './cycles/cycle.service';
import { WorkingDayController } from './working-days/working-day.controller';
import { AuthGuard } from './auth/auth.guard';
import { TokenService } from './auth/token.service';
import { LoginLockoutService } from './auth/login-lockout.service';
import { loginThrottlers } from './auth/login-throttler.guard';
import { SessionService } from './auth/session.service';
import { SignInService } from './auth/sign-in.service';
import { ErrorFilter } from './common/error.filter';
import { IdempotencyInterceptor } from './common/idempotency.interceptor';
import { repositoryProvider } from './common/repository.provider';
import { APP_CONFIG, TEMPORAL_CONNECTION } from './common/tokens';
import { HealthController } from './health/health.controller';
import { MeController } from './me/me.controller';
import { MyTasksService } from './me/my-tasks.service';
import { OrganizationController } from './organizations/organization.controller';
import { OrganizationService } from './organizations/organization.service';
import { UserController } from './users/user.controller';
import { UserService } from './users/user.service';

/** The backing services, connected before the container is built (so start-up errors are clear). */
export interface ApiDependencies {
  config: AppConfig;
  dataSource: DataSource;
  temporalConnection: Connection;
  temporalClient: Client;
  mailer: Mailer;
}

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
            autoLogging: { ignore: (req) => req.url === '/api/health' },
          },
        }),
        ThrottlerModule.forRoot(loginThrottlers(deps.config)),
      ],
      controllers: [
        AuthController,
        MeController,
        OrganizationController,
        UserController,
        AuditController,
        HealthController,
        CalendarController,
        WorkingDayController,
        ReportCycleController,
        ShufaCycleController,
        ReportWorkController,
        PublicReportController,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: DataSource, useValue: deps.dataSource },
        { provide: TEMPORAL_CONNECTION, useValue: deps.temporalConnection },
        { provide: Client, useValue: deps.temporalClient },
        { provide: Mailer, useValue: deps.mailer },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ErrorFilter },
        TokenService,
        SessionService,
        LoginLockoutService,
        SignInService,
        OrganizationService,
        UserService,
        CalendarService,
        CalendarLaunchService,
        LaunchScheduleService,
        CycleService,
        StepContextService,
        CycleUpdateGateway,
        IndexNumberService,
        StageRequirementsService,
        CycleStepsService,
        DraftService,
        ContributionService,
        MyTasksService,
        repositoryProvider(CycleRepository),
        repositoryProvider(DraftRepository),
        repositoryProvider(ContributionRepository),
        repositoryProvider(IndexNumberRepository),
        repositoryProvider(PublicReportRepository),
        repositoryProvider(LaunchStatusRepository),
      ],
    };
  }
}
