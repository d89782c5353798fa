import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createLogger, exitOnStartupError, loadConfig } from '@rol/config';
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
  const log = createLogger(config, 'worker');
  // The SDK's own log lines go through the same pino logger: JSON, or readable lines on a terminal.
  const level = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  Runtime.install({
    logger: new DefaultLogger(TEMPORAL_LOG_LEVELS[config.logLevel], (entry) =>
      log[level[entry.level]](entry.meta ?? {}, entry.message),
    ),
  });
  const runtime = await createWorkerRuntime(config);
  // A plain start-up line whatever the log level, like the API's "API listening on".
  process.stdout.write(`Worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}\n`);
  // The Temporal worker itself shuts down gracefully on SIGINT/SIGTERM; run() resolves then.
  await runtime.run();
}

main().then(
  () => process.exit(0),
  (error: unknown) => exitOnStartupError(error, 'rol-cycle worker'),
);
