import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFixturesDir } from './helpers/fixtures';
import { Http, HttpResult } from './helpers/http';
import { builtEntry, cleanEnv, launcherPorts, run, Running, waitHealthy, waitUntil } from './helpers/processes';
import { calendarRelativeToNow, launchBody } from './helpers/seed';

const CLIENTS = 50;
const ROUNDS = 3; // each round: advance to legality review, then reject back to drafting

/**
 * The stack `npm start` runs on its embedded defaults (PostgreSQL server from npm, Temporal dev server,
 * mail catcher, API and worker processes), under 50 clients at once doing ordinary work. Untimed: it
 * counts errors and wrong answers, which must both be zero, and then checks the audit chain.
 */
describe('npm start under load: 50 clients at once', () => {
  let launcher: Running;
  let http: Http;
  let adminPassword: string;
  const errors: string[] = [];
  const wrong: string[] = [];

  /** Every answer is checked: an unexpected status is an error, a wrong content a wrong answer. */
  function expectStatus(what: string, result: HttpResult, status: number): boolean {
    if (result.status === status) return true;
    errors.push(`${what}: ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`);
    return false;
  }
  function check(what: string, ok: boolean, got: unknown): void {
    if (!ok) wrong.push(`${what}: got ${JSON.stringify(got).slice(0, 300)}`);
  }

  beforeAll(async () => {
    const ports = await launcherPorts();
    const dataDir = mkdtempSync(join(tmpdir(), 'rol-load-'));
    launcher = run(builtEntry('launcher'), cleanEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...ports }));
    http = new Http(`http://127.0.0.1:${ports.PORT}`);
    await waitHealthy(launcher, http);
    adminPassword = readFileSync(join(dataDir, 'admin-password'), 'utf8').trim();
  }, 180_000);

  afterAll(async () => {
    launcher.child.kill('SIGTERM');
    await launcher.exited;
  });

  it('answers every request right, and the audit chain stays intact', async () => {
    const admin = await http.login('admin@rol-cycle.local', adminPassword);
    const jurisdiction = await admin.post('/api/organizations', {
      code: 'load',
      name: '负载区人民政府',
      kind: 'jurisdiction',
    });
    expect(jurisdiction.status).toBe(201);
    const report = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');

    // Phase 1, all clients at once: log in, create a department, its officer and reviewer, read lists.
    const people = await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        const code = `load-d${String(i).padStart(2, '0')}`;
        const me = await http.login('admin@rol-cycle.local', adminPassword);
        const department = await me.post('/api/organizations', {
          code,
          name: `负载测试局 ${i}`,
          kind: 'department',
          parentId: jurisdiction.body.id,
        });
        if (!expectStatus(`create ${code}`, department, 201)) return null;
        const fetched = await me.get(`/api/organizations/${department.body.id}`);
        if (expectStatus(`get ${code}`, fetched, 200)) check(`get ${code}`, fetched.body.code === code, fetched.body);
        const users: Record<'officer' | 'reviewer', Http | null> = { officer: null, reviewer: null };
        for (const role of ['officer', 'reviewer'] as const) {
          const email = `${role}-${code}@load.example.gov.cn`;
          const created = await me.post('/api/users', {
            name: `${role} ${i}`,
            email,
            password: 'load-password-1',
            organizationId: department.body.id,
            roles: [role],
          });
          if (!expectStatus(`create ${email}`, created, 201)) continue;
          check(`create ${email}`, created.body.email === email && created.body.roles[0] === role, created.body);
          users[role] = await http.login(email, 'load-password-1').catch((e: Error) => {
            errors.push(e.message);
            return null;
          });
        }
        const organizations = await me.get('/api/organizations?limit=200');
        if (expectStatus('list organizations', organizations, 200))
          check(
            `list has ${code}`,
            organizations.body.items.some((o: { id: string }) => o.id === department.body.id),
            organizations.body.total,
          );
        const listed = await me.get(`/api/users?limit=200`);
        if (expectStatus('list users', listed, 200))
          check(
            `users of ${code}`,
            listed.body.items.filter((u: { organizationId: string }) => u.organizationId === department.body.id)
              .length === 2,
            listed.body.total,
          );
        return { code, departmentId: department.body.id as string, ...users };
      }),
    );
    expect(errors).toEqual([]);
    expect(wrong).toEqual([]);

    // The year is launched once: a report cycle per department, starting at drafting (no divisions).
    const body = calendarRelativeToNow(jurisdiction.body.id, { firstMs: 30 * 86_400_000, stepMs: 86_400_000 });
    const calendar = await admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    // Its due dates may reach into a year whose holidays are not published yet (late in the year).
    expect((await admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    await waitUntil(
      async () => (await admin.get(`/api/report-cycles?year=${body.year}&limit=100`)).body.total === CLIENTS,
      120_000,
      'all cycles',
    );

    // Phase 2, all clients at once: drafts, then advance and reject their cycle, reading after each write.
    await Promise.all(
      people.map(async (person) => {
        if (!person?.officer || !person.reviewer) return;
        const cycleId = `report-${body.year}-${person.code}`;
        const draft = await person.officer.post(`/api/report-cycles/${cycleId}/drafts`, { content: report });
        if (expectStatus(`draft ${cycleId}`, draft, 201))
          check(`draft ${cycleId}`, draft.body.sectionCheck.missing.length === 0, draft.body.sectionCheck);
        for (let round = 1; round <= ROUNDS; round++) {
          const advanced = await person.officer.post(`/api/report-cycles/${cycleId}/advance`, { stage: 'drafting' });
          if (!expectStatus(`advance ${cycleId}`, advanced, 200)) return;
          check(`advance ${cycleId}`, advanced.body.stage === 'legality_review', advanced.body.stage);
          const read = await person.reviewer.get(`/api/report-cycles/${cycleId}`);
          if (expectStatus(`read ${cycleId}`, read, 200))
            check(`read after advance ${cycleId}`, read.body.stage === 'legality_review', read.body.stage);
          const tasks = await person.reviewer.get('/api/me/tasks');
          if (expectStatus('my tasks', tasks, 200))
            check(
              `reviewer's task ${cycleId}`,
              tasks.body.items.some((t: { cycleId: string }) => t.cycleId === cycleId),
              tasks.body.items,
            );
          const rejected = await person.reviewer.post(`/api/report-cycles/${cycleId}/reject`, {
            stage: 'legality_review',
            reason: `第 ${round} 轮：合法性审查意见，请修改`,
          });
          if (!expectStatus(`reject ${cycleId}`, rejected, 200)) return;
          check(`reject ${cycleId}`, rejected.body.stage === 'drafting', rejected.body.stage);
          const again = await person.officer.get(`/api/report-cycles/${cycleId}`);
          if (expectStatus(`read ${cycleId}`, again, 200))
            check(`read after reject ${cycleId}`, again.body.stage === 'drafting', again.body.stage);
        }
        const list = await person.officer.get(`/api/report-cycles?organizationId=${person.departmentId}`);
        if (expectStatus('list cycles', list, 200))
          check(
            `own cycle listed ${cycleId}`,
            list.body.items.length === 1 && list.body.items[0].id === cycleId,
            list.body,
          );
      }),
    );
    expect(errors).toEqual([]);
    expect(wrong).toEqual([]);

    // Every step of every cycle is in its trail exactly once, and the chain verifies end to end.
    await Promise.all(
      people.map(async (person) => {
        const trail = await admin.get(`/api/report-cycles/report-${body.year}-${person!.code}/audit?limit=200`);
        expect(trail.status).toBe(200);
        const actions = trail.body.items.map((e: { action: string }) => e.action);
        expect(actions.filter((a: string) => a === 'stage.rejected')).toHaveLength(ROUNDS);
        expect(actions.filter((a: string) => a === 'stage.advanced')).toHaveLength(ROUNDS);
      }),
    );
    const verified = await admin.get('/api/audit/verify');
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true });
    expect(launcher.output()).not.toMatch(/exited unexpectedly/);
  }, 600_000);
});
