/**
 * Launch benchmark: a jurisdiction of BENCH_DEPARTMENTS departments (default 2,000), each with a
 * principal leader, launched against a local Temporal dev server, the machine's PostgreSQL, the API
 * in this process and the worker as its own process (as `npm start` runs them).
 *
 *   npm run bench:launch            # builds first
 *   BENCH_DEPARTMENTS=500 npm run bench:launch
 *
 * Prints the time from the launch request until every cycle workflow has been started, and the
 * rate in workflows per second. Uses TEMPORAL_ADDRESS when set, else starts an in-memory dev server.
 * In the same run, the anchor: as many bare starts of a trivial workflow, BENCH_START_PARALLEL at once
 * (default 16, as many as the launch keeps in flight), on a fresh dev server of the same binary with a
 * worker running them; prints both times and the ratio (goal ≤ 1.2×). Then a second anchor: the same
 * starts, each carrying the four search attributes a cycle is started with and waiting on a timer as
 * a cycle does, to show how much of the difference is the engine's own work for what a cycle needs.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from '@rol/api';
import { loadConfig } from '@rol/config';
import { startTemporalDevServer } from '@rol/devstack';
import { Http } from '../test/helpers/http';
import { builtEntry, cleanEnv, run, waitUntil } from '../test/helpers/processes';
import { calendarRelativeToNow, launchBody, seedJurisdiction } from '../test/helpers/seed';
import { SmtpCapture } from '../test/helpers/smtp-capture';
import { createTestDatabase } from '../test/helpers/test-database';
import { measureBareStarts } from './bare/anchors';
import { cpuBreakdown, formatCpu } from './stats';

const DAY = 24 * 3_600_000;

/** The launch through the product: how many cycle workflows it started, and how long it took. */
async function launch(log: (line: string) => void): Promise<{ workflows: number; seconds: number }> {
  const departments = Number(process.env.BENCH_DEPARTMENTS ?? 2000);
  const devServer = process.env.TEMPORAL_ADDRESS ? null : await startTemporalDevServer({ log });
  const database = await createTestDatabase();
  const smtp = new SmtpCapture();
  await smtp.start();
  const env = {
    PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rol-bench-')),
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS ?? devServer!.address,
    TEMPORAL_TASK_QUEUE: `bench-${randomBytes(4).toString('hex')}`,
    SMTP_URL: smtp.url,
    ADMIN_EMAIL: 'bench@rol-cycle.local',
    ADMIN_PASSWORD: 'Rol-cycle-2025',
    LOG_LEVEL: 'warn',
  };
  const api = await startApi(loadConfig(env), { logger: false });
  const worker = run(builtEntry('worker'), cleanEnv(env));
  try {
    await waitUntil(async () => worker.output().includes('Worker polling'), 120_000, 'the worker to start');
    const code = `b${randomBytes(3).toString('hex')}`;
    const seeded = await seedJurisdiction(database.url, { code, departments });
    const admin = await new Http(api.url).login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const calendar = await admin.post(
      '/api/calendars',
      calendarRelativeToNow(seeded.id, { firstMs: 10 * DAY, stepMs: DAY }),
    );
    if (calendar.status !== 201) throw new Error(`calendar: ${JSON.stringify(calendar.body)}`);

    log(`launching ${departments} departments (${cpus().length} CPUs, batch ${loadConfig(env).launchBatchSize})…`);
    let status!: {
      reportCycles: number;
      shufaCycles: number;
      launch: { status: string; progress: { reportStarted: number; shufaStarted: number } } | null;
    };
    const { seconds, cpu } = await cpuBreakdown(
      { worker: worker.child.pid, 'dev server': devServer?.process.pid },
      async () => {
        const launch = await admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody());
        if (launch.status !== 202) throw new Error(`launch: ${JSON.stringify(launch.body)}`);
        await waitUntil(
          async () => {
            status = (await admin.get(`/api/calendars/${calendar.body.id}/launch`)).body;
            return status.launch?.status === 'COMPLETED';
          },
          15 * 60_000,
          'the launch to complete',
        );
      },
    );
    const workflows = status.launch!.progress.reportStarted + status.launch!.progress.shufaStarted;
    if (status.reportCycles !== departments || status.shufaCycles !== departments) {
      throw new Error(`expected ${departments} + ${departments} cycles, got ${JSON.stringify(status)}`);
    }
    log(`departments: ${departments}`);
    log(`workflows started: ${workflows} (${status.reportCycles} report + ${status.shufaCycles} 述法)`);
    log(`time: ${seconds.toFixed(1)} s`);
    log(`rate: ${(workflows / seconds).toFixed(1)} workflows/s`);
    log(`  ${formatCpu(seconds, cpu)} (bench: the API runs in this process)`);
    return { workflows, seconds };
  } finally {
    worker.child.kill('SIGTERM');
    await worker.exited;
    await api.close();
    await smtp.stop();
    await database.drop();
    await devServer?.stop();
  }
}

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const launched = await launch(log);
  const parallel = Number(process.env.BENCH_START_PARALLEL ?? 16);
  log(`anchor: ${launched.workflows} bare workflow starts, ${parallel} at once, on a fresh dev server…`);
  const bare = await measureBareStarts({ count: launched.workflows, parallel, log });
  log(`  ${bare.cpu}`);
  log(`bare starts: ${bare.seconds.toFixed(1)} s (${(launched.workflows / bare.seconds).toFixed(1)} workflows/s)`);
  const ratio = launched.seconds / bare.seconds;
  log(`launch / bare starts: ${ratio.toFixed(2)}× (goal ≤ 1.2×: ${ratio <= 1.2 ? 'met' : 'NOT met'})`);
  // What of the difference is the engine's own work for what a cycle asks of it (its four search
  // attributes and a timer), not ours: the same starts, each carrying them, on another fresh server.
  log(`second anchor: ${launched.workflows} starts with 4 search attributes and a timer each, ${parallel} at once…`);
  const asCycles = await measureBareStarts({ count: launched.workflows, parallel, log, asCycles: true });
  log(`  ${asCycles.cpu}`);
  log(
    `bare starts as cycles: ${asCycles.seconds.toFixed(1)} s; launch / them: ${(launched.seconds / asCycles.seconds).toFixed(2)}×`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
