import { NestFactory } from '@nestjs/core';
import { NativeConnection, Worker, WorkflowBundle } from '@temporalio/worker';
import { AppConfig, StartupError } from '@rol/config';
import { Mailer } from '@rol/mail';
import { createDataSource, schemaIsCurrent } from '@rol/persistence';
import { createClient, ensureSearchAttributes, workflowBundleOptions } from '@rol/temporal';
import { CycleActivitiesService } from './cycles/cycle.activities';
import { LaunchActivitiesService } from './launch/launch.activities';
import { NoticeActivitiesService } from './notices/notice.activities';
import { WorkerModule } from './worker.module';

export interface WorkerRuntime {
  worker: Worker;
  /** Resolves when the worker has stopped (after shutdown()). */
  run(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The API applies migrations; a worker started alongside waits for them rather than racing. */
async function waitForSchema(isCurrent: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await isCurrent())) {
    if (Date.now() > deadline) {
      throw new StartupError(
        '数据库结构不是最新版本，请先启动 API 以执行迁移 / database schema is not migrated (start the API first)',
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Connects everything the worker needs and builds it; used by main.ts and by tests. */
export async function createWorkerRuntime(
  config: AppConfig,
  options: { workflowBundle?: WorkflowBundle; schemaTimeoutMs?: number } = {},
): Promise<WorkerRuntime> {
  const dataSource = createDataSource(config.databaseUrl, { applicationName: 'rol-cycle-worker' });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(
      `无法连接数据库（DATABASE_URL）/ cannot connect to the database: ${(error as Error).message}`,
    );
  }
  const closers: (() => Promise<unknown>)[] = [() => dataSource.destroy()];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  };
  try {
    await waitForSchema(() => schemaIsCurrent(dataSource), options.schemaTimeoutMs ?? 60_000);
    // One native connection for the worker and for its client (the launch's starts, signals): its
    // calls go through the SDK's Rust core, off this process's event loop that runs the activities.
    let connection: NativeConnection;
    try {
      connection = await NativeConnection.connect({ address: config.temporal.address });
    } catch (error) {
      throw new StartupError(
        `无法连接 Temporal 服务 ${config.temporal.address}（TEMPORAL_ADDRESS）/ cannot reach Temporal at ${
          config.temporal.address
        }: ${(error as Error).message}`,
      );
    }
    closers.push(() => connection.close());
    await ensureSearchAttributes(connection, config.temporal.namespace);
    const mailer = new Mailer(config.smtpUrl, config.mailFrom);
    closers.push(async () => mailer.close());
    const context = await NestFactory.createApplicationContext(
      WorkerModule.forRoot({
        dataSource,
        mailer,
        client: createClient(connection, config.temporal),
        taskQueue: config.temporal.taskQueue,
        publicUrl: config.publicUrl,
      }),
      {
        logger: false,
      },
    );
    closers.push(() => context.close());

    const bundle = options.workflowBundle ? { workflowBundle: options.workflowBundle } : workflowBundleOptions();
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      ...bundle,
      activities: {
        ...context.get(NoticeActivitiesService).toActivities(),
        ...context.get(CycleActivitiesService).toActivities(),
        ...context.get(LaunchActivitiesService).toActivities(),
      },
    });
    let running: Promise<void> | null = null;
    return {
      worker,
      run: () => {
        running ??= worker.run().finally(closeAll);
        return running;
      },
      shutdown: async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        if (running) await running;
        else await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
