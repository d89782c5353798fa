import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig, StartupError } from '@rol/config';
import { Mailer } from '@rol/mail';
import { createDataSource, migrate } from '@rol/persistence';
import { connectTemporal, createClient } from '@rol/temporal';
import { ApiDependencies, AppModule } from './app.module';
import { IdempotencyFenceSubscriber } from './common/idempotency-fence';
import { createValidationPipe } from './common/validation';
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

export function configureApp(app: INestApplication): void {
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('法治政府建设年度报告与述法工作平台 API')
      .setDescription('Rule-of-law annual report and 述法 cycle workflow engine')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** Builds and starts the HTTP API; used by main.ts and by the e2e tests. */
export async function startApi(config: AppConfig, options: { logger?: boolean } = {}): Promise<ApiRuntime> {
  const deps = await connectDependencies(config, { migrate: true });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps), {
    bufferLogs: true,
    abortOnError: false,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  else app.useLogger(false);
  configureApp(app);
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
