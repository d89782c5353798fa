import { randomBytes } from 'node:crypto';
import { cycleStateQuery } from '@rol/contracts';
import { calendarRelativeToNow, seedJurisdiction, SeededJurisdiction, launchBody } from './helpers/seed';
import { startTestSystem, TestSystem } from './helpers/test-system';
import { waitUntil } from './helpers/processes';

const H = 3_600_000;
const D = 24 * H;

describe('launching a year and re-timing running cycles', () => {
  let sys: TestSystem;
  let prefix: string;
  let big: SeededJurisdiction;
  let calendarId: string;
  let year: number;

  const queue = () => sys.config.temporal.taskQueue;
  const count = async (type: string) =>
    (await sys.temporal.workflow.count(`TaskQueue = '${queue()}' AND WorkflowType = '${type}'`)).count;
  const ids = async (type: string) => {
    const found: string[] = [];
    for await (const wf of sys.temporal.workflow.list({
      query: `TaskQueue = '${queue()}' AND WorkflowType = '${type}'`,
    })) {
      found.push(wf.workflowId);
    }
    return found;
  };
  const launched = async (id: string, organizationId?: string) => {
    const query = organizationId ? `?organizationId=${organizationId}` : '';
    let status: any;
    await waitUntil(
      async () => {
        status = (await sys.admin.get(`/api/calendars/${id}/launch${query}`)).body;
        return status.launch?.status === 'COMPLETED';
      },
      60_000,
      'launch to complete',
    );
    return status;
  };

  beforeAll(async () => {
    sys = await startTestSystem({ env: { LAUNCH_BATCH_SIZE: '20' } });
    prefix = `t${randomBytes(3).toString('hex')}`;
    big = await seedJurisdiction(sys.database.url, { code: `${prefix}-big`, departments: 50 });
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('refuses to launch a jurisdiction without departments, saying so', async () => {
    const empty = await sys.admin.post('/api/organizations', {
      code: `${prefix}-empty`,
      name: '空辖区',
      kind: 'jurisdiction',
    });
    const calendar = await sys.admin.post(
      '/api/calendars',
      calendarRelativeToNow(empty.body.id, { firstMs: D, stepMs: D }),
    );
    expect(calendar.status).toBe(201);
    const launch = await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody());
    expect(launch.status).toBe(422);
    expect(launch.body.code).toBe('NO_DEPARTMENTS');
    expect(launch.body.message).toContain('没有部门');
    expect((await sys.admin.get(`/api/calendars/${calendar.body.id}`)).body.status).toBe('draft');
  });

  it('launches 50 departments twice and gets exactly 50 report and 50 述法 workflows', async () => {
    const body = calendarRelativeToNow(big.id, { firstMs: 10 * D, stepMs: D });
    year = body.year;
    const calendar = await sys.admin.post('/api/calendars', body);
    calendarId = calendar.body.id;

    const first = await sys.admin.post(`/api/calendars/${calendarId}/launch`, launchBody());
    expect(first.status).toBe(202);
    const done = await launched(calendarId);
    expect(done).toMatchObject({ status: 'launched', departments: 50, reportCycles: 50, shufaCycles: 50 });
    expect(done.launch.progress).toMatchObject({ done: true, departments: 50, reportStarted: 50, shufaStarted: 50 });

    const second = await sys.admin.post(`/api/calendars/${calendarId}/launch`, launchBody());
    expect(second.status).toBe(202);
    // The second launch runs again (the first has finished) and finds everything already running.
    await waitUntil(
      async () =>
        (await sys.admin.get(`/api/calendars/${calendarId}/launch`)).body.launch?.progress?.alreadyRunning === 100,
      60_000,
      'second launch to finish',
    );
    const again = await launched(calendarId);
    expect(again.launch.progress).toMatchObject({ reportStarted: 0, shufaStarted: 0, alreadyRunning: 100 });

    await waitUntil(
      async () => (await count('reportCycleWorkflow')) === 50 && (await count('shufaCycleWorkflow')) === 50,
      30_000,
      'visibility to show 50 + 50',
    );
    const reports = await ids('reportCycleWorkflow');
    expect(new Set(reports)).toEqual(new Set(big.departments.map((d) => `report-${year}-${d.code}`)));
    expect(new Set(await ids('shufaCycleWorkflow'))).toEqual(
      new Set(big.departments.map((d) => `shufa-${year}-${d.code}`)),
    );

    const list = await sys.admin.get(`/api/report-cycles?year=${year}&limit=200`);
    expect(list.body.total).toBe(50);
    const one = await sys.admin.get(`/api/report-cycles/report-${year}-${big.departments[0].code}`);
    expect(one.body).toMatchObject({
      organizationId: big.departments[0].id,
      // No divisions: nothing to collect, drafting begins at once.
      stage: 'drafting',
      overdue: false,
      dueAt: new Date(body.due.drafting).toISOString(),
    });
    const shufa = await sys.admin.get(`/api/shufa-cycles/shufa-${year}-${big.departments[0].code}`);
    expect(shufa.body).toMatchObject({ stage: 'shufa_writing', leaderId: big.departments[0].leaderId });
    const trail = await sys.admin.get(`/api/report-cycles/report-${year}-${big.departments[0].code}/audit`);
    expect(trail.body.items.map((a: any) => a.action)).toEqual(['cycle.launched']);
    expect(one.body.stages[0]).toMatchObject({ stage: 'contributions', endedAt: expect.any(String) });
  });

  it('launches a department added after the year was launched on its own', async () => {
    const added = await sys.admin.post('/api/organizations', {
      code: `${prefix}-late`,
      name: '新设部门',
      kind: 'department',
      parentId: big.id,
    });
    expect(added.status).toBe(201);
    const launch = await sys.admin.post(
      `/api/calendars/${calendarId}/launch`,
      launchBody({ organizationId: added.body.id }),
    );
    expect(launch.status).toBe(202);
    const done = await launched(calendarId, added.body.id);
    // No principal leader yet: a report cycle, no 述法 cycle, and the launch says why.
    expect(done.launch.progress).toMatchObject({
      departments: 1,
      reportStarted: 1,
      shufaStarted: 0,
      withoutLeader: [`${prefix}-late`],
    });
    expect(done).toMatchObject({ reportCycles: 51, shufaCycles: 50, departmentsWithoutLeader: 1 });
    const notOurs = await sys.admin.post('/api/organizations', {
      code: `${prefix}-other`,
      name: '他辖区',
      kind: 'jurisdiction',
    });
    const refused = await sys.admin.post(
      `/api/calendars/${calendarId}/launch`,
      launchBody({ organizationId: notOurs.body.id }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.details.fields[0].field).toBe('organizationId');
  });

  it('moves the timers of every running cycle when a due date moves one hour later', async () => {
    const calendar = (await sys.admin.get(`/api/calendars/${calendarId}`)).body;
    const refused = await sys.admin.patch(`/api/calendars/${calendarId}`, {
      due: { ...calendar.due, drafting: new Date(Date.parse(calendar.due.drafting) + H).toISOString() },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.details.fields[0].field).toBe('reason');

    const movedDue = Date.parse(calendar.due.drafting) + H;
    const patched = await sys.admin.patch(`/api/calendars/${calendarId}`, {
      due: { ...calendar.due, drafting: new Date(movedDue).toISOString() },
      reason: '市里统一推迟材料征集截止时间',
    });
    expect(patched.status).toBe(200);
    expect(patched.body.revision).toBe(2);

    const reportIds = (await ids('reportCycleWorkflow')).filter((id) => id.startsWith(`report-${year}-${prefix}-`));
    expect(reportIds).toHaveLength(51);
    await waitUntil(
      async () => {
        const states = await Promise.all(
          reportIds.map((id) => sys.temporal.workflow.getHandle(id).query(cycleStateQuery)),
        );
        // The next timer is the P1D reminder before the new instant.
        return states.every((s) => s.dueAt === movedDue && s.calendarRevision === 2 && s.nextTimerAt === movedDue - D);
      },
      30_000,
      'every cycle to take the new due date',
    );
    const state = await sys.temporal.workflow.getHandle(reportIds[0]).query(cycleStateQuery);
    expect(state.stages.find((s) => s.stage === 'legality_review')?.dueAt).toBe(
      Date.parse(calendar.due.legality_review),
    );

    await waitUntil(
      async () =>
        (await sys.admin.get(`/api/report-cycles/${reportIds[0]}`)).body.dueAt === new Date(movedDue).toISOString(),
      10_000,
      'the projection to follow',
    );
    const trail = await sys.admin.get(`/api/report-cycles/${reportIds[0]}/audit`);
    const retimed = trail.body.items.find((a: any) => a.action === 'cycle.retimed');
    expect(retimed).toMatchObject({
      reason: '市里统一推迟材料征集截止时间',
      before: { revision: 1 },
      after: { revision: 2, due: { drafting: new Date(movedDue).toISOString() } },
    });
    expect(retimed.actor.label).toContain('admin@test.rol-cycle.local');
    // 述法 cycles hold only their own stages, and follow too.
    const shufaState = await sys.temporal.workflow
      .getHandle(`shufa-${year}-${big.departments[1].code}`)
      .query(cycleStateQuery);
    expect(shufaState.calendarRevision).toBe(2);
    expect(shufaState.stages.map((s) => s.stage)).toEqual([
      'shufa_writing',
      'shufa_materials_review',
      'shufa_evaluation',
      'shufa_rectification',
    ]);
  });

  it('fires a reminder at its new instant, never at the old one, and never twice', async () => {
    // A small jurisdiction made through the API: a department, a division with a contributor.
    const j = await sys.admin.post('/api/organizations', {
      code: `${prefix}-small`,
      name: '小辖区',
      kind: 'jurisdiction',
    });
    const dept = await sys.admin.post('/api/organizations', {
      code: `${prefix}-small-d1`,
      name: '区应急管理局',
      kind: 'department',
      parentId: j.body.id,
    });
    const division = await sys.admin.post('/api/organizations', {
      code: `${prefix}-small-d1-fz`,
      name: '法制宣教科',
      kind: 'division',
      parentId: dept.body.id,
    });
    const contributor = `contributor-${prefix}@test.local`;
    const user = await sys.admin.post('/api/users', {
      name: '张三',
      email: contributor,
      password: 'contributor-pass-1',
      organizationId: division.body.id,
      roles: ['contributor'],
    });
    expect(user.status).toBe(201);
    const reminderMails = () => sys.smtp.to(contributor).filter((m) => m.subject?.startsWith('【截止提醒】'));
    const escalationMails = () => sys.smtp.to(contributor).filter((m) => m.subject?.startsWith('【逾期督办'));

    // Contributions due in 25 s, reminder 15 s before: at +10 s.
    const body = calendarRelativeToNow(j.body.id, {
      firstMs: 25_000,
      stepMs: D,
      reminders: ['PT15S'],
      escalation: { after: 'PT3S', every: 'P1D' },
    });
    const calendar = await sys.admin.post('/api/calendars', body);
    const oldReminderAt = Date.parse(body.due.contributions) - 15_000;
    await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody());
    await launched(calendar.body.id);
    const cycleId = `report-${body.year}-${prefix}-small-d1`;

    // One hour later, before the reminder was due.
    const movedDue = Date.parse(body.due.contributions) + H;
    expect(Date.now()).toBeLessThan(oldReminderAt - 1000);
    const patched = await sys.admin.patch(`/api/calendars/${calendar.body.id}`, {
      due: { ...body.due, contributions: new Date(movedDue).toISOString() },
      reason: '推迟一小时',
    });
    expect(patched.status).toBe(200);
    await waitUntil(
      async () => {
        const state = await sys.temporal.workflow.getHandle(cycleId).query(cycleStateQuery);
        return state.dueAt === movedDue && state.nextTimerAt === movedDue - 15_000;
      },
      8_000,
      'the cycle to re-plan its reminder for the new due date',
    );
    // The old instant passes without a reminder.
    await new Promise((r) => setTimeout(r, Math.max(0, oldReminderAt + 2000 - Date.now())));
    expect(reminderMails()).toHaveLength(0);

    // Now due in 20 s: the reminder must come at +5 s, not before.
    const patchedAt = Date.now();
    const nearDue = patchedAt + 20_000;
    await sys.admin.patch(`/api/calendars/${calendar.body.id}`, {
      due: { ...body.due, contributions: new Date(nearDue).toISOString() },
      reason: '恢复原计划',
    });
    await sys.smtp.waitFor(() => reminderMails().length === 1, 15_000);
    const reminder = reminderMails()[0];
    expect(reminder.date!.getTime()).toBeGreaterThanOrEqual(Math.floor((nearDue - 15_000) / 1000) * 1000);
    expect(reminder.subject).toContain('材料征集');
    expect(reminder.text).toContain('区应急管理局');

    // Past the due instant: overdue, then the first escalation round; the reminder is not repeated.
    await sys.smtp.waitFor(() => escalationMails().length === 1, 25_000);
    expect(escalationMails()[0].subject).toContain('第1次');
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body.overdue === true,
      5_000,
      'the projection to show overdue',
    );
    // Extending the open, overdue stage: no longer overdue, the reminder (sent for this visit) is
    // not sent again, and when it is overdue again the ladder starts from round 1, `after` past the new date.
    const extendedDue = Date.now() + 4_000;
    const extended = await sys.admin.post(`/api/report-cycles/${cycleId}/extend`, {
      stage: 'contributions',
      dueAt: new Date(extendedDue).toISOString(),
      reason: '延期四秒',
    });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ overdue: false, dueAt: new Date(extendedDue).toISOString() });
    await sys.smtp.waitFor(() => escalationMails().length === 2, 20_000);
    const second = escalationMails()[1];
    expect(second.subject).toContain('第1次');
    expect(second.date!.getTime()).toBeGreaterThanOrEqual(Math.floor((extendedDue + 3_000) / 1000) * 1000);
    expect(reminderMails()).toHaveLength(1);

    // A mail arrives a moment before its delivery is recorded.
    const trailNow = async () => (await sys.admin.get(`/api/report-cycles/${cycleId}/audit?limit=200`)).body.items;
    const escalationsRecorded = async () =>
      (await trailNow()).filter((a: any) => a.action === 'notice.sent' && a.after.kind === 'escalation').length;
    await waitUntil(async () => (await escalationsRecorded()) === 2, 10_000, 'the second escalation to be recorded');
    const trail = await trailNow();
    const actions = trail.map((a: any) => a.action);
    expect(actions.filter((a: string) => a === 'cycle.retimed')).toHaveLength(2);
    expect(actions.filter((a: string) => a === 'cycle.extended')).toHaveLength(1);
    expect(actions.filter((a: string) => a === 'stage.overdue')).toHaveLength(2);
    const sent = trail.filter((a: any) => a.action === 'notice.sent').map((a: any) => a.after.kind);
    expect(sent.filter((k: string) => k === 'reminder')).toHaveLength(1);
    expect(sent.filter((k: string) => k === 'escalation')).toHaveLength(2);
  }, 90_000);

  it('extends one stage of one cycle, with the reason, and refuses bad extensions', async () => {
    const id = `report-${year}-${big.departments[2].code}`;
    const newDue = Date.now() + 30 * D;
    const extended = await sys.admin.post(`/api/report-cycles/${id}/extend`, {
      stage: 'drafting',
      dueAt: new Date(newDue).toISOString(),
      reason: '机构改革，起草延后',
    });
    expect(extended.status).toBe(200);
    const drafting = extended.body.stages.find((s: any) => s.stage === 'drafting');
    expect(drafting).toMatchObject({ dueAt: new Date(newDue).toISOString(), extended: true });
    const trail = (await sys.admin.get(`/api/report-cycles/${id}/audit`)).body.items;
    expect(trail.at(-1)).toMatchObject({ action: 'cycle.extended', reason: '机构改革，起草延后' });

    const past = await sys.admin.post(`/api/report-cycles/${id}/extend`, {
      stage: 'drafting',
      dueAt: '2020-01-01T00:00:00+08:00',
      reason: 'x',
    });
    expect(past.status).toBe(400);
    expect(past.body.details.fields[0].field).toBe('dueAt');
    const wrongKind = await sys.admin.post(`/api/report-cycles/${id}/extend`, {
      stage: 'shufa_writing',
      dueAt: new Date(newDue).toISOString(),
      reason: 'x',
    });
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.details.fields[0].field).toBe('stage');
    const noReason = await sys.admin.post(`/api/report-cycles/${id}/extend`, {
      stage: 'drafting',
      dueAt: new Date(newDue).toISOString(),
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.fields[0].field).toBe('reason');
    expect(
      (
        await sys.admin.post(`/api/report-cycles/report-1999-nothing/extend`, {
          stage: 'drafting',
          dueAt: new Date(newDue).toISOString(),
          reason: 'x',
        })
      ).status,
    ).toBe(404);

    // A calendar change later leaves the extended stage alone.
    const calendar = (await sys.admin.get(`/api/calendars/${calendarId}`)).body;
    await sys.admin.patch(`/api/calendars/${calendarId}`, {
      due: { ...calendar.due, drafting: new Date(Date.parse(calendar.due.drafting) + H).toISOString() },
      reason: '起草截止推迟一小时',
    });
    await waitUntil(
      async () => (await sys.temporal.workflow.getHandle(id).query(cycleStateQuery)).calendarRevision === 3,
      20_000,
      'the change to arrive',
    );
    const state = await sys.temporal.workflow.getHandle(id).query(cycleStateQuery);
    expect(state.stages.find((s) => s.stage === 'drafting')?.dueAt).toBe(newDue);
  });

  it('lets only an admin above the department extend, and hides other jurisdictions’ cycles', async () => {
    const leader = big.departments[3];
    const asLeader = await sys.http.login(leader.leaderEmail!, 'seed-password-123');
    const id = `report-${year}-${leader.code}`;
    expect((await asLeader.get(`/api/report-cycles/${id}`)).status).toBe(200);
    const refused = await asLeader.post(`/api/report-cycles/${id}/extend`, {
      stage: 'drafting',
      dueAt: new Date(Date.now() + 40 * D).toISOString(),
      reason: 'x',
    });
    expect(refused.status).toBe(403);
    expect((await asLeader.get(`/api/report-cycles/report-${year}-${big.departments[4].code}`)).status).toBe(404);
    const mine = await asLeader.get(`/api/report-cycles?year=${year}`);
    expect(mine.body.items.map((c: any) => c.id)).toEqual([id]);

    // Cancelling: an admin above only, with a reason; once.
    expect((await asLeader.post(`/api/report-cycles/${id}/cancel`, { reason: 'x' })).status).toBe(403);
    expect((await sys.admin.post(`/api/report-cycles/${id}/cancel`, {})).status).toBe(400);
    const cancelled = await sys.admin.post(`/api/report-cycles/${id}/cancel`, { reason: '部门撤并' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ stage: 'cancelled', dueAt: null });
    expect((await sys.temporal.workflow.getHandle(id).result()).stage).toBe('cancelled');
    const again = await sys.admin.post(`/api/report-cycles/${id}/cancel`, { reason: '部门撤并' });
    expect(again.status).toBe(409);
  });

  it('launches the year by itself at the scheduled instant (a Temporal Schedule)', async () => {
    const seeded = await seedJurisdiction(sys.database.url, { code: `${prefix}-sched`, departments: 3 });
    const body = calendarRelativeToNow(seeded.id, { firstMs: 10 * D, stepMs: D });
    const past = await sys.admin.post('/api/calendars', { ...body, launchAt: '2020-01-05T09:00:00+08:00' });
    expect(past.status).toBe(400);
    expect(past.body.details.fields[0].field).toBe('launchAt');

    const launchAt = new Date(Math.ceil((Date.now() + 4_000) / 1000) * 1000);
    const calendar = await sys.admin.post('/api/calendars', launchBody({ ...body, launchAt: launchAt.toISOString() }));
    expect(calendar.status).toBe(201);
    expect(calendar.body).toMatchObject({ status: 'draft', launchAt: launchAt.toISOString() });
    const pending = (await sys.admin.get(`/api/calendars/${calendar.body.id}/launch`)).body;
    expect(pending).toMatchObject({ reportCycles: 0, scheduled: { nextAt: launchAt.toISOString(), workflowId: null } });

    const done = await launched(calendar.body.id);
    expect(done).toMatchObject({ status: 'launched', reportCycles: 3, shufaCycles: 3 });
    expect(Date.parse(done.launchedAt)).toBeGreaterThanOrEqual(launchAt.getTime());
    const trail = await sys.admin.get(`/api/audit?subjectType=calendar&subjectId=${calendar.body.id}`);
    expect(trail.body.items.map((a: any) => a.action)).toContain('calendar.launched');
    expect(trail.body.items.find((a: any) => a.action === 'calendar.launched').after).toEqual({ how: 'schedule' });
    // Launched by hand before its time: the pending schedule is removed (it would start nothing anyway).
    const other = await seedJurisdiction(sys.database.url, { code: `${prefix}-sched2`, departments: 1 });
    const later = await sys.admin.post(
      '/api/calendars',
      launchBody({
        ...calendarRelativeToNow(other.id, { firstMs: 10 * D, stepMs: D }),
        launchAt: new Date(Date.now() + D).toISOString(),
      }),
    );
    expect((await sys.admin.get(`/api/calendars/${later.body.id}/launch`)).body.scheduled).toMatchObject({
      workflowId: null,
    });
    await sys.admin.post(`/api/calendars/${later.body.id}/launch`, launchBody());
    expect((await launched(later.body.id)).scheduled).toBeNull();
    // Launched: the scheduled time can no longer be changed.
    const late = await sys.admin.patch(`/api/calendars/${calendar.body.id}`, {
      launchAt: new Date(Date.now() + D).toISOString(),
      reason: 'x',
    });
    expect(late.status).toBe(400);
    expect(late.body.details.fields[0].field).toBe('launchAt');
  });
});
