/**
 * People's steps benchmark: BENCH_PEOPLE people (default 50) act at once, each on his own
 * department's report cycle, alternating advance (drafting → legality review, by the officer) and
 * reject (legality review → drafting, by the reviewer, with a reason), BENCH_STEPS steps each
 * (default 12) after BENCH_WARMUP untimed ones (default 2); every timed HTTP step is measured.
 *
 *   npm run bench:advance           # builds first
 *
 * The product runs as in production: the API and the worker as their own processes, a fresh
 * database on the machine's PostgreSQL (TEST_POSTGRES_URL, dropped after), a fresh Temporal dev
 * server. In the same run, the anchor: bare Temporal updates with a trivial handler on another fresh
 * dev server of the same binary, with the same concurrency and count. Prints p50/p95/p99 of both and
 * the ratios; the goal is ours p50 ≤ 2× and p99 ≤ 1.5× the anchor's.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { freePort, startTemporalDevServer } from '@rol/devstack';
import { reportFixturesDir } from '../test/helpers/fixtures';
import { Http } from '../test/helpers/http';
import { builtEntry, cleanEnv, run, Running, waitUntil } from '../test/helpers/processes';
import { calendarRelativeToNow, launchBody, SEED_PASSWORD, seedJurisdiction, seedStaff } from '../test/helpers/seed';
import { SmtpCapture } from '../test/helpers/smtp-capture';
import { createTestDatabase } from '../test/helpers/test-database';
import { measureBareUpdates } from './bare/anchors';
import { cpuBreakdown, formatCpu, Summary, summarise } from './stats';

const DAY = 24 * 3_600_000;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function started(what: string, process: Running, marker: string): Promise<void> {
  try {
    await waitUntil(async () => process.output().includes(marker), 120_000, what);
  } catch (error) {
    log(process.output());
    throw error;
  }
}

async function stop(process: Running): Promise<void> {
  if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill('SIGTERM');
  await process.exited;
}

/** The server processes of the database's connections (the API's and the worker's pools). */
async function postgresPids(url: string): Promise<number[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const rows = await db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return rows.rows.map((r) => r.pid);
  } finally {
    await db.end();
  }
}

