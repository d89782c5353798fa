import { randomBytes } from 'node:crypto';
import { shanghaiDate } from '@rol/domain';
import { testPeople } from './helpers/people';
import { waitUntil } from './helpers/processes';
import { shufaReportText } from './helpers/shufa-report';
import { startTestSystem, TestSystem } from './helpers/test-system';
import { launchBody } from './helpers/seed';

const S = 1000;
const REPORT = ['contributions', 'drafting', 'legality_review', 'sign_off', 'submission', 'publication'];
const SHUFA = ['shufa_writing', 'shufa_materials_review', 'shufa_evaluation', 'shufa_rectification'];

/**
 * An admin closes a year: its running cycles end with the reason, the calendar and the cycles turn
 * read-only but stay listed and exported, a 述法's open item goes into next year, and PostgreSQL keeps
 * all of it after Temporal has dropped the histories (as its retention does).
 */
describe('closing a year', () => {
  let sys: TestSystem;
  const p = `y${randomBytes(3).toString('hex')}`;
  const { as, user, organization } = testPeople(() => sys, p);
  const ids: Record<string, string> = {};
  let year: number;
  let calendarId: string;
  let nextCalendarId: string;
  let reportId: string;
  let shufaId: string;

  const calendarBody = (calendarYear: number, firstDue: number) => ({
    jurisdictionId: ids.j,
    year: calendarYear,
    rollover: 'none',
    due: Object.fromEntries(
      [...REPORT, ...SHUFA].map((stage, i) => [stage, new Date(firstDue + i * 3600 * S).toISOString()]),
    ),
    reminders: ['P1D'],
    escalation: { after: 'P1D', every: 'P3D' },
    quietHours: { enabled: false },
    shufa: { panel: [{ userId: ids.eva, type: 'npc_deputy' }] },
  });

  beforeAll(async () => {
    sys = await startTestSystem();
    ids.j = await organization('j', '闵行区人民政府', 'jurisdiction');
    const department = await organization('sw', '闵行区商务委员会', 'department', ids.j);
    ids.office = await user('office', ids.j, ['admin']);
    ids.eva = await user('eva', ids.j, ['evaluator']);
    ids.leader = await user('leader', department, ['leader']);
    ids.officer = await user('officer', department, ['officer']);
    await sys.admin.patch(`/api/organizations/${department}`, { principalLeaderId: ids.leader });
    year = Number(shanghaiDate(new Date()).slice(0, 4));
    const calendar = await sys.admin.post('/api/calendars', calendarBody(year, Date.now() + 3600 * S));
    expect(calendar.status).toBe(201);
    calendarId = calendar.body.id;
    const next = await sys.admin.post('/api/calendars', calendarBody(year + 1, Date.now() + 400 * 86400 * S));
    expect(next.status).toBe(201);
    nextCalendarId = next.body.id;
    expect((await sys.admin.post(`/api/calendars/${calendarId}/launch`, launchBody())).status).toBe(202);
    reportId = `report-${year}-${p}-sw`;
    shufaId = `shufa-${year}-${p}-sw`;
    await waitUntil(
      async () =>
        (await sys.admin.get(`/api/report-cycles/${reportId}`)).status === 200 &&
        (await sys.admin.get(`/api/shufa-cycles/${shufaId}`)).status === 200,
      20 * S,
      'the cycles',
    );
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('ends the cycles still running with the reason; the calendar and the cycles become read-only', async () => {
    // The 述法 reaches rectification with one item open; the report stays in collection.
    const url = `/api/shufa-cycles/${shufaId}`;
    expect((await as.leader.post(`${url}/reports`, { content: shufaReportText() })).status).toBe(201);
    expect((await as.leader.post(`${url}/advance`, {})).status).toBe(200);
    expect((await as.office.post(`${url}/advance`, {})).status).toBe(200);
    const scores = { 学法用法: 88, 依法决策: 86, 推进法治建设: 90, 述法质量: 84 };
    expect((await as.eva.post(`${url}/evaluations`, { scores })).body.stage).toBe('shufa_rectification');
    const dueAt = new Date(Date.now() + 30 * 86400 * S).toISOString();
    const issued = await as.office.post(`${url}/rectification-items`, { description: '规范性文件备案不及时', dueAt });
    expect(issued.status).toBe(201);

    // Only its admin closes a launched year, with a reason.
    expect((await as.officer.post(`/api/calendars/${calendarId}/close`, { reason: '归档' })).status).toBe(403);
    const noReason = await as.office.post(`/api/calendars/${calendarId}/close`, { reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    expect((await as.office.post(`/api/calendars/${nextCalendarId}/close`, { reason: '归档' })).status).toBe(409);
    const closed = await as.office.post(`/api/calendars/${calendarId}/close`, { reason: '年度考核已完成' });
    expect(closed.status).toBe(202);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: '年度考核已完成' });
    expect((await as.office.post(`/api/calendars/${calendarId}/close`, { reason: '再关一次' })).status).toBe(409);

    await waitUntil(
      async () =>
        (await sys.admin.get(`/api/report-cycles/${reportId}`)).body.stage === 'cancelled' &&
        (await sys.admin.get(url)).body.stage === 'cancelled',
      30 * S,
      'the cycles to end',
    );
    for (const [kind, id] of [
      ['report', reportId],
      ['shufa', shufaId],
    ]) {
      const trail = (await sys.admin.get(`/api/${kind}-cycles/${id}/audit?limit=100`)).body.items;
      expect(trail.filter((a: { action: string }) => a.action === 'cycle.cancelled')).toEqual([
        expect.objectContaining({
          reason: '年度关闭：年度考核已完成',
          actor: expect.objectContaining({ id: ids.office }),
        }),
      ]);
    }
    const calendarTrail = (await sys.admin.get(`/api/audit?subjectId=${calendarId}&limit=50`)).body.items;
    expect(calendarTrail.map((a: { action: string }) => a.action)).toContain('calendar.closed');

    // Read-only: the calendar, and every step of its cycles.
    expect((await as.office.patch(`/api/calendars/${calendarId}`, { reminders: ['P2D'], reason: '调整' })).status).toBe(
      409,
    );
    expect((await as.office.post(`/api/calendars/${calendarId}/launch`, launchBody())).status).toBe(409);
    expect((await as.office.post(`${url}/rectification-items`, { description: '新问题', dueAt })).status).toBe(409);
    const item = issued.body.rectificationItems[0].id;
    expect((await as.leader.post(`${url}/rectification-items/${item}/done`, { comment: '已整改' })).status).toBe(409);
    expect((await as.officer.post(`/api/report-cycles/${reportId}/advance`, {})).status).toBe(409);
  });

  it('keeps everything in PostgreSQL once Temporal has dropped the histories: views, trails, the export', async () => {
    const read = async () => ({
      report: (await sys.admin.get(`/api/report-cycles/${reportId}`)).body,
      shufa: (await sys.admin.get(`/api/shufa-cycles/${shufaId}`)).body,
      trail: (await sys.admin.get(`/api/shufa-cycles/${shufaId}/audit?limit=100`)).body.items,
      listed: (await sys.admin.get(`/api/report-cycles?year=${year}&limit=100`)).body.items
        .map((c: { id: string }) => c.id)
        .filter((id: string) => id.includes(p)),
      exported: (await as.office.get(`/api/exports/assessment?year=${year}&jurisdictionId=${ids.j}&format=csv`)).body,
    });
    const before = await read();
    expect(before.listed).toEqual([reportId]);
    expect(before.exported).toContain('闵行区商务委员会');
    for (const workflowId of [reportId, shufaId]) {
      await sys.temporal.workflowService.deleteWorkflowExecution({
        namespace: sys.config.temporal.namespace,
        workflowExecution: { workflowId },
      });
    }
    await waitUntil(
      async () => {
        const gone = await Promise.all(
          [reportId, shufaId].map((id) =>
            sys.temporal.workflow
              .getHandle(id)
              .describe()
              .then(
                () => false,
                () => true,
              ),
          ),
        );
        return gone.every(Boolean);
      },
      // The dev server deletes in the background, slower when it holds many histories.
      150 * S,
      'the histories to go',
    );
    expect(await read()).toEqual(before);
  }, 200_000);

  it('carries the open item into the leader’s next 述法', async () => {
    const launched = await sys.admin.post(`/api/calendars/${nextCalendarId}/launch`, {
      acknowledgeUnknownHolidays: true,
    });
    expect(launched.status).toBe(202);
    const nextId = `shufa-${year + 1}-${p}-sw`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/shufa-cycles/${nextId}`)).status === 200,
      20 * S,
      'next year',
    );
    expect((await sys.admin.get(`/api/shufa-cycles/${nextId}`)).body.rectificationItems).toEqual([
      expect.objectContaining({
        description: '规范性文件备案不及时',
        status: 'open',
        carriedFrom: { cycleId: shufaId, year },
      }),
    ]);
  });
});
