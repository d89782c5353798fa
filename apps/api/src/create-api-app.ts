import { INestApplication, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig, StartupError } from '@rol/config';
import { Mailer } from '@rol/mail';
import { createDataSource, migrate } from '@rol/persistence';
import { connectTemporal, createClient } from '@rol/temporal';
import { AppModule } from './app.module';
import { AuthGuard } from './auth/auth.guard';
import { operationIdFactory } from './common/api-docs';
import { ApiDependencies } from './common/backing-services.module';
import { serveConsole } from './console/console-static';
import { docsLoginGate, isDocsPath } from './common/docs-access';
import { noStore, securityHeaders } from './common/http-hygiene';
import { IdempotencyFenceSubscriber } from './common/idempotency-fence';
import { JSON_BODY_LIMIT_BYTES, JSON_TYPES, refuseDeepBody, requireJsonBody } from './common/request-limits';
import { createValidationPipe } from './common/validation';
import { PUBLIC_UNPREFIXED_ROUTES } from './public/public-routes';
import { UserService } from './users/user.service';

export interface ApiRuntime {
  app: INestApplication;
  deps: ApiDependencies;
  url: string;
  close(): Promise<void>;
}

/** postgres://user:***@host:port/db — for messages that must not leak the password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable)';
  }
}

/** Connects the database (running pending migrations), Temporal and the mail transport. */
export async function connectDependencies(config: AppConfig, options: { migrate: boolean; poolSize?: number }) {
  const dataSource = createDataSource(config.databaseUrl, {
    poolSize: options.poolSize,
    applicationName: 'rol-cycle-api',
    // Every transaction opened while handling a request with an Idempotency-Key seals the key first.
    subscribers: [IdempotencyFenceSubscriber],
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(
      `无法连接数据库（DATABASE_URL=${redactUrl(config.databaseUrl)}）/ cannot connect to the database: ${(error as Error).message}`,
    );
  }
  try {
    if (options.migrate) await migrate(dataSource);
    const temporalConnection = await connectTemporal(config.temporal);
    const temporalClient = createClient(temporalConnection, config.temporal);
    const mailer = new Mailer(config.smtpUrl, config.mailFrom);
    return { config, dataSource, temporalConnection, temporalClient, mailer };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

/** Every route under /api but the public pages and the calendar feed. */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', {
    exclude: [...PUBLIC_UNPREFIXED_ROUTES, { path: 'feeds/:token.ics', method: RequestMethod.GET }],
  });
}

/** The OpenAPI document of the app's routes (served at /api/docs-json, written by scripts/openapi.ts). */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('法治政府建设年度报告与述法工作平台 API')
      .setDescription('Rule-of-law annual report and 述法 cycle workflow engine')
      .setVersion('0.1.0')
      .setLicense('UNLICENSED', 'https://spdx.org/licenses/')
      .addServer('/', 'This API process')
      .addBearerAuth()
      .addTag('auth', 'Sign-in and sign-out')
      .addTag('me', 'The caller: tasks, password, calendar feed')
      .addTag('organizations', 'Organisations and their notice channels')
      .addTag('users', 'Users and their roles')
      .addTag('audit', 'The audit log and its hash chain')
      .addTag('health', 'Whether the backing services answer')
      .addTag('calendars', 'The year’s calendars: due dates, reminders, launch')
      .addTag('working-days', 'Working days, holidays and 调休')
      .addTag('report-cycles', '法治政府建设年度报告 cycles')
      .addTag('shufa-cycles', '述法 cycles')
      .addTag('public', 'Published reports, no login')
      .addTag('exports', 'Oversight exports')
      .build(),
    { operationIdFactory },
  );
}

/**
 * The HTTP edge, in the order a request meets it: security headers and `Cache-Control: no-store`
 * (every /api and /feeds answer); a body must be JSON (415) of at most JSON_BODY_LIMIT_BYTES (413), well formed
 * (400) and nested no deeper than the text rule allows (400); then the docs gate (API_DOCS), the
 * routes and the validation pipe. Errors from the Express layers reach the ErrorFilter too.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use('/api', noStore());
  app.use('/feeds', noStore());
  serveConsole(app);
  app.use('/api', requireJsonBody());
  // Only JSON: Nest's default parsers (created with bodyParser: false) would also read forms, with 100 KB.
  app.useBodyParser('json', { limit: JSON_BODY_LIMIT_BYTES, type: JSON_TYPES });
  app.use('/api', refuseDeepBody());
  setApiPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  if (config.apiDocs === 'off') return;
  if (config.apiDocs === 'login') {
    const gate = docsLoginGate(app.get(AuthGuard));
    app.use((req: Request, res: Response, next: NextFunction) =>
      isDocsPath(req.path) ? gate(req, res, next) : next(),
    );
  }
  const document = buildApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    // No badge fetched from validator.swagger.io: the page's CSP allows this origin only.
    swaggerOptions: { validatorUrl: null },
  });
}

/** Builds and starts the HTTP API; used by main.ts and by the e2e tests. */
export async function startApi(config: AppConfig, options: { logger?: boolean } = {}): Promise<ApiRuntime> {
  const deps = await connectDependencies(config, { migrate: true });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  else app.useLogger(false);
  configureApp(app, config);
  if (config.adminEmail && config.adminPassword) {
    await app.get(UserService).ensureBootstrapAdmin(config.adminEmail, config.adminPassword);
  }
  try {
    await app.listen(config.port, '0.0.0.0');
  } catch (error) {
    await app.close();
    await deps.dataSource.destroy();
    await deps.temporalConnection.close();
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw inUse ? new StartupError(`端口 ${config.port} 已被占用（PORT）/ port ${config.port} is in use`) : error;
  }
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    deps,
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await app.close();
      await deps.dataSource.destroy();
      await deps.temporalConnection.close();
      deps.mailer.close();
    },
  };
}
