import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { SA_ORGANIZATION, SA_OVERDUE, SA_STAGE, SA_YEAR } from '@rol/contracts';
import { startTemporalDevServer } from '@rol/devstack';
import { ensureSearchAttributes } from '@rol/temporal';
import { cleanEnv, DIST, run, waitUntil } from '../../test/helpers/processes';
import { cpuBreakdown, formatCpu, inLanes } from '../stats';
import { bumpUpdate, finishSignal } from './bare.workflows';

/**
 * The engine's own speed, measured in the benchmark's run: a fresh Temporal dev server of the same
 * binary as the product's, and a worker process holding only trivial workflows.
 */
async function withBareEngine<T>(
  log: (line: string) => void,
  work: (
    client: Client,
    taskQueue: string,
    pids: Record<string, number | undefined>,
    connection: Connection,
  ) => Promise<T>,
): Promise<T> {
  const server = await startTemporalDevServer({ log });
  const taskQueue = `bare-${randomBytes(4).toString('hex')}`;
  const worker = run(
    join(DIST, 'bench', 'bare', 'bare-worker.js'),
    cleanEnv({ TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: taskQueue }),
  );
  let connection: Connection | null = null;
  try {
    await waitUntil(async () => worker.output().includes('Worker polling'), 120_000, 'the bare worker to start');
    connection = await Connection.connect({ address: server.address });
    return await work(
      new Client({ connection }),
      taskQueue,
      { 'dev server': server.process.pid, worker: worker.child.pid },
      connection,
    );
  } catch (error) {
    log(worker.output());
    throw error;
  } finally {
    await connection?.close();
    worker.child.kill('SIGTERM');
    await worker.exited;
    await server.stop();
  }
}

/**
 * `people` workflows, each sent `steps` updates one after another by its own caller, all callers at
 * once; the handler only adds to a counter. Returns each update's round trip (ms).
 */
export async function measureBareUpdates(options: {
  people: number;
  steps: number;
  /** Untimed updates each first, all callers at once. */
  warmup: number;
  log: (line: string) => void;
}): Promise<{ latencies: number[]; cpu: string }> {
  return withBareEngine(options.log, async (client, taskQueue, pids) => {
    const batch = randomBytes(3).toString('hex');
    const handles = await Promise.all(
      Array.from({ length: options.people }, (_, i) =>
        client.workflow.start('bareUpdateWorkflow', { taskQueue, workflowId: `bare-update-${batch}-${i}` }),
      ),
    );
    // Each workflow has run its first task (as the product's cycles have, long before people act).
    await waitUntil(
      async () => (await Promise.all(handles.map(async (h) => (await h.describe()).historyLength >= 4))).every(Boolean),
      60_000,
      'the bare workflows to start',
    );
    let sent = 0;
    const act = async (count: number): Promise<number[]> => {
      const times: number[] = [];
      const from = sent;
      await Promise.all(
        handles.map(async (handle) => {
          for (let step = from + 1; step <= from + count; step++) {
            const started = performance.now();
            const total = await handle.executeUpdate(bumpUpdate, { args: [1] });
            times.push(performance.now() - started);
            if (total !== step) throw new Error(`bare update answered ${total}, expected ${step}`);
          }
        }),
      );
      sent += count;
      return times;
    };
    await act(options.warmup);
    const { result: latencies, seconds, cpu } = await cpuBreakdown(pids, () => act(options.steps));
    await Promise.all(handles.map((h) => h.signal(finishSignal)));
    return { latencies, cpu: formatCpu(seconds, cpu) };
  });
}

/**
 * `count` trivial workflows started by `parallel` callers at once (as the launch starts cycles),
 * while the worker runs their first tasks. Returns the seconds from the first start until every
 * start has been accepted.
 */
export async function measureBareStarts(options: {
  count: number;
  parallel: number;
  log: (line: string) => void;
  /**
   * Each workflow started with the product's four search attributes and waiting on a timer, as a
   * launched cycle is (instead of started bare and idle).
   */
  asCycles?: boolean;
}): Promise<{ seconds: number; cpu: string }> {
  return withBareEngine(options.log, async (client, taskQueue, pids, connection) => {
    const batch = randomBytes(3).toString('hex');
    if (options.asCycles) await ensureSearchAttributes(connection, 'default');
    const { seconds, cpu } = await cpuBreakdown(pids, () =>
      inLanes(options.count, options.parallel, async (i) => {
        const workflowId = `bare-start-${batch}-${i}`;
        if (!options.asCycles) {
          await client.workflow.start('bareIdleWorkflow', { taskQueue, workflowId });
          return;
        }
        await client.workflow.start('bareTimerWorkflow', {
          taskQueue,
          workflowId,
          args: [30 * 24 * 3_600_000],
          typedSearchAttributes: [
            { key: SA_ORGANIZATION, value: `organization-${i}` },
            { key: SA_YEAR, value: 2026 },
            { key: SA_STAGE, value: 'drafting' },
            { key: SA_OVERDUE, value: false },
          ],
        });
      }),
    );
    return { seconds, cpu: formatCpu(seconds, cpu) };
  });
}
