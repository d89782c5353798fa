import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { freePort } from '@rol/devstack';
import { reportFixturesDir } from './helpers/fixtures';
import { Http } from './helpers/http';
import { builtEntry, cleanEnv, run, Running, waitHealthy, waitUntil } from './helpers/processes';
import { calendarRelativeToNow, launchBody } from './helpers/seed';
import { expectRoundFinishedOnce, recordedReminders, remindersTo } from './helpers/reminder-round';
import { SmtpCapture } from './helpers/smtp-capture';
import { createTestDatabase, TestDatabase } from './helpers/test-database';
import { ADMIN, temporalAddress } from './helpers/test-system';

const D = 24 * 3_600_000;

/**
 * Scale-out as the README describes it: two API processes and two worker processes against one
 * Temporal server and one PostgreSQL database, nothing shared between them but those two (and the
 * JWT secret). Steps go through either API; a worker killed mid-round is taken over by the other.
 */
describe('two APIs and two workers on one Temporal server and one database', () => {
  let database: TestDatabase;
  const smtp = new SmtpCapture();
  const taskQueue = `scale-${randomBytes(4).toString('hex')}`;
  const processes: Running[] = [];
  const apis: Http[] = [];
  const workers: Running[] = [];
  let temporal: TemporalClient;
  let connection: Connection;
  const p = `s${randomBytes(3).toString('hex')}`;

  const env = (extra: Record<string, string>) =>
    cleanEnv({
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_URL: smtp.url,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: 'scale-out-test-secret-0123456789',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rol-scale-')),
      ...extra,
    });

  async function startWorker(): Promise<Running> {
    const worker = run(builtEntry('worker'), env({}));
    processes.push(worker);
    await waitUntil(async () => worker.output().includes('Worker polling'), 60_000, 'a worker to start');
    workers.push(worker);
    return worker;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await smtp.start();
    // Both APIs start at once: the migrations run once (advisory lock), the other waits for them.
    await Promise.all(
      [0, 1].map(async () => {
        const port = await freePort();
        const api = run(builtEntry('api'), env({ PORT: String(port) }));
        processes.push(api);
        const http = new Http(`http://127.0.0.1:${port}`);
        await waitHealthy(api, http, 60_000);
        apis.push(http);
      }),
    );
    await Promise.all([startWorker(), startWorker()]);
    connection = await Connection.connect({ address: temporalAddress() });
    temporal = new TemporalClient({ connection });
  }, 120_000);

  afterAll(async () => {
    smtp.delayMs = 0;
    for (const running of processes) {
      if (running.child.exitCode === null && running.child.signalCode === null) {
        running.child.kill('SIGTERM');
        await running.exited;
      }
    }
    await connection?.close();
    await smtp.stop();
    await database?.drop();
  });

  it('takes steps through either API: a token of one is honoured by the other, each reads what the other wrote', async () => {
    const [a, b] = apis;
    const adminA = await a.login(ADMIN.email, ADMIN.password);
    const adminB = adminA.via(b);
    const j = await adminA.post('/api/organizations', { code: `${p}-j`, name: '青浦区人民政府', kind: 'jurisdiction' });
    expect(j.status).toBe(201);
    const dept = await adminB.post('/api/organizations', {
      code: `${p}-yj`,
      name: '青浦区应急管理局',
      kind: 'department',
      parentId: j.body.id,
    });
    expect(dept.status).toBe(201);
    for (const [role, api] of [
      ['officer', adminA],
      ['reviewer', adminB],
    ] as const) {
      const created = await api.post('/api/users', {
        name: role,
        email: `${role}-${p}@test.local`,
        password: 'scale-pass-123',
        organizationId: dept.body.id,
        roles: [role],
      });
      expect(created.status).toBe(201);
    }
    const officerA = await a.login(`officer-${p}@test.local`, 'scale-pass-123');
    const reviewerB = await b.login(`reviewer-${p}@test.local`, 'scale-pass-123');
    const body = calendarRelativeToNow(j.body.id, { firstMs: 30 * D, stepMs: D });
    const calendar = await adminB.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    // Its due dates may reach into a year whose holidays are not published yet (late in the year).
    expect((await adminA.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    const cycleId = `report-${body.year}-${p}-yj`;
    await waitUntil(
      async () => (await adminB.get(`/api/report-cycles/${cycleId}`)).status === 200,
      30_000,
      'the cycle',
    );

    const report = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');
    expect((await officerA.post(`/api/report-cycles/${cycleId}/drafts`, { content: report })).status).toBe(201);
    for (let round = 0; round < 3; round++) {
      // Alternate which API takes each step; the other must see it at once.
      const [write, read] = round % 2 === 0 ? [a, b] : [b, a];
      const officer = officerA.via(write);
      const reviewer = reviewerB.via(write);
      const advanced = await officer.post(`/api/report-cycles/${cycleId}/advance`, { stage: 'drafting' });
      expect(advanced.status).toBe(200);
      expect(advanced.body.stage).toBe('legality_review');
      const seen = await reviewerB.via(read).get(`/api/report-cycles/${cycleId}`);
      expect(seen.body.stage).toBe('legality_review');
      const rejected = await reviewer.post(`/api/report-cycles/${cycleId}/reject`, {
        stage: 'legality_review',
        reason: '请补充第一责任人履职情况的具体事例',
      });
      expect(rejected.status).toBe(200);
      expect(rejected.body.stage).toBe('drafting');
      expect((await officerA.via(read).get(`/api/report-cycles/${cycleId}`)).body.stage).toBe('drafting');
    }
    // Two sign-offs of the same stage at once, one through each API: exactly one succeeds.
    const both = await Promise.all(
      [a, b].map((api) => officerA.via(api).post(`/api/report-cycles/${cycleId}/advance`, { stage: 'drafting' })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
  }, 120_000);

  it('a worker killed with SIGKILL in the middle of a reminder round: the other finishes it, nothing lost or doubled', async () => {
    const admin = await apis[0].login(ADMIN.email, ADMIN.password);
    const j = await admin.post('/api/organizations', { code: `${p}-k`, name: '松江区人民政府', kind: 'jurisdiction' });
    const dept = await admin.post('/api/organizations', {
      code: `${p}-k-d`,
      name: '松江区市场监管局',
      kind: 'department',
      parentId: j.body.id,
    });
    const division = await admin.post('/api/organizations', {
      code: `${p}-k-dv`,
      name: '法规科',
      kind: 'division',
      parentId: dept.body.id,
    });
    const emails: string[] = [];
    for (let i = 0; i < 20; i++) {
      const email = `c${i}-${p}@test.local`;
      const created = await admin.via(apis[i % 2]).post('/api/users', {
        name: `报送人${i}`,
        email,
        password: 'contributor-pass-1',
        organizationId: division.body.id,
        roles: ['contributor'],
      });
      expect(created.status).toBe(201);
      emails.push(email);
    }
    await smtp.waitFor(() => emails.every((e) => smtp.to(e).length > 0), 60_000); // welcome mails
    const body = calendarRelativeToNow(j.body.id, { firstMs: 25_000, stepMs: D, reminders: ['PT15S'] });
    const calendar = await admin.post('/api/calendars', body);
    expect((await admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    const cycleId = `report-${body.year}-${p}-k-d`;

    // A slow mail server: the round takes ~6 s, long enough to be cut in the middle.
    smtp.delayMs = 300;
    await smtp.waitFor(() => emails.filter((e) => remindersTo(smtp, e).length > 0).length >= 5, 60_000);
    // The worker running the round is the one named by the pending activity (identity pid@host).
    const description = await temporal.workflow.getHandle(cycleId).describe();
    const pending = description.raw.pendingActivities ?? [];
    const identity = pending.find((a) => a.activityType?.name === 'remindStage')?.lastWorkerIdentity ?? '';
    const pid = Number(identity.split('@')[0]);
    const victim = workers.find((w) => w.child.pid === pid);
    if (!victim) throw new Error(`the round runs on no worker of ours: ${identity}`);
    const survivor = workers.find((w) => w !== victim)!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    const sentBeforeKill = await recordedReminders(database.url, cycleId);
    expect(sentBeforeKill.length).toBeLessThan(20);

    // No restart: the surviving worker takes the round over once the killed one's heartbeat lapses.
    await expectRoundFinishedOnce({ databaseUrl: database.url, smtp: smtp, cycleId, emails, sentBeforeKill });
    expect(survivor.child.exitCode).toBeNull();
    const verified = await admin.get('/api/audit/verify');
    expect(verified.body).toMatchObject({ ok: true });
  }, 300_000);
});
