/**
 * Dashboard benchmark: a jurisdiction of BENCH_DEPARTMENTS departments (default 5,000), each with a
 * report cycle and its leader's 述法 cycle at mixed stages (fresh, reminded, sent back, overdue, under
 * review, completed), this year's and last year's, written straight into a throwaway database on the
 * machine's PostgreSQL by the projection's own writer (every dashboard column filled as the workflows
 * would fill it).
 *
 *   npm run bench:dashboard            # builds first
 *   BENCH_DEPARTMENTS=1000 BENCH_RUNS=100 npm run bench:dashboard
 *
 * Then BENCH_RUNS (default 50) dashboards through the API's own service and SQL (DashboardService,
 * as GET /api/dashboard calls it, serialised to JSON as the API answers), each beside the anchor in
 * the same run: a bare SELECT of the same cycle rows and columns by (year, jurisdiction), read the
 * same way. Prints the p50/p95 of both and the ratio (goal: p95 < 50 ms and ≤ 3× the bare query).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import {
  advanceCycle,
  afterAction,
  CALENDAR_STAGES,
  CycleInput,
  CycleSnapshot,
  rejectCycle,
  shanghaiDate,
  startCycle,
  updateDeadline,
  openDeadlines,
} from '@rol/domain';
import { createDataSource, DashboardRepository, migrate, preparedQuery, writeNewCycles } from '@rol/persistence';
import { DashboardService } from '../apps/api/src/oversight/dashboard.service';
import type { AuthenticatedActor } from '../apps/api/src/common/actor';
import { seedJurisdiction } from '../test/helpers/seed';
import { createTestDatabase } from '../test/helpers/test-database';
import { summarise } from './stats';

const DAY = 24 * 3_600_000;
const WRITE_BATCH = 500;

/** One department's cycles at the stage its number picks, as the workflows would have left them. */
function cycles(
  base: Omit<CycleInput, 'cycleId' | 'kind' | 'organizationId' | 'leaderId' | 'due'>,
  department: { id: string; code: string; leaderId: string | null },
  i: number,
  now: number,
): CycleSnapshot[] {
  const by = { id: null, label: 'bench' };
  const far = now + 20 * DAY;
  const soon = now + DAY;
  const past = now - 2 * DAY;
  const variant = i % 6;
  // Half of the fresh ones are due tomorrow (blue), the reminded one too (yellow beats blue).
  const draftingDue = variant === 1 || i % 12 === 0 ? soon : variant === 4 ? past : far;
  const due = Object.fromEntries(CALENDAR_STAGES.map((s, k) => [s, far + k * DAY]));
  due.contributions = now - 5 * DAY;
  due.drafting = draftingDue;
  const report = startCycle(
    {
      ...base,
      cycleId: `report-${base.year}-${department.code}`,
      kind: 'report',
      organizationId: department.id,
      leaderId: null,
      due,
      divisions: [],
    },
    now - 10 * DAY,
  );
  const step = (s: CycleSnapshot) => advanceCycle(s, now - DAY, { outcome: 'advanced', by, at: now - DAY });
  switch (variant) {
    case 0: // drafting, due tomorrow or in three weeks
      break;
    case 1: {
      // drafting due tomorrow, reminded and not acted on
      const [d] = openDeadlines(report);
      updateDeadline(report, d.item, {
        timer: afterAction(d.timer, { kind: 'reminder', offset: 'P3D', at: now - DAY, skipped: [] }),
      });
      break;
    }
    case 2: // under legality review
      step(report);
      break;
    case 3: // sent back to drafting
      step(report);
      rejectCycle(report, now - DAY / 2, { outcome: 'rejected', by, at: now - DAY / 2 }, now + 7 * DAY);
      break;
    case 4: {
      // drafting overdue for two days
      const [d] = openDeadlines(report);
      updateDeadline(report, d.item, { overdueSince: past + 1 });
      report.overdue = true;
      break;
    }
    case 5: // completed
      while (report.stage !== 'completed') step(report);
      break;
  }
  report.seq = 1;
  if (!department.leaderId) return [report];
  const shufa = startCycle(
    {
      ...base,
      cycleId: `shufa-${base.year}-${department.code}`,
      kind: 'shufa',
      organizationId: department.id,
      leaderId: department.leaderId,
      due,
    },
    now - 10 * DAY,
  );
  if (variant >= 3) step(shufa);
  shufa.seq = 1;
  return [report, shufa];
}

