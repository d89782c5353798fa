import 'reflect-metadata';
import { exitOnStartupError, loadConfig } from '@rol/config';
import { createWorkerRuntime } from './create-worker';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await createWorkerRuntime(config);
  process.stdout.write(`Worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address}\n`);
  // The Temporal worker itself shuts down gracefully on SIGINT/SIGTERM; run() resolves then.
  await runtime.run();
}

main().then(
  () => process.exit(0),
  (error: unknown) => exitOnStartupError(error, 'rol-cycle worker'),
);
