import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { calendarRelativeToNow, launchBody } from './helpers/seed';
import { expectRoundFinishedOnce, recordedReminders, remindersTo } from './helpers/reminder-round';
import { Running } from './helpers/processes';
import { startTestSystem, startWorkerProcess, TestSystem } from './helpers/test-system';

const D = 24 * 3_600_000;

describe('reminder rounds survive a killed worker and a mail server outage', () => {
  let sys: TestSystem;
  let worker: Running | null = null;
  const p = `n${randomBytes(3).toString('hex')}`;

  /** A department with one division of `n` contributors; its contributions are due `dueInMs` from now. */
  const department = async (code: string, n: number, dueInMs: number, reminder: string) => {
    const j = await sys.admin.post('/api/organizations', {
      code: `${p}-${code}`,
      name: `辖区${code}`,
      kind: 'jurisdiction',
    });
    const dept = await sys.admin.post('/api/organizations', {
      code: `${p}-${code}-d`,
      name: '区市场监管局',
      kind: 'department',
      parentId: j.body.id,
    });
    const division = await sys.admin.post('/api/organizations', {
      code: `${p}-${code}-dv`,
      name: '法规科',
      kind: 'division',
      parentId: dept.body.id,
    });
    const emails: string[] = [];
    for (let i = 0; i < n; i++) {
      const email = `c${i}-${code}-${p}@test.local`;
      const created = await sys.admin.post('/api/users', {
        name: `报送人${i}`,
        email,
        password: 'contributor-pass-1',
        organizationId: division.body.id,
        roles: ['contributor'],
      });
      expect(created.status).toBe(201);
      emails.push(email);
    }
    const body = calendarRelativeToNow(j.body.id, { firstMs: dueInMs, stepMs: D, reminders: [reminder] });
    const calendar = await sys.admin.post('/api/calendars', body);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    return { emails, cycleId: `report-${body.year}-${p}-${code}-d`, reminderAt: Date.parse(body.due.contributions) };
  };
  const reminders = (email: string) => remindersTo(sys.smtp, email);
  const sql = async <T>(text: string, values: unknown[]): Promise<T[]> => {
    const db = new Client({ connectionString: sys.database.url });
    await db.connect();
    try {
      return (await db.query(text, values)).rows as T[];
    } finally {
      await db.end();
    }
  };

  beforeAll(async () => {
    sys = await startTestSystem({ inProcessWorker: false });
    worker = await startWorkerProcess(sys);
  });

  afterAll(async () => {
    sys.smtp.delayMs = 0;
    if (worker) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await sys?.stop();
  });

  it('SIGKILL in the middle of a round to 20 recipients: after restart none is missed, none recorded is sent again', async () => {
    const { emails, cycleId } = await department('kill', 20, 25_000, 'PT15S');
    await sys.smtp.waitFor((all) => all.length >= 20, 30_000); // the welcome mails
    // A slow mail server: the round takes ~6 s, long enough to be cut in the middle.
    sys.smtp.delayMs = 300;
    await sys.smtp.waitFor(() => emails.filter((e) => reminders(e).length > 0).length >= 5, 30_000);
    worker!.child.kill('SIGKILL');
    await worker!.exited;
    const sentBeforeKill = await recordedReminders(sys.database.url, cycleId);
    expect(sentBeforeKill.length).toBeGreaterThanOrEqual(4);
    expect(sentBeforeKill.length).toBeLessThan(20);

    worker = await startWorkerProcess(sys);
    await expectRoundFinishedOnce({ databaseUrl: sys.database.url, smtp: sys.smtp, cycleId, emails, sentBeforeKill });
  }, 240_000);

  it('mail server down through a round: every reminder arrives once it is back, none twice', async () => {
    sys.smtp.delayMs = 0;
    const { emails, cycleId, reminderAt } = await department('down', 5, 16_000, 'PT8S');
    const port = Number(new URL(sys.smtp.url).port);
    await sys.smtp.waitFor(() => emails.every((e) => sys.smtp.to(e).length > 0), 30_000); // welcome mails
    await sys.smtp.stop();
    await new Promise((r) => setTimeout(r, Math.max(0, reminderAt - 8_000 + 4_000 - Date.now())));
    const failed = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'notice.delivery_failed' AND subject_id = $1`,
      [cycleId],
    );
    expect(failed[0].n).toBeGreaterThan(0);
    expect(emails.every((e) => reminders(e).length === 0)).toBe(true);

    await sys.smtp.start(port);
    await sys.smtp.waitFor(() => emails.every((e) => reminders(e).length > 0), 60_000);
    await new Promise((r) => setTimeout(r, 1000));
    for (const email of emails) expect(reminders(email)).toHaveLength(1);
  }, 120_000);
});
