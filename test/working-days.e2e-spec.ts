import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getDayDetail } from 'chinese-days';
import { addDays, shanghaiDate, WorkingDays } from '@rol/domain';
import { DataSource } from 'typeorm';
import { HolidayPackageService } from '../apps/api/src/working-days/holiday-package.service';
import { chineseDaysHolidayData, packageHolidayDays, packageYears } from '@rol/persistence';
import { holidayNoticeFixturesDir } from './helpers/fixtures';
import { testPeople } from './helpers/people';
import { waitUntil } from './helpers/processes';
import { startTestSystem, TestSystem } from './helpers/test-system';
import { launchBody } from './helpers/seed';

const STAGES = ['contributions', 'drafting', 'legality_review', 'sign_off', 'submission', 'publication'];
const SHUFA = ['shufa_writing', 'shufa_materials_review', 'shufa_evaluation', 'shufa_rectification'];
/** The published data alone, as the package has it. */
const published = new WorkingDays(chineseDaysHolidayData);

/** Every stage due on its own date at 18:00 Beijing time, a day apart from `first` on. */
function calendarFrom(jurisdictionId: string, year: number, first: string, settings: Record<string, unknown> = {}) {
  const due = Object.fromEntries(
    [...STAGES.map((s, i) => [s, addDays(first, i * 10)]), ...SHUFA.map((s, i) => [s, addDays(first, 1 + i * 10)])].map(
      ([stage, date]) => [stage, `${date}T18:00:00+08:00`],
    ),
  );
  return {
    jurisdictionId,
    year,
    rollover: 'next-workday',
    due,
    reminders: ['P3D'],
    escalation: { after: 'P1D', every: 'P3D' },
    ...settings,
  };
}

/**
 * Working days the law will use: which years are known, the State Council's notice imported as
 * data, running cycles re-timed when the days change, and a jurisdiction's own non-working days.
 */
