import { randomBytes } from 'node:crypto';
import { calendarRelativeToNow, launchBody } from './helpers/seed';
import { waitUntil } from './helpers/processes';
import { startTestSystem, TestSystem } from './helpers/test-system';

/**
 * An extension that arrives while a reminder for the old date is being sent: that reminder does not
 * count for the new date, whose own reminder still goes out at its instant.
 */
describe('a reminder out when its stage is extended', () => {
  let sys: TestSystem;
  const p = `rp${randomBytes(3).toString('hex')}`;
  const officerEmail = `officer-${p}@test.local`;

  beforeAll(async () => {
    sys = await startTestSystem();
  });

  afterAll(async () => {
    if (sys) sys.smtp.delayMs = 0;
    await sys?.stop();
  });

  it('re-plans the reminder: one for the old date, one for the new date at its own instant', async () => {
    const j = await sys.admin.post('/api/organizations', { code: `${p}-j`, name: '测试辖区', kind: 'jurisdiction' });
    const dept = await sys.admin.post('/api/organizations', {
      code: `${p}-d`,
      name: '区司法局',
      kind: 'department',
      parentId: j.body.id,
    });
    const officer = await sys.admin.post('/api/users', {
      name: '法制员',
      email: officerEmail,
      password: 'officer-pass-123',
      organizationId: dept.body.id,
      roles: ['officer'],
    });
    expect(officer.status).toBe(201);
    await sys.smtp.waitFor(() => sys.smtp.to(officerEmail).some((m) => m.subject?.startsWith('【账号开通】')), 20_000);
    const reminders = () => sys.smtp.to(officerEmail).filter((m) => m.subject?.startsWith('【截止提醒】'));

    // No divisions: drafting opens at once, due 14 s from now, reminded 6 s before.
    const body = calendarRelativeToNow(j.body.id, {
      firstMs: 4_000,
      stepMs: 10_000,
      reminders: ['PT6S'],
      escalation: { after: 'PT1H', every: 'PT1H' },
    });
    const reminderAt = Date.parse(body.due.drafting) - 6_000;
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    // A slow mail server: the round for the old date is still out when the extension comes in.
    sys.smtp.delayMs = 5_000;
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    const cycleId = `report-${body.year}-${p}-d`;
    await waitUntil(async () => Date.now() > reminderAt + 1_500, 30_000, 'the reminder round to start');
    expect(reminders()).toHaveLength(0);

    const newDue = Date.now() + 20_000;
    const extended = await sys.admin.post(`/api/report-cycles/${cycleId}/extend`, {
      stage: 'drafting',
      dueAt: new Date(newDue).toISOString(),
      reason: '材料调整，延期',
    });
    expect(extended.status).toBe(200);
    sys.smtp.delayMs = 0;

    await sys.smtp.waitFor(() => reminders().length === 1, 15_000);
    const firstAt = Date.now();
    expect(firstAt).toBeLessThan(newDue - 6_000);
    // Counted as sent, it would have left the new date without a reminder.
    await sys.smtp.waitFor(() => reminders().length === 2, 30_000);
    expect(Date.now()).toBeGreaterThanOrEqual(newDue - 6_000 - 1_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(reminders()).toHaveLength(2);
    const trail = (await sys.admin.get(`/api/report-cycles/${cycleId}/audit?limit=100`)).body.items;
    const sent = trail.filter((a: any) => a.action === 'notice.sent' && a.after?.kind === 'reminder');
    // Two notices, each keyed by the date it names.
    expect(new Set(sent.map((a: any) => a.after.key)).size).toBe(2);
  });
});
