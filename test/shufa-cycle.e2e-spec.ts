import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shanghaiDate } from '@rol/domain';
import { reportFixturesDir } from './helpers/fixtures';
import { recordHistories } from './helpers/histories';
import { testPeople } from './helpers/people';
import { waitUntil } from './helpers/processes';
import { shufaReportText } from './helpers/shufa-report';
import { startTestSystem, TestSystem } from './helpers/test-system';
import { launchBody } from './helpers/seed';

const S = 1000;
const REPORT = ['contributions', 'drafting', 'legality_review', 'sign_off', 'submission', 'publication'];

/**
 * A principal leader's 述法 on the real API, Temporal, PostgreSQL and SMTP, due dates seconds apart:
 * writing with its content check, materials returned once, 现场述法 with its meeting, five evaluators
 * of whom one is late and recorded missing when the evaluation closes at its due date.
 */
describe('the 述法 cycle: writing, materials review, 现场述法 and evaluation', () => {
  let sys: TestSystem;
  const p = `s${randomBytes(3).toString('hex')}`;
  const { as, user, mailsTo, organization } = testPeople(() => sys, p);
  const evaluators = ['eva1', 'eva2', 'eva3', 'eva4', 'eva5'];
  const ids: Record<string, string> = {};
  let cycleId: string;
  let neighbourId: string;
  let evaluationDue: number;
  let year: number;
  const url = () => `/api/shufa-cycles/${cycleId}`;
  const view = async () => (await sys.admin.get(url())).body;

  beforeAll(async () => {
    sys = await startTestSystem();
    const j = await organization('j', '长宁区人民政府', 'jurisdiction');
    ids.jurisdiction = j;
    const other = await organization('k', '静安区人民政府', 'jurisdiction');
    const department = await organization('gh', '长宁区规划资源局', 'department', j);
    ids.office = await user('office', j, ['admin']);
    for (const e of evaluators) ids[e] = await user(e, j, ['evaluator']);
    ids.notOnPanel = await user('notOnPanel', j, ['evaluator']);
    ids.elsewhere = await user('elsewhere', other, ['evaluator']);
    ids.leader = await user('leader', department, ['leader']);
    ids.officer = await user('officer', department, ['officer']);
    await sys.admin.patch(`/api/organizations/${department}`, { principalLeaderId: ids.leader });
    // Beside it: another department of the jurisdiction (its leader, its own panel's evaluator) and
    // the office of another jurisdiction, for the role and scope checks.
    const neighbour = await organization('ws', '长宁区卫生健康委员会', 'department', j);
    ids.otherLeader = await user('otherLeader', neighbour, ['leader']);
    await sys.admin.patch(`/api/organizations/${neighbour}`, { principalLeaderId: ids.otherLeader });
    ids.otherPanel = await user('otherPanel', j, ['evaluator']);
    ids.otherOffice = await user('otherOffice', other, ['admin']);

    // 述法 writing due in 45 s, materials review in 55 s, evaluation in 65 s (the report cycle far later).
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    evaluationDue = now + 65 * S;
    year = Number(shanghaiDate(new Date(now)).slice(0, 4));
    const body = {
      jurisdictionId: j,
      year: Number(shanghaiDate(new Date(now)).slice(0, 4)),
      rollover: 'none',
      due: {
        ...Object.fromEntries(REPORT.map((stage, i) => [stage, at(600 * S + i * 60 * S)])),
        shufa_writing: at(45 * S),
        shufa_materials_review: at(55 * S),
        shufa_evaluation: at(65 * S),
        shufa_rectification: at(900 * S),
      },
      reminders: ['PT5S'],
      // Fast for the rectification items' ladder; the evaluation closes at its due date instead.
      escalation: { after: 'PT1S', every: 'PT2S' },
      // Notices seconds apart, whenever the suite runs: no waiting for office hours.
      quietHours: { enabled: false },
      shufa: {
        mode: 'written',
        panel: evaluators.map((e, i) => ({ userId: ids[e], type: i === 4 ? 'legal_adviser' : 'npc_deputy' })),
        rectificationReminders: ['PT2S'],
      },
    };
    // A panel member from another jurisdiction is refused, naming him.
    const wrongPanel = await sys.admin.post('/api/calendars', {
      ...body,
      shufa: { panel: [{ userId: ids.elsewhere, type: 'npc_deputy' }] },
    });
    expect(wrongPanel.status).toBe(400);
    expect(wrongPanel.body.details.fields[0].field).toBe('shufa.panel[0].userId');
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    expect(calendar.body.shufa).toMatchObject({ mode: 'written', quorum: 2 / 3, thresholds: { 优秀: 90 } });
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    cycleId = `shufa-${body.year}-${p}-gh`;
    await waitUntil(async () => (await sys.admin.get(url())).status === 200, 20_000, 'the 述法 cycle');
    neighbourId = `shufa-${body.year}-${p}-ws`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/shufa-cycles/${neighbourId}`)).status === 200,
      20_000,
      'the neighbour’s 述法 cycle',
    );
    // The neighbour's cycle gets a panel of its own: its member is an evaluator of another panel.
    const neighbourPanel = await as.office.request('PUT', `/api/shufa-cycles/${neighbourId}/panel`, {
      body: { evaluators: [{ userId: ids.otherPanel, type: 'public' }] },
    });
    expect(neighbourPanel.status).toBe(200);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('shows the department’s report and its 第一责任人 section beside the 述法; evaluators see only their panels', async () => {
    const reportId = cycleId.replace('shufa', 'report');
    const draft = await as.officer.post(`/api/report-cycles/${reportId}/drafts`, {
      content: readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8'),
    });
    expect(draft.status).toBe(201);
    const report = (await view()).report;
    expect(report).toMatchObject({ cycleId: reportId, stage: 'drafting', draftVersion: 1 });
    expect(report.firstResponsible.heading).toContain('第一责任人');
    expect(report.firstResponsible.text.length).toBeGreaterThan(50);
    // Named on the panel: this 述法 only; not named: nothing at all.
    expect((await as.eva1.get(`/api/shufa-cycles?year=${year}`)).body.items.map((c: { id: string }) => c.id)).toEqual([
      cycleId,
    ]);
    expect((await as.eva1.get(`/api/report-cycles?year=${year}`)).body.items).toEqual([]);
    expect((await as.notOnPanel.get(`/api/shufa-cycles?year=${year}`)).body.items).toEqual([]);
    const listedFor = async (who: string) =>
      (await as[who].get(`/api/shufa-cycles?year=${year}`)).body.items.map((c: { id: string }) => c.id);
    expect(await listedFor('otherPanel')).toEqual([neighbourId]);
    expect(await listedFor('otherLeader')).toEqual([neighbourId]);
    expect(await listedFor('otherOffice')).toEqual([]);
    expect((await listedFor('office')).sort()).toEqual([cycleId, neighbourId].sort());
    expect((await as.notOnPanel.get(url())).status).toBe(404);
    expect((await as.eva1.get(url())).status).toBe(200);
  });

  it('refuses every 述法 step to whoever may not take it: 403 to those who see the cycle, 404 to the rest', async () => {
    const trailLength = async () => (await sys.admin.get(`${url()}/audit?limit=200`)).body.items.length;
    const before = await trailLength();

    const item = `${url()}/rectification-items/00000000-0000-4000-8000-000000000001`;
    const marks = { scores: { 学法用法: 90, 依法决策: 90, 推进法治建设: 90, 述法质量: 90 } };
    const dueAt = new Date(Date.now() + 3600 * S).toISOString();
    const steps: [string, string, string, unknown?][] = [
      ['view', 'GET', url()],
      ['audit', 'GET', `${url()}/audit`],
      ['report', 'POST', `${url()}/reports`, { content: shufaReportText() }],
      ['reports', 'GET', `${url()}/reports`],
      ['advance', 'POST', `${url()}/advance`, {}],
      ['extend', 'POST', `${url()}/extend`, { stage: 'shufa_writing', dueAt, reason: '延期' }],
      ['cancel', 'POST', `${url()}/cancel`, { reason: '撤销' }],
      ['panel', 'PUT', `${url()}/panel`, { mode: 'on_site' }],
      ['meeting', 'POST', `${url()}/meeting`, { date: '2026-11-20', comments: ['点评'], questions: [] }],
      ['evaluate', 'POST', `${url()}/evaluations`, marks],
      ['evaluations', 'GET', `${url()}/evaluations`],
      ['issue', 'POST', `${url()}/rectification-items`, { description: '问题', dueAt }],
      ['done', 'POST', `${item}/done`, { comment: '已整改' }],
      ['verify', 'POST', `${item}/verify`, {}],
      ['reopen', 'POST', `${item}/reopen`, { reason: '未整改到位' }],
    ];
    // Who sees the cycle but may not take the step: 403. Who does not see it at all: 404.
    const refused: Record<string, { forbidden: string[]; unseen: string[] }> = {
      view: { forbidden: [], unseen: ['otherLeader', 'otherPanel', 'notOnPanel', 'elsewhere', 'otherOffice'] },
      audit: { forbidden: [], unseen: ['otherLeader', 'otherPanel', 'elsewhere', 'otherOffice'] },
      report: { forbidden: ['office', 'officer', 'eva1'], unseen: ['otherLeader', 'otherPanel', 'otherOffice'] },
      reports: { forbidden: [], unseen: ['otherLeader', 'otherPanel', 'otherOffice'] },
      advance: { forbidden: ['office', 'officer', 'eva1'], unseen: ['otherLeader', 'otherPanel', 'otherOffice'] },
      // Only admins extend or cancel: anyone else is refused before the cycle is looked up.
      extend: { forbidden: ['leader', 'officer', 'eva1', 'otherLeader'], unseen: ['otherOffice'] },
      cancel: { forbidden: ['leader', 'officer', 'eva1', 'otherLeader'], unseen: ['otherOffice'] },
      panel: { forbidden: ['leader', 'officer', 'eva1'], unseen: ['otherLeader', 'otherPanel', 'otherOffice'] },
      meeting: { forbidden: ['leader', 'officer', 'eva1'], unseen: ['otherLeader', 'otherOffice'] },
      evaluate: { forbidden: ['office', 'leader', 'officer'], unseen: ['otherPanel', 'elsewhere', 'otherOffice'] },
      evaluations: { forbidden: ['leader', 'officer'], unseen: ['otherLeader', 'otherPanel', 'otherOffice'] },
      issue: { forbidden: ['leader', 'officer', 'eva1'], unseen: ['otherLeader', 'otherOffice'] },
      done: { forbidden: ['office', 'officer', 'eva1'], unseen: ['otherLeader', 'otherPanel', 'otherOffice'] },
      verify: { forbidden: ['leader', 'officer', 'eva1'], unseen: ['otherLeader', 'otherOffice'] },
      reopen: { forbidden: ['leader', 'officer', 'eva1'], unseen: ['otherLeader', 'otherOffice'] },
    };
    const seen: string[] = [];
    for (const [name, method, path, body] of steps) {
      const expected = refused[name];
      for (const who of [...expected.forbidden, ...expected.unseen]) {
        const answer = await as[who].request(method, path, body === undefined ? {} : { body });
        seen.push(`${name} ${who} ${answer.status} ${answer.body?.code}`);
      }
    }
    expect(seen).toEqual(
      steps.flatMap(([name]) => [
        ...refused[name].forbidden.map((who) => `${name} ${who} 403 FORBIDDEN`),
        ...refused[name].unseen.map((who) => `${name} ${who} 404 NOT_FOUND`),
      ]),
    );
    // Nothing refused left a trace in the cycle; the neighbour's 述法 is withdrawn (no reminders for it).
    expect(await trailLength()).toBe(before);
    expect((await as.otherOffice.post(`/api/shufa-cycles/${neighbourId}/cancel`, { reason: '测试' })).status).toBe(404);
    expect((await as.office.post(`/api/shufa-cycles/${neighbourId}/cancel`, { reason: '测试结束' })).status).toBe(200);
  });

  it('takes the leader’s report only with every topic, and the office returns it once with a reason', async () => {
    expect(await view()).toMatchObject({
      stage: 'shufa_writing',
      mode: 'written',
      scored: 0,
      grade: null,
      result: null,
    });
    const partial = await as.leader.post(`${url()}/reports`, { content: '一、学法情况\n二、依法决策情况' });
    expect(partial.status).toBe(201);
    expect(partial.body.contentCheck.missing.map((m: { title: string }) => m.title)).toEqual([
      '守法',
      '用法',
      '推进法治建设',
      '上年度发现的问题及整改情况',
    ]);
    const early = await as.leader.post(`${url()}/advance`, {});
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'MISSING_SECTIONS' });
    expect(early.body.message).toContain('「守法」');
    // Only the leader writes it.
    expect((await as.office.post(`${url()}/reports`, { content: shufaReportText() })).status).toBe(403);
    const full = await as.leader.post(`${url()}/reports`, { content: shufaReportText('长宁区规划资源局局长') });
    expect(full.body).toMatchObject({ version: 2, contentCheck: { missing: [] } });
    expect((await as.leader.post(`${url()}/advance`, {})).body.stage).toBe('shufa_materials_review');
    // Only the office reviews the materials: neither the leader nor an evaluator returns them.
    for (const who of ['leader', 'officer', 'eva1']) {
      expect((await as[who].post(`${url()}/reject`, { reason: '退回' })).status).toBe(403);
    }
    expect((await as.otherLeader.post(`${url()}/reject`, { reason: '退回' })).status).toBe(404);

    const returned = await as.office.post(`${url()}/reject`, { reason: '依法决策部分缺少具体事例，请补充' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ stage: 'shufa_writing', rework: 1 });
    const again = await as.leader.post(`${url()}/reports`, {
      content: `${shufaReportText('长宁区规划资源局局长')}\n补充：依法决策事例三则。`,
    });
    expect(again.body.version).toBe(3);
    expect((await as.leader.post(`${url()}/advance`, {})).status).toBe(200);
    expect((await as.office.post(`${url()}/advance`, {})).body.stage).toBe('shufa_evaluation');
  });

  it('runs 现场述法: the office sets the mode and records the meeting', async () => {
    // Only the office changes the panel; a meeting needs a mode with one.
    expect((await as.leader.request('PUT', `${url()}/panel`, { body: { mode: 'on_site' } })).status).toBe(403);
    const meeting = {
      date: shanghaiDate(new Date()),
      place: '区政府第一会议室',
      comments: ['述法内容全面，问题查摆较深入。'],
      questions: [
        { by: '区人大代表 王某', question: '规划审批的合法性审查如何落实？', answer: '已实行法律顾问全程参与。' },
      ],
    };
    expect((await as.office.post(`${url()}/meeting`, meeting)).status).toBe(409);
    const changed = await as.office.request('PUT', `${url()}/panel`, { body: { mode: 'on_site' } });
    expect(changed.status).toBe(200);
    expect(changed.body.mode).toBe('on_site');
    const recorded = await as.office.post(`${url()}/meeting`, meeting);
    expect(recorded.status).toBe(200);
    expect(recorded.body.meeting).toMatchObject({ place: '区政府第一会议室', questions: meeting.questions });
  });

  it('takes each evaluator’s marks once, secret until the evaluation closes at its due date', async () => {
    const marks = [
      { 学法用法: 95, 依法决策: 90, 推进法治建设: 92, 述法质量: 88 },
      { 学法用法: 85, 依法决策: 80, 推进法治建设: 82, 述法质量: 78 },
      { 学法用法: 90, 依法决策: 88, 推进法治建设: 86, 述法质量: 84 },
      { 学法用法: 70, 依法决策: 75, 推进法治建设: 72, 述法质量: 68 },
    ];
    // Not on the panel: refused (403) to one who may see the cycle; an evaluator of another panel does not see it (404).
    expect((await as.office.post(`${url()}/evaluations`, { scores: marks[0] })).status).toBe(403);
    expect((await as.notOnPanel.post(`${url()}/evaluations`, { scores: marks[0] })).status).toBe(404);
    expect((await as.elsewhere.post(`${url()}/evaluations`, { scores: marks[0] })).status).toBe(404);
    const outOfRange = await as.eva1.post(`${url()}/evaluations`, { scores: { ...marks[0], 学法用法: 101, 守法: 1 } });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(
      ['scores.学法用法', 'scores.守法'].sort(),
    );
    for (let i = 0; i < 4; i++) {
      const scored = await as[evaluators[i]].post(`${url()}/evaluations`, {
        scores: marks[i],
        comment: `意见${i + 1}`,
      });
      expect(scored.status).toBe(201);
      // Nobody sees a mark before the close: the answer and the view carry only the count.
      expect(scored.body).toMatchObject({ scored: i + 1, result: null, grade: null });
    }
    // My tasks: the member yet to score is asked to, the others no longer.
    const tasksOf = async (who: string) =>
      (await as[who].get('/api/me/tasks')).body.items.map((t: { action: string }) => t.action);
    expect(await tasksOf('eva5')).toEqual(['evaluate']);
    expect(await tasksOf('eva1')).toEqual([]);
    expect(await tasksOf('notOnPanel')).toEqual([]);
    expect(await tasksOf('office')).toContain('close_evaluation');
    const twice = await as.eva1.post(`${url()}/evaluations`, { scores: marks[0] });
    expect(twice.status).toBe(409);
    const officeSees = (await as.office.get(`${url()}/evaluations`)).body;
    expect(officeSees).toEqual({
      closed: false,
      scored: 4,
      of: 5,
      own: null,
      result: null,
      meeting: expect.anything(),
    });
    const ownOnly = (await as.eva2.get(`${url()}/evaluations`)).body;
    expect(ownOnly.own).toMatchObject({ marks: { scores: marks[1] } });
    // Not another member's marks: eva1 gave 学法用法 95.
    expect(JSON.stringify(ownOnly)).not.toContain('"学法用法":95');
    expect(JSON.stringify(ownOnly)).not.toContain(ids.eva1);
    const trail = (await sys.admin.get(`${url()}/audit?limit=100`)).body.items;
    expect(JSON.stringify(trail.filter((a: { action: string }) => a.action === 'shufa.evaluated'))).not.toContain(
      '述法质量',
    );

    // The fifth does not score in time: the evaluation closes at its due date without him.
    await waitUntil(
      async () => (await view()).stage === 'shufa_rectification',
      evaluationDue - Date.now() + 20 * S,
      'the close',
    );
    const late = await as.eva5.post(`${url()}/evaluations`, { scores: marks[0] });
    expect(late.status).toBe(409);
    const closed = await view();
    // Four of five scored (quorum ⅔ of 5 = 4): no extremes dropped below five; weighted means 91.25, 81.25, 87, 71.25.
    expect(closed.grade).toBe('良好');
    expect(closed.result).toMatchObject({
      score: 82.69,
      grade: '良好',
      insufficient: false,
      missing: [ids.eva5],
      evaluators: [91.25, 81.25, 87, 71.25].map((score, i) => ({ userId: ids[evaluators[i]], score, counted: true })),
    });
    expect(closed.result.marks).toHaveLength(4);
    expect((await as.eva3.get(`${url()}/evaluations`)).body).toMatchObject({ closed: true, result: { grade: '良好' } });
    const story = (await sys.admin.get(`${url()}/audit?limit=100`)).body.items
      .map((a: { action: string }) => a.action)
      .filter((a: string) => a !== 'notice.sent');
    expect(story).toEqual([
      'cycle.launched',
      'shufa_report.saved',
      'shufa_report.saved',
      'stage.advanced',
      'stage.rejected',
      'shufa_report.saved',
      'stage.advanced',
      'stage.advanced',
      'shufa.panel_changed',
      'shufa.meeting_recorded',
      'shufa.evaluated',
      'shufa.evaluated',
      'shufa.evaluated',
      'shufa.evaluated',
      'shufa.evaluation_closed',
      'stage.advanced',
    ]);
    // The member who did not score is told, once.
    await sys.smtp.waitFor(() => mailsTo('eva5', '【逾期督办', cycleId).length === 1, 20 * S);
    expect(mailsTo('eva1', '【逾期督办', cycleId)).toHaveLength(0);
  }, 150_000);

  it('follows the 问题清单: items reported done, reopened, verified, one overdue up to the office; the year closed', async () => {
    const issue = (by: string, description: string, dueInMs: number) =>
      as[by].post(`${url()}/rectification-items`, { description, dueAt: new Date(Date.now() + dueInMs).toISOString() });
    expect((await issue('leader', '自己给自己出题', 60 * S)).status).toBe(403);
    expect((await issue('office', '期限已过的问题', -S)).status).toBe(400);
    await issue('office', '重大行政决策合法性审查记录不完整', 120 * S);
    await issue('office', '行政执法案卷评查问题整改不到位', 3 * S);
    const issued = await issue('office', '法治宣传教育针对性不强', 600 * S);
    expect(issued.status).toBe(201);
    const [a, b] = issued.body.rectificationItems.map((i: { id: string }) => i.id);
    const leaderTasks = (await as.leader.get('/api/me/tasks')).body.items.filter(
      (t: { cycleId: string }) => t.cycleId === cycleId,
    );
    expect(
      leaderTasks.map((t: { action: string; rectificationItemId: string }) => [t.action, t.rectificationItemId]),
    ).toEqual(
      expect.arrayContaining([
        ['rectify', a],
        ['rectify', b],
      ]),
    );
    const item = (id: string) => `${url()}/rectification-items/${id}`;

    // A: reported done, sent back with a reason, done again, verified.
    expect((await as.office.post(`${item(a)}/verify`, {})).status).toBe(409);
    expect((await as.office.post(`${item(a)}/done`, { comment: '代为报告' })).status).toBe(403);
    const done = await as.leader.post(`${item(a)}/done`, { comment: '已补齐审查记录', evidence: '审查台账' });
    expect(done.status).toBe(200);
    expect(done.body.rectificationItems[0]).toMatchObject({ status: 'done' });
    expect((await as.leader.post(`${item(a)}/done`, { comment: '再报一次' })).status).toBe(409);
    const reopened = await as.office.post(`${item(a)}/reopen`, { reason: '未覆盖2025年的决策事项' });
    expect(reopened.body.rectificationItems[0]).toMatchObject({ status: 'open' });
    await as.leader.post(`${item(a)}/done`, { comment: '已补充2025年的决策事项' });
    expect((await as.office.post(`${item(a)}/verify`, {})).body.rectificationItems[0].status).toBe('verified');

    // B passes its due date: reminded once, then escalated up the ladder to the office.
    await sys.smtp.waitFor(
      () => mailsTo('office', '【逾期督办', cycleId).some((m) => m.subject?.includes('行政执法案卷评查问题整改不到位')),
      30 * S,
    );
    expect(
      mailsTo('leader', '【截止提醒】', cycleId).filter((m) => m.subject?.includes('行政执法案卷评查')),
    ).toHaveLength(1);
    // Each is asked what is his to do, with a link (and, in the HTML part, a button) to that page of the console.
    const page = `${sys.config.publicUrl}/shufa-cycles/${cycleId}`;
    const [leaderReminder] = mailsTo('leader', '【截止提醒】', cycleId).filter((m) =>
      m.subject?.includes('行政执法案卷评查'),
    );
    expect(leaderReminder.text).toContain('请报告问题整改情况。');
    expect(leaderReminder.text).toContain(`前往处理：${page}?action=rectify&itemId=${b}`);
    const officeEscalation = mailsTo('office', '【逾期督办', cycleId).find((m) =>
      m.subject?.includes('行政执法案卷评查'),
    );
    expect(officeEscalation?.text).toContain('请督促述法的主要负责人尽快报告问题整改情况。');
    expect(officeEscalation?.html).toContain(`<a href="${page}?action=oversee&amp;itemId=${b}"`);
    await as.leader.post(`${item(b)}/done`, { comment: '已完成案卷整改' });
    const verified = await as.office.post(`${item(b)}/verify`, {});
    expect(verified.body).toMatchObject({ stage: 'shufa_rectification' });

    // The office closes the year with C still open: it goes into next year's 述法.
    const closed = await as.office.post(`${url()}/advance`, {});
    expect(closed.body.stage).toBe('completed');
    expect(closed.body.rectificationItems.map((i: { status: string }) => i.status)).toEqual([
      'verified',
      'verified',
      'open',
    ]);
    const trail = (await sys.admin.get(`${url()}/audit?limit=200`)).body.items;
    const overdue = trail.filter((e: { action: string }) => e.action === 'stage.overdue');
    expect(overdue.map((e: { after: unknown }) => e.after)).toEqual([
      expect.objectContaining({ stage: 'shufa_rectification', rectificationItems: [b] }),
    ]);
    const steps = trail.map((e: { action: string }) => e.action).filter((x: string) => x.startsWith('rectification.'));
    expect(steps).toEqual([
      'rectification.issued',
      'rectification.issued',
      'rectification.issued',
      'rectification.done',
      'rectification.reopen',
      'rectification.done',
      'rectification.verify',
      'rectification.done',
      'rectification.verify',
    ]);
  });

  it('carries the item left open into the leader’s next 述法, which must speak of it', async () => {
    const next = year + 1;
    const due = (month: number, day: number) =>
      `${next + 1}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T18:00:00+08:00`;
    const calendar = await sys.admin.post('/api/calendars', {
      jurisdictionId: ids.jurisdiction,
      year: next,
      rollover: 'none',
      due: {
        ...Object.fromEntries(REPORT.map((stage, i) => [stage, due(3, 1 + i * 4)])),
        shufa_writing: due(2, 1),
        shufa_materials_review: due(2, 10),
        shufa_evaluation: due(3, 1),
        shufa_rectification: due(9, 30),
      },
      reminders: ['P1D'],
      escalation: { after: 'P1D', every: 'P3D' },
    });
    expect(calendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    const nextId = `shufa-${next}-${p}-gh`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/shufa-cycles/${nextId}`)).status === 200,
      20 * S,
      'next year',
    );
    const carried = (await sys.admin.get(`/api/shufa-cycles/${nextId}`)).body.rectificationItems;
    expect(carried).toEqual([
      expect.objectContaining({
        description: '法治宣传教育针对性不强',
        status: 'open',
        carriedFrom: { cycleId, year },
        history: [expect.objectContaining({ action: 'issued' }), expect.objectContaining({ action: 'carried' })],
      }),
    ]);
    const silent = await as.leader.post(`/api/shufa-cycles/${nextId}/reports`, { content: shufaReportText() });
    expect(silent.body.contentCheck.missing).toEqual([
      { key: `item:${carried[0].id}`, title: '上年度未完成的整改事项「法治宣传教育针对性不强」' },
    ]);
    const spoken = await as.leader.post(`/api/shufa-cycles/${nextId}/reports`, {
      content: shufaReportText('局长', ['法治宣传教育针对性不强']),
    });
    expect(spoken.body.contentCheck.missing).toEqual([]);
  });

  it('records its history for the replay test when asked (RECORD_HISTORIES=1)', async () => {
    const result = await sys.temporal.workflow.getHandle(cycleId).result();
    expect(result.stage).toBe('completed');
    await recordHistories(sys, [['shufa-cycle', cycleId]]);
  });
});