describe('working days from the State Council’s notices', () => {
  let sys: TestSystem;
  const p = `w${randomBytes(3).toString('hex')}`;
  const { as, user, mailsTo, organization } = testPeople(() => sys, p);
  const notices = holidayNoticeFixturesDir();
  const lastPublished = Math.max(...packageYears());
  const unknownYear = lastPublished + 1;
  let jurisdiction: string;
  let department: string;

  beforeAll(async () => {
    sys = await startTestSystem();
    jurisdiction = await organization('j', '闵行区人民政府', 'jurisdiction');
    department = await organization('sf', '闵行区司法局', 'department', jurisdiction);
    await user('officer', department, ['officer']);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('warns about a year whose holidays are unknown, and launches only when told it is known', async () => {
    const body = calendarFrom(jurisdiction, lastPublished, `${unknownYear}-01-12`);
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    const warning = {
      code: 'HOLIDAYS_UNKNOWN',
      year: unknownYear,
      message: expect.stringContaining(`${unknownYear}年部分节假日安排的通知`),
    };
    expect(calendar.body.warnings).toEqual([warning]);
    expect((await sys.admin.get(`/api/calendars/${calendar.body.id}/preview`)).body.warnings).toEqual([warning]);
    expect((await sys.admin.get(`/api/calendars/${calendar.body.id}/launch`)).body.warnings).toEqual([warning]);

    const refused = await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, {});
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'HOLIDAYS_UNKNOWN', details: { warnings: [warning] } });
    const launched = await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, {
      acknowledgeUnknownHolidays: true,
    });
    expect(launched.status).toBe(202);
    const trail = (await sys.admin.get(`/api/audit?subjectType=calendar&subjectId=${calendar.body.id}`)).body.items;
    expect(trail.find((a: { action: string }) => a.action === 'calendar.launch_requested').after).toMatchObject({
      acknowledgedUnknownHolidays: [unknownYear],
    });

    // A launch scheduled to run unattended is acknowledged when it is set.
    const later = await organization('jx', '嘉兴某区人民政府', 'jurisdiction');
    const scheduled = {
      ...calendarFrom(later, lastPublished, `${unknownYear}-01-12`),
      launchAt: '2099-01-05T09:00:00+08:00',
    };
    const unscheduled = await sys.admin.post('/api/calendars', scheduled);
    expect(unscheduled.status).toBe(422);
    expect(unscheduled.body.code).toBe('HOLIDAYS_UNKNOWN');
    expect((await sys.admin.post('/api/calendars', { ...scheduled, acknowledgeUnknownHolidays: true })).status).toBe(
      201,
    );

    // Per year, the admin's list says where the days come from and whether the year is known.
    const years = (await sys.admin.get(`/api/working-days?from=${lastPublished}-06-01&to=${unknownYear}-06-01`)).body
      .years;
    expect(years).toEqual([
      expect.objectContaining({ year: lastPublished, covered: true, sources: ['package'] }),
      expect.objectContaining({ year: unknownYear, covered: false, sources: [] }),
    ]);
  });

  it.each([2024, 2025])('imports the %i notice as published, to exactly the days chinese-days has', async (year) => {
    const text = readFileSync(join(notices, `${year}.txt`), 'utf8');
    const dry = await sys.admin.post('/api/working-days/notices', { year, text, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    const imported = await sys.admin.post('/api/working-days/notices', { year, text });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({
      year,
      title: `国务院办公厅关于${year}年部分节假日安排的通知`,
      dryRun: false,
    });
    expect(imported.body.holidays).toEqual(dry.body.holidays);
    // The notice says what the package says: nothing changes, nothing is re-timed.
    expect(imported.body.changedDays).toEqual([]);
    const fromNotice = new WorkingDays(
      () => null,
      [
        ...imported.body.holidays.map((d: { date: string; name: string }) => ({ ...d, working: false })),
        ...imported.body.workdays.map((d: { date: string; name: string }) => ({ ...d, working: true })),
      ],
    );
    const differing: string[] = [];
    for (let date = `${year}-01-01`; date <= `${year}-12-31`; date = addDays(date, 1)) {
      if (fromNotice.isWorkingDay(date) !== getDayDetail(date).work) differing.push(date);
    }
    expect(differing).toEqual([]);
    const listed = (await sys.admin.get(`/api/working-days?from=${year}-09-28&to=${year}-10-12`)).body;
    expect(listed.items.find((d: { date: string }) => d.date === `${year}-10-01`)).toMatchObject({
      working: false,
      source: 'notice',
    });
    expect(listed.years).toEqual([expect.objectContaining({ year, covered: true, sources: ['package', 'notice'] })]);
    const trail = (await sys.admin.get(`/api/audit?subjectType=working_day&subjectId=notice-${year}`)).body.items;
    expect(trail.map((a: { action: string }) => a.action)).toEqual(['working_days.notice_imported']);
  });

  it('refuses a notice it cannot read fully, naming the sentence, and stores nothing', async () => {
    const text = `国务院办公厅关于${unknownYear}年部分节假日安排的通知\n\n一、元旦：1月1日放假，共1天。\n\n二、春节：视情况另行通知，2月上旬前后。\n`;
    const refused = await sys.admin.post('/api/working-days/notices', { year: unknownYear, text });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('NOTICE_UNREADABLE');
    expect(refused.body.message).toContain('视情况另行通知');
    expect(refused.body.details.problems[0].sentence).toContain('视情况另行通知');
    const years = (await sys.admin.get(`/api/working-days?from=${unknownYear}-01-01&to=${unknownYear}-01-02`)).body;
    expect(years.items[0]).toMatchObject({ date: `${unknownYear}-01-01`, source: 'weekday' });
    expect(years.years[0].covered).toBe(false);
    // Only a system-wide administrator changes the national data.
    const scoped = await organization('sj', '松江区人民政府', 'jurisdiction');
    await user('scopedAdmin', scoped, ['admin']);
    const valid = `国务院办公厅关于${unknownYear}年部分节假日安排的通知\n\n一、元旦：1月1日放假，共1天。\n`;
    const notAllowed = await as.scopedAdmin.post('/api/working-days/notices', { year: unknownYear, text: valid });
    expect(notAllowed.status).toBe(403);
    // A dry run reads it for anyone who may administer.
    const read = await as.scopedAdmin.post('/api/working-days/notices', {
      year: unknownYear,
      text: valid,
      dryRun: true,
    });
    expect(read.body.holidays).toEqual([{ date: `${unknownYear}-01-01`, name: '元旦' }]);
  });

  it('re-times a running cycle when an imported notice makes its due date a holiday; no reminder is sent twice', async () => {
    // Drafting due on the third working day from today (the department has no divisions: drafting opens at once).
    const today = shanghaiDate(new Date());
    const due = published.addWorkingDays(today, 3);
    const year = Number(due.slice(0, 4));
    const j2 = await organization('j2', '奉贤区人民政府', 'jurisdiction');
    const d2 = await organization('fx', '奉贤区民政局', 'department', j2);
    const body = calendarFrom(j2, Number(today.slice(0, 4)), addDays(due, -20), {
      reminders: ['P20D'],
      due: Object.fromEntries(
        [...STAGES, ...SHUFA].map((stage, i) => [
          stage,
          `${stage === 'drafting' ? due : stage === 'contributions' ? published.previousWorkingDay(due) : addDays(due, 20 + i * 10)}T18:00:00+08:00`,
        ]),
      ),
    });
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.body).toMatchObject({ id: expect.any(String) });
    expect(calendar.body.effectiveDue.drafting).toBe(new Date(`${due}T18:00:00+08:00`).toISOString());
    await user('officer3', d2, ['officer']);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    const cycleId = `report-${body.year}-${p}-fx`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body.stage === 'drafting',
      20_000,
      'the cycle',
    );
    // The P20D reminder's instant has passed at launch: it goes out once, at once.
    await sys.smtp.waitFor(() => mailsTo('officer3', '【截止提醒】', cycleId).length === 1, 20_000);

    const [month, day] = [Number(due.slice(5, 7)), Number(due.slice(8, 10))];
    const text = `国务院办公厅关于${year}年部分节假日安排的通知\n\n一、测试纪念日：${month}月${day}日放假，共1天。\n`;
    const imported = await sys.admin.post('/api/working-days/notices', { year, text });
    expect(imported.status).toBe(200);
    expect(imported.body.changedDays).toEqual([due]);
    // This calendar's due date moves; launched calendars with quiet hours whose notices fall on the
    // day are re-timed too (their due dates stay).
    expect(imported.body.retimedCalendars).toContainEqual({ calendarId: calendar.body.id, revision: 2 });

    // Rolled over to the next working day by the calendar's rule, in the cycle too.
    const moved = new Date(`${published.nextWorkingDay(due)}T18:00:00+08:00`).toISOString();
    expect((await sys.admin.get(`/api/calendars/${calendar.body.id}`)).body.effectiveDue.drafting).toBe(moved);
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body.dueAt === moved,
      20_000,
      'the re-timing',
    );
    const trail = (await sys.admin.get(`/api/report-cycles/${cycleId}/audit?limit=100`)).body.items;
    const retimed = trail.find((a: { action: string }) => a.action === 'cycle.retimed');
    expect(retimed.reason).toBe(`节假日安排变更：${due}`);
    expect(retimed.after).toMatchObject({ revision: 2, due: { drafting: moved } });
    const calendarTrail = (await sys.admin.get(`/api/audit?subjectType=calendar&subjectId=${calendar.body.id}`)).body
      .items;
    expect(calendarTrail.find((a: { action: string }) => a.action === 'calendar.retimed')).toMatchObject({
      reason: `节假日安排变更：${due}`,
      after: { revision: 2, days: [due] },
    });
    // The reminder already sent is not sent again for the new date.
    await new Promise((r) => setTimeout(r, 3000));
    expect(mailsTo('officer3', '【截止提醒】', cycleId)).toHaveLength(1);
  });

  it('keeps a jurisdiction’s own non-working day to its own calendars', async () => {
    const year = lastPublished;
    // A Wednesday in May of a published year that is an ordinary working day.
    let day = `${year}-05-13`;
    while (!published.isWorkingDay(day) || new Date(`${day}T12:00:00+08:00`).getUTCDay() !== 3) day = addDays(day, 1);
    const own = await organization('gx', '广西某县人民政府', 'jurisdiction');
    const elsewhere = await organization('zj', '浙江某县人民政府', 'jurisdiction');
    await user('otherAdmin', elsewhere, ['admin']);
    const body = { working: false, name: '三月三', jurisdictionId: own };
    expect((await as.otherAdmin.request('PUT', `/api/working-days/${day}`, { body })).status).toBe(403);
    const set = await sys.admin.request('PUT', `/api/working-days/${day}`, { body });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ date: day, working: false, name: '三月三', source: 'local', jurisdictionId: own });
    const dayIn = async (query: string) =>
      (await sys.admin.get(`/api/working-days?from=${day}&to=${day}${query}`)).body.items[0];
    expect(await dayIn(`&jurisdictionId=${own}`)).toMatchObject({ working: false, source: 'local' });
    expect(await dayIn(`&jurisdictionId=${elsewhere}`)).toMatchObject({ working: true });
    expect(await dayIn('')).toMatchObject({ working: true });

    // A due date that day rolls over in its own jurisdiction only; its preview marks the reminder on it.
    // Quiet hours off: the preview shows the instant as planned, on the day itself.
    const settings = { rollover: 'previous-workday', reminders: ['P1D'], quietHours: { enabled: false } };
    const ownCalendar = await sys.admin.post('/api/calendars', calendarFrom(own, year - 1, day, settings));
    const otherCalendar = await sys.admin.post('/api/calendars', calendarFrom(elsewhere, year - 1, day, settings));
    expect([ownCalendar.status, otherCalendar.status]).toEqual([201, 201]);
    expect(otherCalendar.body.effectiveDue.contributions).toBe(new Date(`${day}T18:00:00+08:00`).toISOString());
    expect(ownCalendar.body.effectiveDue.contributions).toBe(
      new Date(`${published.previousWorkingDay(day)}T18:00:00+08:00`).toISOString(),
    );
    // 述法 writing is due the next day: its P1D reminder falls on the day itself.
    const writingReminder = async (calendarId: string) =>
      (await sys.admin.get(`/api/calendars/${calendarId}/preview`)).body.stages.find(
        (s: { stage: string }) => s.stage === 'shufa_writing',
      ).reminders[0];
    expect(await writingReminder(ownCalendar.body.id)).toMatchObject({
      date: day,
      working: false,
      holiday: '三月三',
      local: true,
    });
    expect(await writingReminder(otherCalendar.body.id)).toMatchObject({ date: day, working: true, local: false });

    // Taken back, the day is a working day there again.
    const removed = await sys.admin.request('DELETE', `/api/working-days/${day}?jurisdictionId=${own}`);
    expect(removed.status).toBe(200);
    expect(await dayIn(`&jurisdictionId=${own}`)).toMatchObject({ working: true, source: 'weekday' });
    expect((await sys.admin.request('DELETE', `/api/working-days/${day}?jurisdictionId=${own}`)).status).toBe(404);
  });

  it('re-times what a newer published package moves, found at start-up, once', async () => {
    const packages = sys.api.app.get(HolidayPackageService);
    const dataSource = sys.api.app.get(DataSource);
    // Recorded at the first start: nothing to compare yet.
    const [stored] = await dataSource.query('SELECT days FROM holiday_package_data WHERE id = 1');
    expect(stored.days).toEqual(packageHolidayDays());
    expect(await packages.followPackage()).toEqual([]);

    const today = shanghaiDate(new Date());
    // Clear of the day the notice above made a holiday (the third working day from today).
    const due = published.addWorkingDays(today, 6);
    const j3 = await organization('j3', '金山区人民政府', 'jurisdiction');
    await organization('js', '金山区司法局', 'department', j3);
    const body = calendarFrom(j3, Number(today.slice(0, 4)), due, {
      due: Object.fromEntries(
        [...STAGES, ...SHUFA].map((stage, i) => [
          stage,
          `${stage === 'drafting' ? due : stage === 'contributions' ? published.addWorkingDays(today, 5) : addDays(due, 20 + i * 10)}T18:00:00+08:00`,
        ]),
      ),
    });
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.body).toMatchObject({ id: expect.any(String) });
    await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody());
    const cycleId = `report-${body.year}-${p}-js`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body.stage === 'drafting',
      20_000,
      'the cycle',
    );

    // The data planned with before listed the due date as a holiday; the package installed now does not.
    const older = { ...packageHolidayDays(), [due]: { working: false, name: '旧数据中的假日' } };
    await dataSource.query('UPDATE holiday_package_data SET days = $1 WHERE id = 1', [JSON.stringify(older)]);
    expect(await packages.followPackage()).toEqual([due]);
    expect(await packages.followPackage()).toEqual([]);
    const calendarTrail = (await sys.admin.get(`/api/audit?subjectType=calendar&subjectId=${calendar.body.id}`)).body
      .items;
    expect(calendarTrail.find((a: { action: string }) => a.action === 'calendar.retimed')).toMatchObject({
      reason: `节假日安排变更：${due}`,
      after: { revision: 2, due: { drafting: new Date(`${due}T18:00:00+08:00`).toISOString() } },
    });
    await waitUntil(
      async () =>
        (await sys.admin.get(`/api/report-cycles/${cycleId}/audit?limit=100`)).body.items.some(
          (a: { action: string; reason: string }) =>
            a.action === 'cycle.retimed' && a.reason === `节假日安排变更：${due}`,
        ),
      20_000,
      'the cycle re-timed',
    );
    const trail = (await sys.admin.get('/api/audit?subjectType=working_day&subjectId=package')).body.items;
    expect(trail).toEqual([
      expect.objectContaining({ action: 'working_days.package_updated', reason: '节假日安排变更' }),
    ]);
  });
});