async function main(): Promise<void> {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const departments = Number(process.env.BENCH_DEPARTMENTS ?? 5000);
  const runs = Number(process.env.BENCH_RUNS ?? 50);
  const database = await createTestDatabase();
  const dataSource = createDataSource(database.url, { applicationName: 'rol-bench' });
  try {
    await dataSource.initialize();
    await migrate(dataSource);
    const code = `b${randomBytes(3).toString('hex')}`;
    log(`seeding ${departments} departments with their report and 述法 cycles…`);
    const seeded = await seedJurisdiction(database.url, { code, departments });
    const now = Date.now();
    const year = Number(shanghaiDate(new Date(now)).slice(0, 4));
    const [{ id: calendarId }] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO calendar (jurisdiction_id, year, timezone, rollover, due, reminders, escalation, status)
       VALUES ($1, $2, 'Asia/Shanghai', 'none', '{}', '{P3D}', '{"after": "P1D", "every": "P3D"}', 'launched')
       RETURNING id`,
      [seeded.id, year],
    );
    const base = {
      calendarId,
      calendarRevision: 1,
      jurisdictionId: seeded.id,
      year,
      reminders: ['P3D'],
      escalation: { after: 'P1D', every: 'P3D' },
    };
    // Last year's cycles too, as a system in its second year holds: the index picks this year's out.
    const snapshots = [year - 1, year].flatMap((y) =>
      seeded.departments.flatMap((d, i) => cycles({ ...base, year: y }, d, i, now)),
    );
    for (let i = 0; i < snapshots.length; i += WRITE_BATCH) {
      await writeNewCycles(dataSource.manager, snapshots.slice(i, i + WRITE_BATCH));
    }
    await dataSource.query('ANALYZE');
    log(`${snapshots.length} cycles written (${year - 1} and ${year})`);

    const service = new DashboardService(dataSource, new DashboardRepository(dataSource));
    const admin: AuthenticatedActor = {
      userId: 'bench',
      organizationId: null,
      organizationPath: null,
      roles: ['admin'],
      name: 'bench',
      email: 'bench@rol-cycle.local',
    };
    const query = { year, jurisdictionId: seeded.id };
    const dashboard = async () => JSON.stringify(await service.dashboard(admin, query)).length;
    // The anchor: the same cycle rows and columns the dashboard reads, by the same index, nothing else.
    // Read as the dashboard reads them (instants as epoch ms), so the ratio is the dashboard's own work.
    const epoch = (column: string) => `(extract(epoch FROM ${column}) * 1000)::float8 AS ${column}`;
    const bareSql = `SELECT id, kind, organization_id, stage, ${epoch('due_at')}, ${epoch('next_due_at')},
                            ${epoch('overdue_since')}, reminded_unanswered, sent_back, rework, grade, open_items,
                            completed_stages, on_time_stages
                       FROM cycle WHERE year = $1 AND jurisdiction_id = $2`;
    const bare = async () => (await preparedQuery(dataSource, bareSql, [year, seeded.id])).length;
    const plan = await dataSource.query(
      `EXPLAIN ${bareSql.replace('$1', String(year)).replace('$2', `'${seeded.id}'`)}`,
    );
    log(
      `bare query plan (PostgreSQL’s choice; this year is half the table): ${plan.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'].trim()).join(' | ')}`,
    );

    const sample = JSON.parse(JSON.stringify(await service.dashboard(admin, query))) as {
      departments: unknown[];
      totals: { report: { byLight: Record<string, number>; byStage: Record<string, number> } };
    };
    log(
      `dashboard: ${sample.departments.length} departments, ${await bare()} cycle rows; report lights ` +
        `${JSON.stringify(sample.totals.report.byLight)}, stages ${JSON.stringify(sample.totals.report.byStage)}`,
    );
    for (let i = 0; i < 5; i++) {
      await dashboard();
      await bare();
    }
    const timed = { dashboard: [] as number[], bare: [] as number[] };
    for (let i = 0; i < runs; i++) {
      // Interleaved, so both see the same machine (two cores shared with other work).
      for (const [name, run] of [
        ['dashboard', dashboard],
        ['bare', bare],
      ] as const) {
        const begun = process.hrtime.bigint();
        await run();
        timed[name].push(Number(process.hrtime.bigint() - begun) / 1e6);
      }
    }
    const d = summarise(timed.dashboard);
    const b = summarise(timed.bare);
    const ms = (x: number) => `${x.toFixed(1)} ms`;
    log(`dashboard (service + SQL + JSON), ${runs} runs: p50 ${ms(d.p50)}, p95 ${ms(d.p95)}, max ${ms(d.max)}`);
    log(
      `bare SELECT of the same rows by (year, jurisdiction), ${runs} runs: p50 ${ms(b.p50)}, p95 ${ms(b.p95)}, max ${ms(b.max)}`,
    );
    const ratio = d.p95 / b.p95;
    log(
      `p95 dashboard / bare: ${ratio.toFixed(2)}× (goals: p95 < 50 ms ${d.p95 < 50 ? 'met' : 'NOT met'}; ` +
        `≤ 3× ${ratio <= 3 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await dataSource.destroy().catch(() => undefined);
    if (process.env.BENCH_KEEP_DB) log(`kept ${database.url}`);
    else await database.drop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
