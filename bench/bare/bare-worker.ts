/**
 * A worker for the benchmark anchors only (bench/bare/bare.workflows.ts), run as its own process as
 * the product's worker is: TEMPORAL_ADDRESS and TEMPORAL_TASK_QUEUE say where to poll.
 */
import { NativeConnection, Worker } from '@temporalio/worker';

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS;
  const taskQueue = process.env.TEMPORAL_TASK_QUEUE;
  if (!address || !taskQueue) throw new Error('TEMPORAL_ADDRESS and TEMPORAL_TASK_QUEUE must be set');
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowsPath: require.resolve('./bare.workflows'),
  });
  // The SDK's runtime shuts the worker down gracefully on SIGINT/SIGTERM; run() resolves then.
  process.stdout.write('Worker polling\n');
  await worker.run();
  await connection.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
