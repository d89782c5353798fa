import { startTestSystem, TestSystem } from './helpers/test-system';

const due = {
  contributions: '2027-01-15T18:00:00+08:00',
  drafting: '2027-02-05T18:00:00+08:00',
  legality_review: '2027-02-15T18:00:00+08:00',
  sign_off: '2027-02-24T18:00:00+08:00',
  submission: '2027-02-28T18:00:00+08:00',
  publication: '2027-03-31T18:00:00+08:00',
  shufa_writing: '2026-12-31T18:00:00+08:00',
  shufa_materials_review: '2027-01-20T18:00:00+08:00',
  shufa_evaluation: '2027-03-15T18:00:00+08:00',
  shufa_rectification: '2027-06-30T18:00:00+08:00',
};

describe('annual calendar: working days, validation, effective due dates and preview', () => {
  let sys: TestSystem;
  let jurisdictionId: string;
  let calendarId: string;

  beforeAll(async () => {
    sys = await startTestSystem();
    const qingpu = await sys.admin.post('/api/organizations', {
      code: 'qingpu',
      name: '上海市青浦区人民政府',
      kind: 'jurisdiction',
    });
    jurisdictionId = qingpu.body.id;
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('lists working days with 调休 and holidays of the published data', async () => {
    const days = await sys.admin.get('/api/working-days?from=2026-09-30&to=2026-10-10');
    expect(days.status).toBe(200);
    expect(days.body.total).toBe(11);
    const byDate = Object.fromEntries(days.body.items.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2026-10-01']).toMatchObject({ working: false, name: '国庆节', source: 'holiday-data' });
    expect(byDate['2026-10-10']).toMatchObject({ working: true, source: 'holiday-data' });
    expect(byDate['2026-09-30']).toMatchObject({ working: true, source: 'weekday' });
    expect((await sys.admin.get('/api/working-days?from=2026-13-01&to=2026-10-10')).body.details.fields[0].field).toBe(
      'from',
    );
  });

  it('lets an admin add next year’s holidays, audited, and they win over the package', async () => {
    // 2027-02-26 is a Friday the package treats as a working day; say the notice makes it a holiday.
    const set = await sys.admin.request('PUT', '/api/working-days/2027-02-26', {
      body: { working: false, name: '春节' },
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ date: '2027-02-26', working: false, name: '春节', source: 'override' });
    const trail = await sys.admin.get('/api/audit?subjectType=working_day&subjectId=2027-02-26');
    expect(trail.body.items[0]).toMatchObject({
      action: 'working_day.overridden',
      before: { working: true },
      after: { working: false },
    });
  });

  it('refuses a bad calendar with VALIDATION_FAILED naming each field', async () => {
    const bad = await sys.admin.post('/api/calendars', {
      jurisdictionId,
      year: 2026,
      due: { ...due, sign_off: '2027-02-01T18:00:00+08:00', peer_review: '2027-02-01' },
      reminders: ['P7D', '-P1D', 'three days'],
      escalation: { after: 'P1D', every: 'P3D' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(
      ['due.peer_review', 'due.sign_off', 'reminders[1]', 'reminders[2]'].sort(),
    );
  });

  it('creates a calendar showing configured and effective (rolled-over) due dates', async () => {
    const created = await sys.admin.post('/api/calendars', {
      jurisdictionId,
      year: 2026,
      due,
      reminders: ['P7D', 'P3D', 'P1D', 'PT0S'],
      escalation: { after: 'P1D', every: 'P3D' },
    });
    expect(created.status).toBe(201);
    calendarId = created.body.id;
    expect(created.body).toMatchObject({ rollover: 'previous-workday', timezone: 'Asia/Shanghai', status: 'draft' });
    // 2027-02-28 is a Sunday: submission rolls back over the Saturday and the overridden Friday to Thursday.
    expect(created.body.due.submission).toBe('2027-02-28T18:00:00+08:00');
    expect(created.body.effectiveDue.submission).toBe('2027-02-25T10:00:00.000Z');
    expect(created.body.rolledOver).toEqual(expect.arrayContaining(['submission']));
    expect(created.body.effectiveDue.drafting).toBe('2027-02-05T10:00:00.000Z');

    const again = await sys.admin.post('/api/calendars', {
      jurisdictionId,
      year: 2026,
      due,
      reminders: [],
      escalation: { after: 'P1D', every: 'P1D' },
    });
    expect(again.status).toBe(409);
  });

  it('previews every deadline, reminder and escalation instant, as quiet hours send them, flagging non-working days', async () => {
    const preview = await sys.admin.get(`/api/calendars/${calendarId}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.quietHours).toEqual({ enabled: true, from: '09:00', to: '17:30' });
    const submission = preview.body.stages.find((s: { stage: string }) => s.stage === 'submission');
    expect(submission).toMatchObject({
      label: '报送',
      cycle: 'report',
      dueAt: '2027-02-25T10:00:00.000Z',
      rolledOver: true,
    });
    expect(submission.reminders.map((r: { offset: string }) => r.offset)).toEqual(['P7D', 'P3D', 'P1D', 'PT0S']);
    // Seven days before 2027-02-25 18:00 is Thursday 2027-02-18 18:00, after office hours: sent Friday 09:00.
    expect(submission.reminders[0]).toMatchObject({
      at: '2027-02-19T01:00:00.000Z',
      date: '2027-02-19',
      working: true,
      plannedAt: '2027-02-18T10:00:00.000Z',
      afterDue: false,
    });
    // The reminder at the due instant would wait past the overridden Friday and the weekend: never sent.
    expect(submission.reminders[3]).toMatchObject({ at: '2027-03-01T01:00:00.000Z', afterDue: true });
    // Round 1 was planned for the overridden Friday (春节): it waits for Monday 09:00; round 2 for Tuesday's.
    expect(submission.escalations[0]).toMatchObject({
      round: 1,
      at: '2027-03-01T01:00:00.000Z',
      working: true,
      plannedAt: '2027-02-26T10:00:00.000Z',
    });
    expect(submission.escalations[1]).toMatchObject({
      round: 2,
      at: '2027-03-02T01:00:00.000Z',
      plannedAt: '2027-03-01T10:00:00.000Z',
    });
    const publication = preview.body.stages.find((s: { stage: string }) => s.stage === 'publication');
    expect(publication.escalations.length).toBeGreaterThan(5);
    expect(preview.body.stages.map((s: { stage: string }) => s.stage)).toHaveLength(10);

    // Bad quiet hours are refused naming the field; turned off, the notices go out as planned.
    const bad = await sys.admin.patch(`/api/calendars/${calendarId}`, { quietHours: { from: '18:00', to: '9:00' } });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field)).toEqual(['quietHours.to']);
    expect((await sys.admin.patch(`/api/calendars/${calendarId}`, { quietHours: { enabled: false } })).status).toBe(
      200,
    );
    const planned = (await sys.admin.get(`/api/calendars/${calendarId}/preview`)).body.stages.find(
      (s: { stage: string }) => s.stage === 'submission',
    );
    expect(planned.reminders[0]).toMatchObject({ at: '2027-02-18T10:00:00.000Z', date: '2027-02-18' });
    expect(planned.reminders[0].plannedAt).toBeUndefined();
    expect(planned.escalations[0]).toMatchObject({
      round: 1,
      at: '2027-02-26T10:00:00.000Z',
      working: false,
      holiday: '春节',
    });
    expect(planned.escalations[1]).toMatchObject({ round: 2, at: '2027-03-01T10:00:00.000Z', working: true });
  });

  it('updates a draft calendar, validating the whole result, and keeps it scoped', async () => {
    const moved = await sys.admin.patch(`/api/calendars/${calendarId}`, { rollover: 'next-workday' });
    expect(moved.status).toBe(200);
    expect(moved.body.effectiveDue.submission).toBe('2027-03-01T10:00:00.000Z');
    const outOfOrder = await sys.admin.patch(`/api/calendars/${calendarId}`, {
      due: { ...due, publication: '2027-02-01' },
    });
    expect(outOfOrder.status).toBe(400);
    expect(outOfOrder.body.details.fields[0].field).toBe('due.publication');

    const other = await sys.admin.post('/api/organizations', {
      code: 'songjiang',
      name: '松江区人民政府',
      kind: 'jurisdiction',
    });
    await sys.admin.post('/api/users', {
      name: '松江管理员',
      email: 'admin@sj.example.gov.cn',
      password: 'sj-Manager-2025',
      organizationId: other.body.id,
      roles: ['admin'],
    });
    const sjAdmin = await sys.http.login('admin@sj.example.gov.cn', 'sj-Manager-2025');
    // Another jurisdiction's admin is not told the calendar exists.
    expect((await sjAdmin.get(`/api/calendars/${calendarId}`)).status).toBe(404);
    expect((await sjAdmin.patch(`/api/calendars/${calendarId}`, { rollover: 'none' })).status).toBe(404);
    expect((await sjAdmin.get('/api/calendars')).body.total).toBe(0);
    // Working days are national: a jurisdiction's admin may read them but not change them.
    const override = await sjAdmin.request('PUT', '/api/working-days/2027-03-01', { body: { working: false } });
    expect(override.status).toBe(403);
  });
});
