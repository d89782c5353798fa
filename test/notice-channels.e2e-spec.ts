import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { Http } from './helpers/http';
import { calendarRelativeToNow, launchBody } from './helpers/seed';
import { waitUntil } from './helpers/processes';
import { testPeople } from './helpers/people';
import { RobotReceiver } from './helpers/robot-receiver';
import { startTestSystem, TestSystem } from './helpers/test-system';

const REMINDER = '【截止提醒】';
const ESCALATION = '【逾期督办·第1次】';

/**
 * A department's reminders and escalations also go to its mailbox and its DingTalk and WeCom group
 * robots (real HTTP receivers on 127.0.0.1 that check what the real ones check): each channel gets
 * each notice once, a robot that fails is retried without resending what went through, and the
 * people's mail still arrives.
 */
describe('notice channels: a department’s mailbox and group robots', () => {
  let sys: TestSystem;
  const robots = new RobotReceiver();
  const p = `c${randomBytes(3).toString('hex')}`;
  const { as, email, user, mailsTo: mailsAbout, organization } = testPeople(() => sys, p);
  let jurisdiction: string;
  const dept: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };
  const cycle = (code: string, year: number) => `report-${year}-${p}-${code}`;
  let cycles: Record<'a' | 'b' | 'c', string>;
  const secrets = {
    a: `SECa${randomBytes(24).toString('hex')}`,
    b: `SECb${randomBytes(24).toString('hex')}`,
    c: `SECc${randomBytes(24).toString('hex')}`,
  };
  const tokens = { a: `tok${randomBytes(16).toString('hex')}`, wa: `key${randomBytes(16).toString('hex')}` };
  const mailbox = `office-a-${p}@test.local`;

  const put = (who: Http, id: string, body: unknown) =>
    who.request('PUT', `/api/organizations/${id}/channels`, { body });
  const sql = async <T>(text: string, values: unknown[]): Promise<T[]> => {
    const db = new Client({ connectionString: sys.database.url });
    await db.connect();
    try {
      return (await db.query(text, values)).rows as T[];
    } finally {
      await db.end();
    }
  };
  const trail = async (cycleId: string) =>
    (await sys.admin.get(`/api/report-cycles/${cycleId}/audit?limit=200`)).body.items as {
      action: string;
      after: Record<string, unknown>;
    }[];
  /** Long enough for a repeat to have shown up, had one been sent. */
  const settle = () => new Promise((r) => setTimeout(r, 3_000));

  beforeAll(async () => {
    sys = await startTestSystem();
    await robots.start();
    jurisdiction = await organization('j', '青浦区人民政府', 'jurisdiction');
    dept.a = await organization('a', '青浦区应急管理局', 'department', jurisdiction);
    dept.b = await organization('b', '青浦区市场监督管理局', 'department', jurisdiction);
    dept.c = await organization('c', '青浦区生态环境局', 'department', jurisdiction);
    await user('adminJ', jurisdiction, ['admin']);
    await user('officerA', dept.a, ['officer']);
    await user('officerB', dept.b, ['officer']);
    await user('officerC', dept.c, ['officer']);

    // An admin of the jurisdiction above sets each department's channels (C's DingTalk secret is wrong).
    const setA = await put(as.adminJ, dept.a, {
      email: mailbox,
      dingtalk: { webhook: robots.dingtalk('a', tokens.a, secrets.a), secret: secrets.a },
      wecom: { webhook: robots.wecom('wa', tokens.wa) },
    });
    expect(setA.status).toBe(200);
    const setB = await put(as.adminJ, dept.b, {
      dingtalk: { webhook: robots.dingtalk('b', 'token-of-b-robot', secrets.b), secret: secrets.b },
      wecom: { webhook: robots.wecom('wb', 'key-of-b-robot') },
    });
    expect(setB.status).toBe(200);
    robots.failNext('b', 1); // B's DingTalk robot is down for the first message
    const setC = await put(as.adminJ, dept.c, {
      dingtalk: { webhook: robots.dingtalk('c', 'token-of-c-robot', secrets.c), secret: `${secrets.c}-typo` },
    });
    expect(setC.status).toBe(200);

    // Drafting (departments without divisions start there) is due in ~20 s: reminded 8 s before,
    // escalated 2 s after.
    const body = calendarRelativeToNow(jurisdiction, {
      firstMs: 5_000,
      stepMs: 15_000,
      reminders: ['PT8S'],
      escalation: { after: 'PT2S', every: 'P1D' },
    });
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    cycles = { a: cycle('a', body.year), b: cycle('b', body.year), c: cycle('c', body.year) };
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycles.c}`)).status === 200,
      30_000,
      'the cycles',
    );
  }, 120_000);

  afterAll(async () => {
    await sys?.stop();
    await robots.stop();
  });

  it('refuses bad channels naming the field, and non-admins; shows no secret', async () => {
    const d = await organization('d', '青浦区司法局', 'department', jurisdiction);
    const fieldsOf = (r: { body: { details?: { fields?: { field: string }[] } } }) =>
      (r.body.details?.fields ?? []).map((f) => f.field);
    const refused = async (body: unknown, fields: string[]) => {
      const answer = await put(sys.admin, d, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(answer)).toEqual(fields);
    };
    await refused({ dingtalk: { webhook: 'https://oapi.dingtalk.com/robot/send?access_token=x' } }, [
      'dingtalk.secret',
    ]);
    await refused({ dingtalk: { webhook: 'ftp://oapi.dingtalk.com/robot/send', secret: 'SEC1' } }, [
      'dingtalk.webhook',
    ]);
    await refused({ wecom: { webhook: 'http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' } }, ['wecom.webhook']);
    await refused({ wecom: { webhook: 'not a url' } }, ['wecom.webhook']);
    await refused({ wecom: {} }, ['wecom.webhook']);
    await refused({ email: 'not-an-address' }, ['email']);
    await refused({ dingtalk: 'https://oapi.dingtalk.com/robot/send' }, ['dingtalk']);
    await refused({ slack: { webhook: 'https://hooks.slack.com/x' } }, ['slack']);
    // Notices go to a cycle's own department: a jurisdiction has no channels.
    const onJurisdiction = await put(sys.admin, jurisdiction, { email: 'office@test.local' });
    expect(onJurisdiction.status).toBe(400);
    expect(fieldsOf(onJurisdiction)).toEqual(['id']);

    // Only an admin at or above the organisation.
    const officerPut = await put(as.officerA, dept.a, { email: 'mine@test.local' });
    expect(officerPut.status).toBe(403);
    expect(officerPut.body.code).toBe('FORBIDDEN');
    expect((await as.officerA.get(`/api/organizations/${dept.a}/channels`)).status).toBe(403);

    // Nothing refused was kept.
    const untouched = await sys.admin.get(`/api/organizations/${d}/channels`);
    expect(untouched.status).toBe(200);
    expect(untouched.body).toMatchObject({ organizationId: d, email: null, dingtalk: null, wecom: null });

    // The view says a secret is set, never what it is; the robots' tokens are masked.
    const view = await as.adminJ.get(`/api/organizations/${dept.a}/channels`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      email: mailbox,
      dingtalk: { secretSet: true, webhook: expect.stringMatching(/access_token=\*{4}.{4}$/) },
      wecom: { webhook: expect.stringMatching(/key=\*{4}.{4}$/) },
    });
    const shown = JSON.stringify(view.body);
    for (const hidden of [secrets.a, tokens.a, tokens.wa]) expect(shown).not.toContain(hidden);
    // Nor is the secret in the audit trail, which records that it was set.
    const audit = await sql<{ before: unknown; after: { dingtalkSecretChanged?: boolean } }>(
      `SELECT before, after FROM audit_log WHERE action = 'organization.channels_updated' AND subject_id = $1`,
      [dept.a],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].after.dingtalkSecretChanged).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(secrets.a);
    // The system admin may change them too; null clears a channel.
    const cleared = await put(sys.admin, d, { email: 'sfj@test.local', wecom: null });
    expect(cleared.body).toMatchObject({ email: 'sfj@test.local', dingtalk: null, wecom: null });
  });

  it('changes some channels with PATCH, keeping those left out as they were (the secret too)', async () => {
    const e = await organization('e', '青浦区财政局', 'department', jurisdiction);
    const patch = (who: Http, body: unknown) => who.request('PATCH', `/api/organizations/${e}/channels`, { body });
    const stored = async () =>
      (
        await sql<{ email: string | null; dingtalk_secret: string | null; wecom_webhook: string | null }>(
          `SELECT email, dingtalk_secret, wecom_webhook FROM notice_channel WHERE organization_id = $1`,
          [e],
        )
      )[0];
    const secret = `SECe${randomBytes(24).toString('hex')}`;
    const dingtalk = { webhook: robots.dingtalk('e', 'token-of-e-robot', secret), secret };
    const wecom = { webhook: robots.wecom('we', 'key-of-e-robot') };
    // On a department with none yet, a PATCH sets what it names.
    const first = await patch(as.adminJ, { dingtalk, wecom });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      email: null,
      dingtalk: { secretSet: true },
      wecom: { webhook: expect.any(String) },
    });

    const mailOnly = await patch(as.adminJ, { email: 'czj@test.local' });
    expect(mailOnly.status).toBe(200);
    expect(mailOnly.body).toEqual({ ...first.body, email: 'czj@test.local', updatedAt: expect.any(String) });
    expect(await stored()).toEqual({ email: 'czj@test.local', dingtalk_secret: secret, wecom_webhook: wecom.webhook });

    // null removes one; a bad value is refused naming its field and changes nothing.
    const noWecom = await patch(as.adminJ, { wecom: null });
    expect(noWecom.body).toMatchObject({ email: 'czj@test.local', dingtalk: first.body.dingtalk, wecom: null });
    const bad = await patch(as.adminJ, { email: null, dingtalk: { webhook: 'ftp://x', secret: 'SEC1' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['dingtalk.webhook']);
    expect(await stored()).toEqual({ email: 'czj@test.local', dingtalk_secret: secret, wecom_webhook: null });
    expect((await patch(as.officerA, { email: null })).status).toBe(403);

    // Each change is in the trail; only the first set the secret.
    const audit = await sql<{ after: { email: string | null; dingtalkSecretChanged?: boolean } }>(
      `SELECT after FROM audit_log WHERE action = 'organization.channels_updated' AND subject_id = $1 ORDER BY id`,
      [e],
    );
    expect(audit.map((a) => [a.after.email, a.after.dingtalkSecretChanged ?? false])).toEqual([
      [null, true],
      ['czj@test.local', false],
      ['czj@test.local', false],
    ]);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('sends each reminder and escalation once to the mailbox and each robot, signed; the people’s mail still arrives', async () => {
    await waitUntil(
      async () => robots.accepted('a', ESCALATION).length > 0 && robots.accepted('wa', ESCALATION).length > 0,
      60_000,
      'the escalation at the robots',
    );
    await sys.smtp.waitFor(() => sys.smtp.to(mailbox).filter((m) => m.subject?.startsWith(ESCALATION)).length > 0);
    await settle();

    for (const robot of ['a', 'wa']) {
      const [reminder] = robots.accepted(robot, REMINDER);
      expect(robots.accepted(robot, REMINDER)).toHaveLength(1);
      expect(robots.accepted(robot, ESCALATION)).toHaveLength(1);
      // The same content as the mail: the subject and its key lines, in Chinese.
      expect(reminder.title).toContain('青浦区应急管理局');
      expect(reminder.title).toContain('「起草」阶段将于');
      expect(reminder.text).toContain(`周期编号：${cycles.a}`);
      // What the department is asked, and the console page for it.
      expect(reminder.text).toContain('请本单位法制工作人员提交报告草稿。请在截止前完成');
      expect(reminder.text).toContain(`[前往处理](${sys.config.publicUrl}/report-cycles/${cycles.a}?action=draft)`);
      // Every message was taken: the signature and the key were right the first time.
      expect(robots.calls.filter((c) => c.robot === robot && c.errcode !== 0)).toEqual([]);
    }
    const [mailedReminder] = mailsAbout('officerA', REMINDER, cycles.a);
    expect(mailedReminder.subject).toBe(robots.accepted('a', REMINDER)[0].title);
    expect(mailsAbout('officerA', ESCALATION, cycles.a)).toHaveLength(1);
    expect(sys.smtp.to(email('officerA')).filter((m) => m.subject?.startsWith(REMINDER))).toHaveLength(1);
    const office = sys.smtp.to(mailbox);
    expect(office.filter((m) => m.subject?.startsWith(REMINDER))).toHaveLength(1);
    expect(office.filter((m) => m.subject?.startsWith(ESCALATION))).toHaveLength(1);
    expect(office[0].text).toContain('青浦区应急管理局，您好');

    // Each channel's notice is recorded and audited like a mail, the robots' tokens masked.
    const rows = await sql<{ key: string; channel: string; recipient_email: string; status: string }>(
      `SELECT key, channel, recipient_email, status FROM notice WHERE key LIKE $1 ORDER BY key`,
      [`%:${cycles.a}:%`],
    );
    expect(rows.filter((r) => r.key.endsWith(':channel-dingtalk')).map((r) => r.channel)).toEqual([
      'dingtalk',
      'dingtalk',
    ]);
    expect(rows.filter((r) => r.key.endsWith(':channel-wecom'))).toHaveLength(2);
    expect(rows.filter((r) => r.key.endsWith(':channel-email')).map((r) => r.recipient_email)).toEqual([
      mailbox,
      mailbox,
    ]);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(tokens.a);
    const sent = (await trail(cycles.a)).filter((a) => a.action === 'notice.sent');
    expect(sent.filter((a) => a.after.channel === 'dingtalk').map((a) => a.after.kind)).toEqual([
      'reminder',
      'escalation',
    ]);
    expect(sent.filter((a) => a.after.channel === 'wecom')).toHaveLength(2);
  }, 120_000);

  it('retries a robot that answered 500 until it takes the message, without sending it or the other robot twice', async () => {
    await waitUntil(
      async () => robots.accepted('b', ESCALATION).length > 0 && robots.accepted('wb', ESCALATION).length > 0,
      90_000,
      'B’s escalation at the robots',
    );
    await settle();
    // The first try at B's DingTalk robot failed; the retried round sent it once and left WeCom alone.
    const dingtalkReminders = robots.calls.filter((c) => c.robot === 'b' && c.title.startsWith(REMINDER));
    expect(dingtalkReminders.map((c) => c.status)).toEqual([500, 200]);
    expect(robots.accepted('b', REMINDER)).toHaveLength(1);
    expect(robots.accepted('b', ESCALATION)).toHaveLength(1);
    const wecomCalls = robots.calls.filter((c) => c.robot === 'wb');
    expect(wecomCalls.map((c) => [c.title.startsWith(REMINDER) || c.title.startsWith(ESCALATION), c.status])).toEqual([
      [true, 200],
      [true, 200],
    ]);
    expect(wecomCalls[0].title.startsWith(REMINDER)).toBe(true);
    expect(mailsAbout('officerB', REMINDER, cycles.b)).toHaveLength(1);

    const audit = await trail(cycles.b);
    const failed = audit.filter((a) => a.action === 'notice.delivery_failed');
    expect(failed).toEqual([
      expect.objectContaining({
        after: expect.objectContaining({ channel: 'dingtalk', kind: 'reminder', error: '钉钉机器人返回 HTTP 500' }),
      }),
    ]);
    const sentReminders = audit.filter((a) => a.action === 'notice.sent' && a.after.kind === 'reminder');
    expect(sentReminders.map((a) => a.after.channel ?? 'mail').sort()).toEqual(['dingtalk', 'mail', 'wecom']);
    const [row] = await sql<{ attempts: number; status: string }>(
      `SELECT attempts, status FROM notice WHERE key LIKE $1`,
      [`reminder:${cycles.b}:%:channel-dingtalk`],
    );
    expect(row).toEqual({ attempts: 2, status: 'sent' });
  }, 120_000);

  it('keeps retrying a robot that refuses the signature (errcode ≠ 0) until its secret is corrected, then sends once', async () => {
    await waitUntil(
      async () =>
        (await trail(cycles.c)).some((a) => a.action === 'notice.delivery_failed' && a.after.channel === 'dingtalk'),
      60_000,
      'C’s refused reminder',
    );
    const refused = robots.calls.filter((c) => c.robot === 'c');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((c) => c.errcode === 310000)).toBe(true);
    const failed = (await trail(cycles.c)).find((a) => a.action === 'notice.delivery_failed')!;
    expect(failed.after.error).toBe('钉钉机器人拒收：errcode 310000 sign not match');
    expect(mailsAbout('officerC', REMINDER, cycles.c)).toHaveLength(1);

    const fixed = await put(as.adminJ, dept.c, {
      dingtalk: { webhook: robots.dingtalk('c', 'token-of-c-robot', secrets.c), secret: secrets.c },
    });
    expect(fixed.status).toBe(200);
    await waitUntil(async () => robots.accepted('c', ESCALATION).length > 0, 90_000, 'C’s escalation');
    await settle();
    expect(robots.accepted('c', REMINDER)).toHaveLength(1);
    expect(robots.accepted('c', ESCALATION)).toHaveLength(1);
    expect(mailsAbout('officerC', REMINDER, cycles.c)).toHaveLength(1);
  }, 150_000);
});
