import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { exitOnStartupError, loadConfig } from '@rol/config';
import { createWorkerRuntime } from './create-worker';

const TEMPORAL_LOG_LEVELS = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
} as const;

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger(TEMPORAL_LOG_LEVELS[config.logLevel]) });
  const runtime = await createWorkerRuntime(config);
  process.stdout.write(`Worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}\n`);
  // The Temporal worker itself shuts down gracefully on SIGINT/SIGTERM; run() resolves then.
  await runtime.run();
}

main().then(
  () => process.exit(0),
  (error: unknown) => exitOnStartupError(error, 'rol-cycle worker'),
);
