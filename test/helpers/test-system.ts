import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime, WorkflowBundle } from '@temporalio/worker';
import { AppConfig, loadConfig } from '@rol/config';
import { startApi, ApiRuntime } from '@rol/api';
import { createWorkerRuntime, WorkerRuntime } from '@rol/worker';
import { verifyAuditChain } from '@rol/persistence';
import { workflowBundleOptions } from '@rol/temporal';
import { Http } from './http';
import { builtEntry, cleanEnv, run, Running, waitUntil } from './processes';
import { SmtpCapture } from './smtp-capture';
import { createTestDatabase, TestDatabase } from './test-database';

export const ADMIN = { email: 'admin@test.rol-cycle.local', password: 'Bootstrap-pass-123' };

// Only warnings from the Temporal SDK in test output.
Runtime.install({ logger: new DefaultLogger('WARN') });

let bundle: Promise<WorkflowBundle> | null = null;
/** The workflow code, bundled once per test file. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({
    ...workflowBundleOptions(),
    logger: { info() {}, warn() {}, error() {}, debug() {}, trace() {}, log() {} },
  });
  return bundle;
}

export function temporalAddress(): string {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run the e2e tests through jest (global setup)');
  return address;
}

export interface TestSystem {
  config: AppConfig;
  database: TestDatabase;
  smtp: SmtpCapture;
  api: ApiRuntime;
  /** null when the test runs its worker as a separate process. */
  worker: WorkerRuntime | null;
  /** A client of the shared dev server, for looking at workflows directly. */
  temporal: Client;
  http: Http;
  admin: Http;
  stop(): Promise<void>;
}

/**
 * The real system for one test file: a fresh database on the machine's PostgreSQL, the shared
 * Temporal dev server (own task queue), a capturing SMTP server, the API on a free port and a worker.
 */
export async function startTestSystem(
  options: {
    inProcessWorker?: boolean;
    env?: Record<string, string>;
    /** The test breaks the audit chain on purpose; otherwise stop() fails if the chain is not intact. */
    tampersWithAudit?: boolean;
  } = {},
): Promise<TestSystem> {
  const database = await createTestDatabase();
  const smtp = new SmtpCapture();
  await smtp.start();
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rol-test-')),
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: `test-${randomBytes(6).toString('hex')}`,
    SMTP_URL: smtp.url,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const api = await startApi(config, { logger: false });
  const worker =
    options.inProcessWorker === false
      ? null
      : await createWorkerRuntime(config, { workflowBundle: await workflowBundle() });
  const running = worker?.run();
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const http = new Http(api.url);
  const admin = await http.login(ADMIN.email, options.env?.ADMIN_PASSWORD ?? ADMIN.password);
  return {
    config,
    database,
    smtp,
    api,
    worker,
    temporal,
    http,
    admin,
    stop: async () => {
      await worker?.shutdown();
      await running;
      await connection.close();
      try {
        // Whatever a test did through the system, its audit chains must still verify.
        const audit = options.tampersWithAudit ? null : await verifyAuditChain(api.deps.dataSource);
        if (audit && !audit.ok) throw new Error(`audit chain broken after the test: ${JSON.stringify(audit.broken)}`);
      } finally {
        await api.close();
        await smtp.stop();
        await database.drop();
      }
    },
  };
}

/** The real worker as its own process, as in production (so a test can SIGKILL it). */
export async function startWorkerProcess(sys: TestSystem): Promise<Running> {
  const started = run(
    builtEntry('worker'),
    cleanEnv({
      DATABASE_URL: sys.config.databaseUrl,
      TEMPORAL_ADDRESS: sys.config.temporal.address,
      TEMPORAL_TASK_QUEUE: sys.config.temporal.taskQueue,
      SMTP_URL: sys.config.smtpUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rol-worker-')),
      LOG_LEVEL: 'warn',
    }),
  );
  await waitUntil(async () => started.output().includes('Worker polling'), 60_000, 'the worker to start');
  return started;
}
