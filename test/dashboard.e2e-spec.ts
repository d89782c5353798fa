import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_STAGES, shanghaiDate } from '@rol/domain';
import { createDataSource } from '@rol/persistence';
import { CycleOversight1764760000000 } from '../libs/persistence/src/migrations/1764760000000-cycle-oversight';
import { reportFixturesDir } from './helpers/fixtures';
import { testPeople } from './helpers/people';
import { waitUntil } from './helpers/processes';
import { shufaReportText } from './helpers/shufa-report';
import { startTestSystem, TestSystem } from './helpers/test-system';
import { launchBody } from './helpers/seed';

const S = 1000;
const MIN = 60 * S;
const D = 24 * 60 * MIN;
const qingpu = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');

/**
 * The oversight dashboard of a jurisdiction with departments at different stages (one reminded and
 * then overdue, one sent back, one signing off soon, one late and then through, one of a
 * sub-jurisdiction far from its dates, one added after the launch), every figure checked against the
 * cycles' own views and audit trails.
 */
describe('the oversight dashboard (督办看板)', () => {
  let sys: TestSystem;
  const p = `d${randomBytes(3).toString('hex')}`;
  const { as, user, organization } = testPeople(() => sys, p);
  const org: Record<string, string> = {};
  let year: number;
  let draftingDue: number;
  const reportId = (code: string) => `report-${year}-${p}-${code}`;
  const shufaId = (code: string) => `shufa-${year}-${p}-${code}`;
  const dashboard = (who = 'office', jurisdiction = org.j) =>
    as[who].get(`/api/dashboard?year=${year}&jurisdictionId=${jurisdiction}`);
  const trail = async (kind: 'report' | 'shufa', id: string) =>
    (await sys.admin.get(`/api/${kind}-cycles/${id}/audit?limit=200`)).body.items as AuditRow[];
  const view = async (kind: 'report' | 'shufa', id: string) => (await sys.admin.get(`/api/${kind}-cycles/${id}`)).body;
  const department = (body: DashboardBody, code: string) =>
    body.departments.find((d) => d.code === `${p}-${code}`) as DashboardDepartment;

  beforeAll(async () => {
    sys = await startTestSystem();
    const now = Date.now();
    year = Number(shanghaiDate(new Date(now)).slice(0, 4));
    org.j = await organization('j', '青浦区人民政府', 'jurisdiction');
    org.k = await organization('k', '青浦区朱家角镇人民政府', 'jurisdiction', org.j);
    org.l = await organization('l', '松江区人民政府', 'jurisdiction');
    for (const code of ['d1', 'd2', 'd3', 'd6'])
      org[code] = await organization(code, `青浦区部门${code}`, 'department', org.j);
    org.d4 = await organization('d4', '朱家角镇部门', 'department', org.k);
    await user('office', org.j, ['admin']);
    await user('kOffice', org.k, ['admin']);
    await user('lOffice', org.l, ['admin']);
    await user('deptAdmin', org.d1, ['admin']);
    for (const code of ['d1', 'd2', 'd3', 'd6']) await user(`officer_${code}`, org[code], ['officer']);
    for (const code of ['d2', 'd3', 'd6']) await user(`reviewer_${code}`, org[code], ['reviewer']);
    for (const code of ['d1', 'd2']) {
      const leader = await user(`leader_${code}`, org[code], ['leader']);
      expect((await sys.admin.patch(`/api/organizations/${org[code]}`, { principalLeaderId: leader })).status).toBe(
        200,
      );
    }

    // Drafting due in 80 s, its reminder 50 s before; review in 30 min, sign-off in an hour (blue), the rest days away.
    const start = Date.now();
    const at = (ms: number) => new Date(start + ms).toISOString();
    draftingDue = start + 80 * S;
    const calendar = await sys.admin.post('/api/calendars', {
      jurisdictionId: org.j,
      year,
      rollover: 'none',
      due: {
        contributions: at(5 * S),
        drafting: at(80 * S),
        legality_review: at(30 * MIN),
        sign_off: at(60 * MIN),
        submission: at(20 * D),
        publication: at(21 * D),
        shufa_writing: at(20 * D),
        shufa_materials_review: at(21 * D),
        shufa_evaluation: at(22 * D),
        shufa_rectification: at(30 * D),
      },
      reminders: ['PT50S'],
      escalation: { after: 'P1D', every: 'P3D' },
      // Notices seconds apart, whenever the suite runs: no waiting for office hours.
      quietHours: { enabled: false },
    });
    expect(calendar.status).toBe(201);
    // The sub-jurisdiction's year is a month away: no light at all.
    const far = await sys.admin.post('/api/calendars', {
      jurisdictionId: org.k,
      year,
      rollover: 'none',
      due: Object.fromEntries(
        [...REPORT_STAGES, 'shufa_writing', 'shufa_materials_review', 'shufa_evaluation', 'shufa_rectification'].map(
          (stage, i) => [stage, at(30 * D + i * D)],
        ),
      ),
      reminders: ['P1D'],
      escalation: { after: 'P1D', every: 'P3D' },
    });
    expect(far.status).toBe(201);
    for (const c of [calendar, far]) {
      const launched = await sys.admin.post(`/api/calendars/${c.body.id}/launch`, launchBody());
      expect(launched.status).toBe(202);
    }
    const cycles = [
      ...['d1', 'd2', 'd3', 'd4', 'd6'].map((code) => `/api/report-cycles/${reportId(code)}`),
      ...['d1', 'd2'].map((code) => `/api/shufa-cycles/${shufaId(code)}`),
    ];
    await waitUntil(
      async () => (await Promise.all(cycles.map((c) => sys.admin.get(c)))).every((r) => r.status === 200),
      30_000,
      'the launched cycles',
    );
    // A department added after the launch has no cycle of the year.
    org.d5 = await organization('d5', '青浦区新设部门', 'department', org.j);
  }, 180_000);

  afterAll(async () => {
    await sys?.stop();
  });

  it('refuses anyone but an admin of the jurisdiction or above, and bad parameters by name', async () => {
    expect((await dashboard()).status).toBe(200);
    expect((await sys.admin.get(`/api/dashboard?year=${year}&jurisdictionId=${org.j}`)).status).toBe(200);
    // An officer, the admin of a department in it, the admin of a jurisdiction below it: not theirs.
    for (const who of ['officer_d1', 'deptAdmin', 'kOffice']) {
      const refused = await dashboard(who);
      expect({ who, status: refused.status, code: refused.body.code }).toEqual({ who, status: 403, code: 'FORBIDDEN' });
    }
    // A jurisdiction beside his, or none at all: as if it did not exist.
    expect((await dashboard('lOffice')).status).toBe(404);
    expect((await dashboard('office', randomUUID())).body.code).toBe('NOT_FOUND');
    const department = await dashboard('office', org.d1);
    expect(department.status).toBe(400);
    expect(department.body.details.fields[0].field).toBe('jurisdictionId');
    for (const [query, field] of [
      [`jurisdictionId=${org.j}`, 'year'],
      [`year=abc&jurisdictionId=${org.j}`, 'year'],
      [`year=${year}`, 'jurisdictionId'],
      [`year=${year}&jurisdictionId=not-a-uuid`, 'jurisdictionId'],
    ]) {
      const bad = await as.office.get(`/api/dashboard?${query}`);
      expect({
        query,
        status: bad.status,
        code: bad.body.code,
        fields: bad.body.details.fields.map(fieldName),
      }).toEqual({
        query,
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: [field],
      });
    }
  });

  it('shows each department’s stage and light: sent back, reminded, due soon, far away, no cycle', async () => {
    // d2: reviewed and sent back to drafting; its 述法 returned by the office.
    expect((await as.officer_d2.post(`/api/report-cycles/${reportId('d2')}/drafts`, { content: qingpu })).status).toBe(
      201,
    );
    expect((await as.officer_d2.post(`/api/report-cycles/${reportId('d2')}/advance`, {})).body.stage).toBe(
      'legality_review',
    );
    const rejected = await as.reviewer_d2.post(`/api/report-cycles/${reportId('d2')}/reject`, {
      reason: '请补充原因分析',
    });
    expect(rejected.body).toMatchObject({ stage: 'drafting', rework: 1 });
    expect(
      (await as.leader_d2.post(`/api/shufa-cycles/${shufaId('d2')}/reports`, { content: shufaReportText() })).status,
    ).toBe(201);
    expect((await as.leader_d2.post(`/api/shufa-cycles/${shufaId('d2')}/advance`, {})).body.stage).toBe(
      'shufa_materials_review',
    );
    const returned = await as.office.post(`/api/shufa-cycles/${shufaId('d2')}/reject`, {
      reason: '请补充依法决策事例',
    });
    expect(returned.body.stage).toBe('shufa_writing');
    // d3: through review on time, signing off within the hour.
    expect((await as.officer_d3.post(`/api/report-cycles/${reportId('d3')}/drafts`, { content: qingpu })).status).toBe(
      201,
    );
    await as.officer_d3.post(`/api/report-cycles/${reportId('d3')}/advance`, {});
    const reviewed = await as.reviewer_d3.post(`/api/report-cycles/${reportId('d3')}/advance`, { comment: '合法' });
    expect(reviewed.body.stage).toBe('sign_off');

    // d1 and d6 are reminded of drafting (50 s before it is due) and do nothing: the reminder is in
    // their trails, and the projection knows it once the workflow has written its snapshot after the round.
    for (const code of ['d1', 'd6']) {
      await waitUntil(
        async () =>
          (await trail('report', reportId(code))).some(isReminder) &&
          department((await dashboard()).body as DashboardBody, code).report?.light === 'yellow',
        90_000,
        `the drafting reminder of ${code}`,
      );
    }
    const body = (await dashboard()).body as DashboardBody;
    expect(Date.now()).toBeLessThan(draftingDue); // still before drafting is due: nobody is red yet
    const lights = Object.fromEntries(
      ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'].map((code) => {
        const d = department(body, code);
        return [
          code,
          [d.report?.stage ?? null, d.report?.light ?? null, d.shufa?.stage ?? null, d.shufa?.light ?? null],
        ];
      }),
    );
    expect(lights).toEqual({
      d1: ['drafting', 'yellow', 'shufa_writing', 'none'],
      d2: ['drafting', 'yellow', 'shufa_writing', 'yellow'],
      d3: ['sign_off', 'blue', null, null],
      d4: ['drafting', 'none', null, null],
      d5: [null, null, null, null],
      d6: ['drafting', 'yellow', null, null],
    });
    // The sub-jurisdiction's department is on its own office's dashboard too, alone.
    const below = (await dashboard('kOffice', org.k)).body as DashboardBody;
    expect(below.departments.map((d) => d.code)).toEqual([`${p}-d4`]);
    await expectMatchesCycles(body);
  }, 240_000);

  it('turns red when overdue, counts the late completion, and every figure agrees with the cycles', async () => {
    for (const code of ['d1', 'd6']) {
      await waitUntil(
        async () => (await trail('report', reportId(code))).some((a) => a.action === 'stage.overdue'),
        180_000,
        `drafting of ${code} overdue`,
      );
    }
    // d6 hands in late: drafting completed after its due date, review due within the hour.
    expect((await as.officer_d6.post(`/api/report-cycles/${reportId('d6')}/drafts`, { content: qingpu })).status).toBe(
      201,
    );
    expect((await as.officer_d6.post(`/api/report-cycles/${reportId('d6')}/advance`, {})).body.stage).toBe(
      'legality_review',
    );
    const asked = Date.now();
    const body = (await dashboard()).body as DashboardBody;
    const answered = Date.now();
    const d1 = department(body, 'd1');
    expect(d1.report).toMatchObject({ stage: 'drafting', light: 'red', overdue: true, rework: 0 });
    // Overdue since its due instant, to the second, as the trail's overdue event names it.
    const overdueEvent = (await trail('report', reportId('d1'))).find((a) => a.action === 'stage.overdue');
    expect(Date.parse(overdueEvent?.after?.dueAt as string)).toBe(draftingDue);
    const late = parseIsoSeconds(d1.report?.overdueBy as string);
    expect(late).toBeGreaterThanOrEqual(Math.floor((asked - draftingDue) / 1000) - 1);
    expect(late).toBeLessThanOrEqual(Math.ceil((answered - draftingDue) / 1000) + 1);
    expect(department(body, 'd6').report).toMatchObject({ stage: 'legality_review', light: 'blue', overdue: false });
    expect(department(body, 'd2').report).toMatchObject({ stage: 'drafting', light: 'yellow', rework: 1 });
    expect(department(body, 'd2').shufa).toMatchObject({ light: 'yellow', rework: 1, grade: null, openItems: 0 });

    expect(body.totals.report).toMatchObject({
      cycles: 5,
      byStage: { contributions: 0, drafting: 3, legality_review: 1, sign_off: 1, completed: 0, cancelled: 0 },
      byLight: { red: 1, yellow: 1, blue: 2, none: 1 },
      overdue: 1,
    });
    const rate = (stage: string) => body.totals.report.onTime.find((s) => s.stage === stage);
    expect(rate('drafting')).toEqual({ stage: 'drafting', completed: 2, onTime: 1, onTimeRate: 0.5 });
    expect(rate('legality_review')).toEqual({ stage: 'legality_review', completed: 1, onTime: 1, onTimeRate: 1 });
    expect(rate('contributions')).toEqual({ stage: 'contributions', completed: 0, onTime: 0, onTimeRate: null });
    expect(body.totals.shufa).toMatchObject({
      cycles: 2,
      byStage: { shufa_writing: 2 },
      byLight: { red: 0, yellow: 1, blue: 0, none: 1 },
    });
    await expectMatchesCycles(body);
  }, 240_000);

  it('is the same after the columns are dropped and the migration fills them again from the snapshots', async () => {
    const before = (await dashboard()).body as DashboardBody;
    const dataSource = createDataSource(sys.database.url);
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      const migration = new CycleOversight1764760000000();
      await migration.down(runner);
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
      await dataSource.destroy();
    }
    const after = (await dashboard()).body as DashboardBody;
    const comparable = (b: DashboardBody) => ({
      departments: b.departments.map((d) => ({
        ...d,
        report: d.report && { ...d.report, overdueBy: d.report.overdueBy !== null },
        shufa: d.shufa && { ...d.shufa, overdueBy: d.shufa.overdueBy !== null },
      })),
      totals: b.totals,
    });
    expect(comparable(after)).toEqual(comparable(before));
  });

  /** Each department's figures against its cycles' views and trails; the totals against the departments. */
  async function expectMatchesCycles(body: DashboardBody): Promise<void> {
    const inScope = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'].map((code) => `${p}-${code}`).sort();
    expect(body.departments.map((d) => d.code)).toEqual(inScope);
    const completions = new Map<string, { completed: number; onTime: number }>();
    for (const d of body.departments) {
      for (const kind of ['report', 'shufa'] as const) {
        const shown = d[kind];
        if (!shown) continue;
        const cycle = await view(kind, shown.cycleId);
        const audit = await trail(kind, shown.cycleId);
        const deadlines: { dueAt: string }[] = cycle.deadlines;
        expect({ id: shown.cycleId, stage: shown.stage, dueAt: shown.dueAt, overdue: shown.overdue }).toEqual({
          id: cycle.id,
          stage: cycle.stage,
          dueAt: cycle.dueAt,
          overdue: cycle.overdue,
        });
        expect(shown.nextDueAt).toBe(deadlines.map((x) => x.dueAt).sort()[0] ?? null);
        // Rework: the returns in the trail; red: an overdue event in the open stage's current visit.
        const returns = audit.filter((a) => a.action === 'stage.rejected');
        expect(shown.rework).toBe(returns.length);
        expect(cycle.rework).toBe(returns.length);
        const entered = lastIndex(
          audit,
          (a) => (a.action === 'stage.advanced' || a.action === 'stage.rejected') && a.after?.stage === cycle.stage,
        );
        const sinceEntered = audit.slice(entered + 1);
        expect({ id: shown.cycleId, red: shown.light === 'red' }).toEqual({
          id: shown.cycleId,
          red: sinceEntered.some((a) => a.action === 'stage.overdue'),
        });
        if (shown.light === 'yellow') {
          const sentBack = audit[entered]?.action === 'stage.rejected';
          expect({ id: shown.cycleId, why: sentBack || sinceEntered.some(isReminder) }).toEqual({
            id: shown.cycleId,
            why: true,
          });
        }
        if (kind === 'report') {
          // Stages advanced (per the trail) and not reopened since (per the view), on time by the view's dates.
          const advanced = new Set(audit.filter((a) => a.action === 'stage.advanced').map((a) => a.before?.stage));
          for (const s of cycle.stages as { stage: string; dueAt: string; endedAt: string | null }[]) {
            if (!s.endedAt || !advanced.has(s.stage)) continue;
            const c = completions.get(s.stage) ?? { completed: 0, onTime: 0 };
            c.completed += 1;
            if (Date.parse(s.endedAt) <= Date.parse(s.dueAt)) c.onTime += 1;
            completions.set(s.stage, c);
          }
        }
      }
    }
    for (const s of body.totals.report.onTime) {
      const c = completions.get(s.stage) ?? { completed: 0, onTime: 0 };
      expect(s).toEqual({ stage: s.stage, ...c, onTimeRate: c.completed ? c.onTime / c.completed : null });
    }
    for (const kind of ['report', 'shufa'] as const) {
      const shown = body.departments.flatMap((d) => (d[kind] ? [d[kind]] : []));
      const count = (f: (c: DashboardCycle) => boolean) => shown.filter(f).length;
      expect(body.totals[kind].cycles).toBe(shown.length);
      for (const [stage, n] of Object.entries(body.totals[kind].byStage))
        expect([stage, n]).toEqual([stage, count((c) => c.stage === stage)]);
      for (const [light, n] of Object.entries(body.totals[kind].byLight))
        expect([light, n]).toEqual([light, count((c) => c.light === light)]);
      expect(body.totals[kind].overdue).toBe(count((c) => c.overdue));
    }
  }
});

interface AuditRow {
  action: string;
  before?: { stage?: string } | null;
  after?: { stage?: string; kind?: string; dueAt?: string } | null;
}

interface DashboardCycle {
  cycleId: string;
  stage: string;
  dueAt: string | null;
  nextDueAt: string | null;
  light: string;
  overdue: boolean;
  overdueBy: string | null;
  rework: number;
  grade?: string | null;
  openItems?: number;
}

interface DashboardDepartment {
  organizationId: string;
  code: string;
  name: string;
  report: DashboardCycle | null;
  shufa: DashboardCycle | null;
}

interface KindTotals {
  cycles: number;
  byStage: Record<string, number>;
  byLight: Record<string, number>;
  overdue: number;
  onTime: { stage: string; completed: number; onTime: number; onTimeRate: number | null }[];
}

interface DashboardBody {
  departments: DashboardDepartment[];
  totals: { report: KindTotals; shufa: KindTotals };
}

const fieldName = (f: { field: string }) => f.field;
const isReminder = (a: AuditRow) => a.action === 'notice.sent' && a.after?.kind === 'reminder';

function lastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

/** Seconds of an ISO-8601 duration with days, hours, minutes, seconds. */
function parseIsoSeconds(duration: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1] ?? 0) * 86_400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}