/** The scenario through the product; returns each HTTP step's time (ms). */
async function measureProduct(
  people: number,
  steps: number,
  warmup: number,
): Promise<{ latencies: number[]; cpu: string }> {
  const report = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');
  const devServer = await startTemporalDevServer({ log });
  const database = await createTestDatabase();
  const smtp = new SmtpCapture();
  await smtp.start();
  const env = {
    PORT: String(await freePort()),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rol-bench-')),
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: devServer.address,
    TEMPORAL_TASK_QUEUE: `bench-${randomBytes(4).toString('hex')}`,
    SMTP_URL: smtp.url,
    ADMIN_EMAIL: 'bench@rol-cycle.local',
    ADMIN_PASSWORD: 'Rol-cycle-2025',
    LOG_LEVEL: 'warn',
  };
  const api = run(builtEntry('api'), cleanEnv(env));
  let worker: Running | null = null;
  try {
    await started('the API to start', api, 'API listening on');
    worker = run(builtEntry('worker'), cleanEnv(env));
    await started('the worker to start', worker, 'Worker polling');
    const http = new Http(`http://127.0.0.1:${env.PORT}`);

    const code = `a${randomBytes(3).toString('hex')}`;
    const seeded = await seedJurisdiction(database.url, { code, departments: people });
    const officers = await seedStaff(database.url, seeded.departments, 'officer');
    const reviewers = await seedStaff(database.url, seeded.departments, 'reviewer');
    const admin = await http.login(env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    // Departments without divisions start at drafting; every date is far away (no notice is sent).
    const body = calendarRelativeToNow(seeded.id, { firstMs: 10 * DAY, stepMs: DAY });
    const calendar = await admin.post('/api/calendars', body);
    if (calendar.status !== 201) throw new Error(`calendar: ${JSON.stringify(calendar.body)}`);
    const launch = await admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody());
    if (launch.status !== 202) throw new Error(`launch: ${JSON.stringify(launch.body)}`);
    await waitUntil(
      async () => (await admin.get(`/api/calendars/${calendar.body.id}/launch`)).body.launch?.status === 'COMPLETED',
      120_000,
      'the launch to complete',
    );

    const cycles = seeded.departments.map((d) => `report-${body.year}-${d.code}`);
    const officer = await Promise.all(officers.map((u) => http.login(u.email, SEED_PASSWORD)));
    const reviewer = await Promise.all(reviewers.map((u) => http.login(u.email, SEED_PASSWORD)));
    await Promise.all(
      cycles.map(async (id, i) => {
        const draft = await officer[i].post(`/api/report-cycles/${id}/drafts`, { content: report });
        if (draft.status !== 201 || draft.body.sectionCheck.missing.length > 0) {
          throw new Error(`draft of ${id}: ${draft.status} ${JSON.stringify(draft.body)}`);
        }
      }),
    );

    /** Each person's `count` steps, all at once, from drafting; returns each step's time (ms). */
    const act = async (count: number): Promise<number[]> => {
      const times: number[] = [];
      await Promise.all(
        cycles.map(async (id, i) => {
          for (let step = 0; step < count; step++) {
            const advance = step % 2 === 0;
            const begun = performance.now();
            const answer = advance
              ? await officer[i].post(`/api/report-cycles/${id}/advance`, { stage: 'drafting' })
              : await reviewer[i].post(`/api/report-cycles/${id}/reject`, {
                  stage: 'legality_review',
                  reason: `第${step}轮：请补充问题原因分析`,
                });
            times.push(performance.now() - begun);
            const expected = advance ? 'legality_review' : 'drafting';
            if (answer.status !== 200 || answer.body.stage !== expected) {
              throw new Error(`${id} step ${step + 1}: ${answer.status} ${JSON.stringify(answer.body)}`);
            }
          }
        }),
      );
      return times;
    };
    if (warmup > 0) {
      log(`warm-up: ${warmup} untimed steps each…`);
      await act(warmup);
    }
    log(`${people} people × ${steps} steps through the product…`);
    const pids = {
      api: api.child.pid,
      worker: worker.child.pid,
      'dev server': devServer.process.pid,
      postgres: await postgresPids(database.url),
    };
    const { result: latencies, seconds, cpu } = await cpuBreakdown(pids, () => act(steps));

    // What people did is what was persisted, and the audit trail still verifies end to end.
    const expected = steps % 2 === 0 ? 'drafting' : 'legality_review';
    for (const id of cycles) {
      const cycle = await admin.get(`/api/report-cycles/${id}`);
      if (cycle.body.stage !== expected) throw new Error(`${id} ended at ${cycle.body.stage}, expected ${expected}`);
      const trail = await admin.get(`/api/report-cycles/${id}/audit?limit=200`);
      const moves = trail.body.items.filter((a: { action: string }) => a.action.startsWith('stage.')).length;
      if (moves !== warmup + steps) {
        throw new Error(`${id} audit has ${moves} stage rows, expected ${warmup + steps}`);
      }
    }
    const verified = await admin.get('/api/audit/verify');
    if (verified.body.ok !== true) throw new Error(`audit chain: ${JSON.stringify(verified.body)}`);
    return { latencies, cpu: formatCpu(seconds, cpu) };
  } catch (error) {
    log(api.output());
    if (worker) log(worker.output());
    throw error;
  } finally {
    if (worker) await stop(worker);
    await stop(api);
    await smtp.stop();
    await database.drop();
    await devServer.stop();
  }
}

function row(label: string, s: Summary): string {
  const ms = (v: number) => `${v.toFixed(0).padStart(7)} ms`;
  return `${label.padEnd(34)}${ms(s.p50)}${ms(s.p95)}${ms(s.p99)}${ms(s.max)}`;
}

async function main(): Promise<void> {
  const people = Number(process.env.BENCH_PEOPLE ?? 50);
  const steps = Number(process.env.BENCH_STEPS ?? 12);
  // Untimed first (an advance and a reject each, two updates per bare workflow): connection pools,
  // JIT and each cycle's one-time patch markers are not what people wait for all year.
  const warmup = Number(process.env.BENCH_WARMUP ?? 2);
  if (warmup % 2 !== 0) throw new Error('BENCH_WARMUP must be even (advance and reject in pairs)');
  log(`${cpus().length} CPUs; ${people} people at once, ${steps} timed steps each after ${warmup} untimed`);

  log('anchor: bare Temporal updates (trivial handler) on a fresh dev server…');
  const anchor = await measureBareUpdates({ people, steps, warmup, log });
  log(`  ${anchor.cpu}`);
  const product = await measureProduct(people, steps, warmup);
  log(`  ${product.cpu}`);
  const bare = summarise(anchor.latencies);
  const ours = summarise(product.latencies);

  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`.padStart(10);
  log('');
  log(`${''.padEnd(34)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'p99'.padStart(10)}${'max'.padStart(10)}`);
  log(row(`ours: HTTP advance/reject (${ours.count})`, ours));
  log(row(`anchor: bare update (${bare.count})`, bare));
  log(
    `${'ratio ours / anchor'.padEnd(34)}${ratio(ours.p50, bare.p50)}${ratio(ours.p95, bare.p95)}${ratio(ours.p99, bare.p99)}`,
  );
  const p50ok = ours.p50 <= 2 * bare.p50;
  const p99ok = ours.p99 <= 1.5 * bare.p99;
  log(`goal p50 ≤ 2× anchor: ${p50ok ? 'met' : 'NOT met'}; p99 ≤ 1.5× anchor: ${p99ok ? 'met' : 'NOT met'}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
