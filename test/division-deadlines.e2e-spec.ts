import { randomBytes, randomUUID } from 'node:crypto';
import { recordHistories } from './helpers/histories';
import { calendarRelativeToNow, launchBody } from './helpers/seed';
import { waitUntil } from './helpers/processes';
import { startTestSystem, TestSystem } from './helpers/test-system';
import { testPeople } from './helpers/people';

/**
 * Each division's part of the material is a deadline item of its own: an admin extends one
 * division, and only that division's reminders, overdue event and escalations move.
 */
describe('a division’s part as a deadline of its own', () => {
  let sys: TestSystem;
  const p = `d${randomBytes(3).toString('hex')}`;
  const { as, user, mailsTo: mailsAbout } = testPeople(() => sys, p);
  let cycleId: string;
  let divisionA: string;
  let divisionB: string;
  let contributionsDue: number;

  const mailsTo = (who: string, prefix: string) => mailsAbout(who, prefix, cycleId);

  beforeAll(async () => {
    // Behind a reverse proxy under a path of its own: notices link there.
    sys = await startTestSystem({ env: { PUBLIC_URL: 'https://fzzf.example.gov.cn/rol/' } });
    const j = await sys.admin.post('/api/organizations', {
      code: `${p}-j`,
      name: '嘉定区人民政府',
      kind: 'jurisdiction',
    });
    const dept = await sys.admin.post('/api/organizations', {
      code: `${p}-sw`,
      name: '嘉定区商务委员会',
      kind: 'department',
      parentId: j.body.id,
    });
    const a = await sys.admin.post('/api/organizations', {
      code: `${p}-a`,
      name: '市场监管科',
      kind: 'division',
      parentId: dept.body.id,
    });
    const b = await sys.admin.post('/api/organizations', {
      code: `${p}-b`,
      name: '综合执法队',
      kind: 'division',
      parentId: dept.body.id,
    });
    divisionA = a.body.id;
    divisionB = b.body.id;
    await user('contributorA', divisionA, ['contributor']);
    await user('contributorB', divisionB, ['contributor']);
    await user('officer', dept.body.id, ['officer']);

    // Contributions due in 12 s (reminder 5 s before, escalation 2 s after it).
    const body = calendarRelativeToNow(j.body.id, {
      firstMs: 12_000,
      stepMs: 600_000,
      reminders: ['PT5S'],
      escalation: { after: 'PT2S', every: 'P1D' },
    });
    contributionsDue = Date.parse(body.due.contributions as string);
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody({ organizationId: dept.body.id }));
    cycleId = `report-${body.year}-${p}-sw`;
    await waitUntil(async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).status === 200, 20_000, 'cycle');
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('extends one division only, and refuses what cannot be extended', async () => {
    const url = `/api/report-cycles/${cycleId}/extend`;
    const later = new Date(contributionsDue + 600_000).toISOString();
    const notOurs = await sys.admin.post(url, { divisionId: randomUUID(), dueAt: later, reason: '人员调整' });
    expect(notOurs.status).toBe(400);
    expect(notOurs.body.code).toBe('VALIDATION_FAILED');
    const wrongStage = await sys.admin.post(url, {
      stage: 'drafting',
      divisionId: divisionB,
      dueAt: later,
      reason: 'x',
    });
    expect(wrongStage.status).toBe(400);
    expect((await as.officer.post(url, { divisionId: divisionB, dueAt: later, reason: '人员调整' })).status).toBe(403);

    const extended = await sys.admin.post(url, { divisionId: divisionB, dueAt: later, reason: '综合执法队人员调整' });
    expect(extended.status).toBe(200);
    // The stage keeps its date; the view lists each division's deadline with what is still to fire.
    expect(Date.parse(extended.body.dueAt)).toBe(contributionsDue);
    expect(extended.body.deadlines).toEqual([
      expect.objectContaining({
        item: { kind: 'contribution', divisionId: divisionA },
        dueAt: new Date(contributionsDue).toISOString(),
        overdue: false,
        reminders: [{ offset: 'PT5S', at: new Date(contributionsDue - 5_000).toISOString() }],
      }),
      expect.objectContaining({ item: { kind: 'contribution', divisionId: divisionB }, dueAt: later }),
    ]);
    const tasksB = (await as.contributorB.get('/api/me/tasks')).body.items;
    expect(tasksB).toEqual([
      expect.objectContaining({ cycleId, action: 'contribute', divisionId: divisionB, dueAt: later }),
    ]);
  });

  it('reminds and escalates the division still on the stage’s date; the extended one is left alone', async () => {
    await sys.smtp.waitFor(() => mailsTo('contributorA', '【逾期督办').length === 1, 30_000);
    const [reminder] = mailsTo('contributorA', '【截止提醒】');
    expect(reminder.subject).toContain('市场监管科的材料');
    // It asks the division for its part and links to the console page where it is handed in.
    const link = `https://fzzf.example.gov.cn/rol/report-cycles/${cycleId}?action=contribute&divisionId=${divisionA}`;
    expect(reminder.text).toContain('请提交本处室的材料。请在截止前完成');
    expect(reminder.text).toContain(`前往处理：${link}`);
    // The HTML part's button: a coloured table cell holding the link.
    const button = reminder.html
      ? reminder.html.match(/<td[^>]*bgcolor[^>]*>\s*<a href="([^"]+)"[^>]*>前往处理<\/a>/)
      : null;
    expect(button?.[1]).toBe(link.replace('&', '&amp;'));
    const [escalation] = mailsTo('contributorA', '【逾期督办');
    expect(escalation.text).toContain('请提交本处室的材料。');
    expect(escalation.text).toContain(`前往处理：${link}`);
    expect(mailsTo('contributorB', '【截止提醒】')).toHaveLength(0);
    expect(mailsTo('contributorB', '【逾期督办')).toHaveLength(0);

    const view = (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body;
    expect(view.overdue).toBe(true);
    expect(view.deadlines.map((d: { overdue: boolean }) => d.overdue)).toEqual([true, false]);

    const trail = (await sys.admin.get(`/api/report-cycles/${cycleId}/audit?limit=200`)).body.items;
    const overdue = trail.filter((a: { action: string }) => a.action === 'stage.overdue');
    expect(overdue.map((a: { after: unknown }) => a.after)).toEqual([
      { stage: 'contributions', dueAt: new Date(contributionsDue).toISOString(), pendingDivisions: [divisionA] },
    ]);
    const extended = trail.find((a: { action: string }) => a.action === 'cycle.extended');
    expect(extended).toMatchObject({
      reason: '综合执法队人员调整',
      after: { stage: 'contributions', divisionId: divisionB },
    });

    // A hands in late, B on time against its own date: only A is recorded late; collection closes.
    const lateA = await as.contributorA.post(`/api/report-cycles/${cycleId}/contributions`, {
      divisionId: divisionA,
      content: '市场监管科材料',
    });
    expect(lateA.status).toBe(201);
    expect(lateA.body).toMatchObject({ stage: 'contributions', overdue: false });
    const onTimeB = await as.contributorB.post(`/api/report-cycles/${cycleId}/contributions`, {
      divisionId: divisionB,
      content: '综合执法队材料',
    });
    expect(onTimeB.body.stage).toBe('drafting');
    const received = (await sys.admin.get(`/api/report-cycles/${cycleId}/audit?limit=200`)).body.items.filter(
      (a: { action: string }) => a.action === 'contribution.received',
    );
    expect(received.map((a: { after: unknown }) => a.after)).toEqual([
      { divisionId: divisionA, late: true },
      { divisionId: divisionB, late: false },
    ]);
  });

  it('records its history for the replay test when asked (RECORD_HISTORIES=1)', async () => {
    const cancelled = await sys.admin.post(`/api/report-cycles/${cycleId}/cancel`, { reason: '测试结束' });
    expect(cancelled.body.stage).toBe('cancelled');
    await sys.temporal.workflow.getHandle(cycleId).result();
    await recordHistories(sys, [['report-cycle-division-items', cycleId]]);
  });
});
