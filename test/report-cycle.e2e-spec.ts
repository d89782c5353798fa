import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { creditCodeCheckChar } from '@rol/domain';
import { recordHistories } from './helpers/histories';
import { reportFixturesDir } from './helpers/fixtures';
import { calendarRelativeToNow, launchBody } from './helpers/seed';
import { Http } from './helpers/http';
import { waitUntil } from './helpers/processes';
import { startTestSystem, TestSystem } from './helpers/test-system';
import { testPeople } from './helpers/people';

// Real reports, read where they live (never copied into the repository).
const REPORTS = reportFixturesDir();
const qingpu = readFileSync(join(REPORTS, 'qingpu-district-emergency-2025.txt'), 'utf8');
/** The same report without its top-level part three (the 第一责任人 section). */
const withoutFirstResponsible = (() => {
  const lines = qingpu.split('\n');
  const start = lines.findIndex((l) => l.startsWith('三、'));
  const end = lines.findIndex((l) => l.startsWith('四、'));
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
})();

const D = 24 * 3_600_000;

describe('the report cycle from collected materials to publication', () => {
  let sys: TestSystem;
  const p = `r${randomBytes(3).toString('hex')}`;
  const { as, email, user, mailsTo: mailsAbout } = testPeople(() => sys, p);
  let cycleId: string;
  let divisionA: string;
  let divisionB: string;
  let department: string;
  let otherOfficer: Http;

  const mailsTo = (who: string, prefix: string) => mailsAbout(who, prefix, cycleId);
  const state = async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body;

  beforeAll(async () => {
    sys = await startTestSystem();
    const j = await sys.admin.post('/api/organizations', {
      code: `${p}-j`,
      name: '青浦区人民政府',
      kind: 'jurisdiction',
    });
    const dept = await sys.admin.post('/api/organizations', {
      code: `${p}-yj`,
      name: '青浦区应急管理局',
      kind: 'department',
      parentId: j.body.id,
      creditCode: '11310118MB2F4043' + '2' + creditCodeCheckChar('11310118MB2F40432'),
    });
    expect(dept.status).toBe(201);
    department = dept.body.id;
    const a = await sys.admin.post('/api/organizations', {
      code: `${p}-fz`,
      name: '法制宣教科',
      kind: 'division',
      parentId: department,
    });
    const b = await sys.admin.post('/api/organizations', {
      code: `${p}-zf`,
      name: '执法大队',
      kind: 'division',
      parentId: department,
    });
    divisionA = a.body.id;
    divisionB = b.body.id;
    await user('contributorA', divisionA, ['contributor']);
    await user('contributorB', divisionB, ['contributor']);
    await user('officer', department, ['officer']);
    await user('reviewer', department, ['reviewer']);
    await user('publisher', department, ['publisher']);
    const leader = await user('leader', department, ['leader']);
    expect((await sys.admin.patch(`/api/organizations/${department}`, { principalLeaderId: leader })).status).toBe(200);
    const other = await sys.admin.post('/api/organizations', {
      code: `${p}-other`,
      name: '区民政局',
      kind: 'department',
      parentId: j.body.id,
    });
    await user('otherOfficer', other.body.id, ['officer']);
    await user('otherReviewer', other.body.id, ['reviewer']);
    otherOfficer = as.otherOfficer;
    const elsewhere = await sys.admin.post('/api/organizations', {
      code: `${p}-k`,
      name: '松江区人民政府',
      kind: 'jurisdiction',
    });
    await user('otherAdmin', elsewhere.body.id, ['admin']);
    await user('deptAdmin', department, ['admin']);

    // Contributions due in 10 s (reminder 5 s before, escalation 2 s after); later stages a minute apart.
    const body = calendarRelativeToNow(j.body.id, {
      firstMs: 10_000,
      stepMs: 60_000,
      reminders: ['PT5S'],
      escalation: { after: 'PT2S', every: 'P1D' },
    });
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody({ organizationId: department }));
    cycleId = `report-${body.year}-${p}-yj`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).status === 200,
      20_000,
      'the cycle',
    );
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('collects material from both divisions, the late one reminded and escalated, then opens drafting', async () => {
    expect((await state()).stage).toBe('contributions');
    const tasksA = (await as.contributorA.get('/api/me/tasks')).body.items;
    expect(tasksA).toEqual([expect.objectContaining({ cycleId, stage: 'contributions', action: 'contribute' })]);

    const wrongDivision = await as.contributorA.post(`/api/report-cycles/${cycleId}/contributions`, {
      divisionId: divisionB,
      content: '不是本处室的材料',
    });
    expect(wrongDivision.status).toBe(403);
    const onTime = await as.contributorA.post(`/api/report-cycles/${cycleId}/contributions`, {
      divisionId: divisionA,
      content: '法制宣教科2025年度法治建设材料',
    });
    expect(onTime.status).toBe(201);
    expect(onTime.body.stage).toBe('contributions');
    const twice = await as.contributorA.post(`/api/report-cycles/${cycleId}/contributions`, {
      divisionId: divisionA,
      content: '再交一次',
    });
    expect(twice.status).toBe(409);

    // B misses the date: reminded before it, escalated after it (A, who handed in, is not told).
    await sys.smtp.waitFor(() => mailsTo('contributorB', '【逾期督办').length === 1, 25_000);
    expect(mailsTo('contributorB', '【截止提醒】')).toHaveLength(1);
    expect(mailsTo('contributorA', '【截止提醒】')).toHaveLength(0);
    expect((await state()).overdue).toBe(true);

    const late = await as.contributorB.post(`/api/report-cycles/${cycleId}/contributions`, {
      divisionId: divisionB,
      content: '执法大队2025年度执法情况',
    });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ stage: 'drafting', overdue: false });
    expect(late.body.stages[0]).toMatchObject({ stage: 'contributions', overdueBy: expect.stringMatching(/^PT\d+S$/) });
  });

  it('refuses a draft without the 第一责任人 section, accepts the real report', async () => {
    const missing = await as.officer.post(`/api/report-cycles/${cycleId}/drafts`, { content: withoutFirstResponsible });
    expect(missing.status).toBe(201);
    expect(missing.body.version).toBe(1);
    expect(missing.body.sectionCheck.missing.map((m: any) => m.key)).toEqual(['first_responsible']);
    const refused = await as.officer.post(`/api/report-cycles/${cycleId}/advance`, {});
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('MISSING_SECTIONS');
    expect(refused.body.details.missing.map((m: any) => m.key)).toEqual(['first_responsible']);
    expect(refused.body.message).toContain('第一责任人');

    expect((await as.reviewer.post(`/api/report-cycles/${cycleId}/drafts`, { content: qingpu })).status).toBe(403);
    // Another department's officer is not told the cycle exists.
    expect((await otherOfficer.post(`/api/report-cycles/${cycleId}/drafts`, { content: qingpu })).status).toBe(404);
    const good = await as.officer.post(`/api/report-cycles/${cycleId}/drafts`, { content: qingpu });
    expect(good.body).toMatchObject({ version: 2, sectionCheck: { missing: [] } });
    expect((await as.reviewer.post(`/api/report-cycles/${cycleId}/advance`, {})).status).toBe(403);
    const advanced = await as.officer.post(`/api/report-cycles/${cycleId}/advance`, {});
    expect(advanced.status).toBe(200);
    expect(advanced.body.stage).toBe('legality_review');
  });

  it('sends it back from legality review with the reviewer’s reason, and counts the rework', async () => {
    const drafts = await as.officer.post(`/api/report-cycles/${cycleId}/drafts`, { content: qingpu });
    expect(drafts.status).toBe(409);
    expect(drafts.body.code).toBe('STAGE_MISMATCH');
    // Wrong role, wrong organisation (not told the cycle exists), wrong stage: refused before anything changes.
    expect((await as.officer.post(`/api/report-cycles/${cycleId}/reject`, { reason: 'x' })).status).toBe(403);
    expect((await as.otherReviewer.post(`/api/report-cycles/${cycleId}/reject`, { reason: 'x' })).status).toBe(404);
    expect(
      (await as.otherReviewer.post(`/api/report-cycles/${cycleId}/advance`, { stage: 'legality_review', comment: 'x' }))
        .status,
    ).toBe(404);
    const stale = await as.officer.post(`/api/report-cycles/${cycleId}/advance`, { stage: 'drafting' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    const early = await as.leader.post(`/api/report-cycles/${cycleId}/advance`, {
      stage: 'sign_off',
      meeting: { type: '局长办公会', date: '2026-01-05' },
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('STAGE_MISMATCH');
    const dueAt = new Date(Date.now() + 30 * D).toISOString();
    expect(
      (await as.officer.post(`/api/report-cycles/${cycleId}/extend`, { stage: 'sign_off', dueAt, reason: 'x' })).status,
    ).toBe(403);
    expect(
      (await as.otherAdmin.post(`/api/report-cycles/${cycleId}/extend`, { stage: 'sign_off', dueAt, reason: 'x' }))
        .status,
    ).toBe(404);
    // A department's own admin does not oversee it.
    expect(
      (await as.deptAdmin.post(`/api/report-cycles/${cycleId}/extend`, { stage: 'sign_off', dueAt, reason: 'x' }))
        .status,
    ).toBe(403);
    const ended = await sys.admin.post(`/api/report-cycles/${cycleId}/extend`, {
      stage: 'contributions',
      dueAt,
      reason: 'x',
    });
    expect(ended.status).toBe(409);
    expect(ended.body.code).toBe('STAGE_MISMATCH');

    const noReason = await as.reviewer.post(`/api/report-cycles/${cycleId}/reject`, {});
    expect(noReason.status).toBe(400);
    const rejected = await as.reviewer.post(`/api/report-cycles/${cycleId}/reject`, {
      reason: '第二部分对原因分析不够，请补充',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.stage).toBe('drafting');
    const drafting = rejected.body.stages.find((s: any) => s.stage === 'drafting');
    // Five working days after the rejection (or the calendar's date if later).
    expect(Date.parse(drafting.dueAt)).toBeGreaterThan(Date.now() + 4 * D);
    expect((await as.reviewer.post(`/api/report-cycles/${cycleId}/reject`, { reason: 'x' })).body.code).toBe(
      'STAGE_MISMATCH',
    );
    await as.officer.post(`/api/report-cycles/${cycleId}/drafts`, { content: qingpu });
    expect((await as.officer.post(`/api/report-cycles/${cycleId}/advance`, {})).body.stage).toBe('legality_review');
    expect((await as.reviewer.get('/api/me/tasks')).body.items).toEqual([
      expect.objectContaining({ kind: 'report', cycleId, stage: 'legality_review', action: 'review' }),
    ]);
    expect((await as.officer.get('/api/me/tasks')).body.items).toEqual([]);
    const noOpinion = await as.reviewer.post(`/api/report-cycles/${cycleId}/advance`, {});
    expect(noOpinion.status).toBe(400);
    expect(noOpinion.body.details.fields[0].field).toBe('comment');
    const approved = await as.reviewer.post(`/api/report-cycles/${cycleId}/advance`, {
      comment: '经审查，内容合法合规',
    });
    expect(approved.body.stage).toBe('sign_off');
  });

  it('is signed off once by the leader even when two requests arrive together', async () => {
    expect((await as.officer.post(`/api/report-cycles/${cycleId}/advance`, { stage: 'sign_off' })).status).toBe(403);
    const noMeeting = await as.leader.post(`/api/report-cycles/${cycleId}/advance`, {});
    expect(noMeeting.body.details.fields[0].field).toBe('meeting');
    const listMeeting = await as.leader.post(`/api/report-cycles/${cycleId}/advance`, {
      meeting: [{ date: '2099-01-01' }],
    });
    expect(listMeeting.status).toBe(400);
    expect(listMeeting.body.details.fields[0].field).toBe('meeting');
    // Only real dates, in the report's own time.
    for (const date of ['2026-02-30', '2026-13-45', '0000-00-00', '2000-01-01', '2099-01-01']) {
      const bad = await as.leader.post(`/api/report-cycles/${cycleId}/advance`, {
        meeting: { type: '局长办公会', date },
      });
      expect({ date, status: bad.status, field: bad.body.details?.fields?.[0]?.field }).toEqual({
        date,
        status: 400,
        field: 'meeting.date',
      });
    }
    const meeting = { type: '局长办公会', date: new Date().toISOString().slice(0, 10) };
    const [first, second] = await Promise.all([
      as.leader.post(`/api/report-cycles/${cycleId}/advance`, { stage: 'sign_off', meeting }),
      as.leader.post(`/api/report-cycles/${cycleId}/advance`, { stage: 'sign_off', meeting }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    expect([first, second].find((r) => r.status === 409)!.body.code).toBe('CONFLICT');
    expect((await state()).stage).toBe('submission');
  });

  it('is submitted and published with a generated 索引号, and listed publicly', async () => {
    const disclosureTyped = (indexNumber: string) => ({
      stage: 'publication',
      disclosure: {
        indexNumber,
        title: '青浦区应急管理局关于2025年度法治政府建设情况报告',
        issuer: '上海市青浦区应急管理局',
        signedDate: new Date().toISOString().slice(0, 10),
        topic: '综合政务/法治政府',
        openness: '主动公开',
        validity: '有效',
        summary: '总结。',
      },
    });
    const year = new Date().getFullYear();
    // Impossible dates are refused, before anything else.
    for (const [field, date] of [
      ['signedDate', '2026-13-45'],
      ['publishedDate', '0000-00-00'],
      ['publishedDate', '2026-02-30'],
    ]) {
      const typed = disclosureTyped(`12310000425011017Y/${year}-00001`);
      const bad = await as.publisher.post(`/api/report-cycles/${cycleId}/advance`, {
        ...typed,
        disclosure: { ...typed.disclosure, [field]: date },
      });
      expect({ date, status: bad.status, field: bad.body.details?.fields?.[0]?.field }).toEqual({
        date,
        status: 400,
        field: `disclosure.${field}`,
      });
    }
    // A 索引号 of another organisation's credit code is refused, whatever the stage.
    const foreign = await as.publisher.post(
      `/api/report-cycles/${cycleId}/advance`,
      disclosureTyped(`12310000425011017Y/${year}-00001`),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.details.fields[0].field).toBe('disclosure.indexNumber');
    // A step that is refused takes no number: the one typed here stays free for the real publication.
    const [{ credit_code: creditCode }] = await sys.api.deps.dataSource.query(
      'SELECT credit_code FROM organization WHERE id = $1',
      [department],
    );
    const early = await as.publisher.post(
      `/api/report-cycles/${cycleId}/advance`,
      disclosureTyped(`${creditCode}/${year}-00001`),
    );
    expect(early.status).toBe(409);
    expect(await sys.api.deps.dataSource.query('SELECT * FROM index_number WHERE cycle_id = $1', [cycleId])).toEqual(
      [],
    );
    const submitted = await as.officer.post(`/api/report-cycles/${cycleId}/advance`, {
      recipients: ['中共青浦区委', '青浦区人民政府', '上海市应急管理局', '青浦区委依法治区办'],
    });
    expect(submitted.body.stage).toBe('publication');
    const badDisclosure = await as.publisher.post(`/api/report-cycles/${cycleId}/advance`, {
      disclosure: {
        title: 'x',
        issuer: 'y',
        signedDate: '2027-02-25',
        topic: 'z',
        openness: '不予公开',
        validity: '有效',
        summary: 's',
      },
    });
    expect(badDisclosure.status).toBe(400);
    expect(badDisclosure.body.details.fields[0].field).toBe('disclosure.opennessReason');
    const published = await as.publisher.post(`/api/report-cycles/${cycleId}/advance`, {
      disclosure: {
        title: '青浦区应急管理局关于2025年度法治政府建设情况报告',
        issuer: '上海市青浦区应急管理局',
        signedDate: new Date().toISOString().slice(0, 10),
        topic: '综合政务/法治政府',
        openness: '主动公开',
        validity: '有效',
        summary: '总结2025年度法治政府建设主要举措、存在不足、主要负责人履职情况和下一年度安排。',
      },
    });
    expect(published.status).toBe(200);
    expect(published.body.stage).toBe('completed');
    const list = await sys.http.get(`/api/public/reports?organizationId=${department}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].indexNumber).toMatch(/^11310118MB2F40432.\/\d{4}-00001$/);
    // Taken with the step's write, once.
    expect(
      await sys.api.deps.dataSource.query('SELECT index_number FROM index_number WHERE cycle_id = $1', [cycleId]),
    ).toEqual([{ index_number: list.body.items[0].indexNumber }]);
    const report = await sys.http.get(`/api/public/reports/${cycleId}`);
    expect(report.body.content).toContain('第一责任人');
    expect((await as.officer.get('/api/me/tasks')).body.items).toEqual([]);
  });

  it('tells the whole story in the audit trail', async () => {
    const trail = (await sys.admin.get(`/api/report-cycles/${cycleId}/audit?limit=200`)).body.items;
    const story = trail.map((a: any) => a.action).filter((a: string) => a !== 'notice.sent');
    expect(story).toEqual([
      'cycle.launched',
      'contribution.received',
      'stage.overdue',
      'contribution.received',
      'stage.advanced',
      'draft.saved',
      'draft.saved',
      'stage.advanced',
      'stage.rejected',
      'draft.saved',
      'stage.advanced',
      'stage.advanced',
      'stage.advanced',
      'stage.advanced',
      'stage.advanced',
    ]);
    const rejected = trail.find((a: any) => a.action === 'stage.rejected');
    expect(rejected).toMatchObject({
      reason: '第二部分对原因分析不够，请补充',
      after: { stage: 'drafting', rework: 1 },
    });
    expect(rejected.actor.label).toContain(email('reviewer'));
    const overdue = trail.find((a: any) => a.action === 'stage.overdue');
    expect(overdue.after).toEqual({ stage: 'contributions', dueAt: expect.any(String), pendingDivisions: [divisionB] });
    const summary = (await sys.admin.get(`/api/report-cycles/${cycleId}/audit`)).body.overdue;
    expect(summary).toEqual([
      { stage: 'contributions', dueAt: expect.any(String), overdueBy: expect.stringMatching(/^PT\d+S$/) },
    ]);
    const lateOne = trail.filter((a: any) => a.action === 'contribution.received')[1];
    expect(lateOne.after).toMatchObject({ divisionId: divisionB, late: true });
    const notices = trail.filter((a: any) => a.action === 'notice.sent').map((a: any) => a.after.kind);
    expect(notices.sort()).toEqual(['escalation', 'reminder']);
  });

  it('records its histories for the replay test when asked (RECORD_HISTORIES=1)', async () => {
    const result = await sys.temporal.workflow.getHandle(cycleId).result();
    expect(result.stage).toBe('completed');
    const launch = (await sys.admin.get(`/api/calendars`)).body.items[0];
    await recordHistories(sys, [
      ['report-cycle', cycleId],
      ['launch-calendar', `launch-${launch.id}-${department}`],
    ]);
  });
});
