import { randomBytes } from 'node:crypto';
import { calendarRelativeToNow, launchBody } from './helpers/seed';
import { waitUntil } from './helpers/processes';
import { startTestSystem, TestSystem } from './helpers/test-system';
import { testPeople } from './helpers/people';

// The real parser calendar clients are checked against.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js');

/** iCalendar instants have whole seconds. */
const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;

interface FeedEvent {
  uid: string;
  sequence: number;
  start: number;
  summary: string;
  description: string;
  alarms: number[];
}

/**
 * Each user's calendar feed: an iCalendar of the deadlines he is told of, fetched without a login
 * by its secret URL; it follows extensions (same UID, later DTSTART, higher SEQUENCE), and rotating
 * the URL revokes the old one at once.
 */
describe('calendar feeds', () => {
  let sys: TestSystem;
  const p = `f${randomBytes(3).toString('hex')}`;
  const { as, user } = testPeople(() => sys, p);
  let divisionA: string;
  let divisionB: string;
  let cycleId: string;
  let otherCycleId: string;
  let contributionsDue: number;
  let draftingDue: number;

  /** The feed at a URL, without any login, parsed by ical.js. */
  async function fetchFeed(
    url: string,
  ): Promise<{ status: number; type: string | null; cacheControl: string | null; events: FeedEvent[] }> {
    const response = await fetch(url);
    const text = await response.text();
    const head = {
      status: response.status,
      type: response.headers.get('content-type'),
      cacheControl: response.headers.get('cache-control'),
    };
    if (response.status !== 200) return { ...head, events: [] };
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((vevent: any): FeedEvent => {
      const event = new ICAL.Event(vevent);
      return {
        uid: event.uid,
        sequence: event.sequence,
        start: event.startDate.toJSDate().getTime(),
        summary: event.summary,
        description: event.description,
        alarms: vevent.getAllSubcomponents('valarm').map((a: any) => a.getFirstPropertyValue('trigger').toSeconds()),
      };
    });
    return { ...head, events };
  }

  async function feedUrlOf(who: string): Promise<string> {
    const answer = await as[who].get('/api/me/calendar-feed');
    expect(answer.status).toBe(200);
    return answer.body.url as string;
  }

  beforeAll(async () => {
    sys = await startTestSystem();
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
    const other = await sys.admin.post('/api/organizations', {
      code: `${p}-jt`,
      name: '嘉定区交通委员会',
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
    await user('otherOfficer', other.body.id, ['officer']);
    await user('office', j.body.id, ['admin']);

    // Far enough ahead that no reminder fires while the test runs.
    const body = calendarRelativeToNow(j.body.id, {
      firstMs: 5 * 86_400_000,
      stepMs: 86_400_000,
      reminders: ['P1D', 'PT2H'],
    });
    contributionsDue = Date.parse(body.due.contributions as string);
    draftingDue = Date.parse(body.due.drafting as string);
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    for (const organizationId of [dept.body.id, other.body.id]) {
      const launched = await sys.admin.post(
        `/api/calendars/${calendar.body.id}/launch`,
        launchBody({ organizationId }),
      );
      expect(launched.status).toBeLessThan(300);
    }
    cycleId = `report-${body.year}-${p}-sw`;
    otherCycleId = `report-${body.year}-${p}-jt`;
    for (const id of [cycleId, otherCycleId]) {
      await waitUntil(async () => (await sys.admin.get(`/api/report-cycles/${id}`)).status === 200, 30_000, id);
    }
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('lists a contributor’s own division’s deadline, and only it, without a login', async () => {
    // Asked for at once the first time: one URL is issued, and all of them get it.
    const urls = await Promise.all([1, 2, 3, 4].map(() => feedUrlOf('contributorA')));
    const url = urls[0];
    expect(new Set(urls).size).toBe(1);
    expect(url).toMatch(new RegExp(`^${sys.api.url}/feeds/[A-Za-z0-9_-]{43}\\.ics$`));
    // The same URL every time it is asked for.
    expect(await feedUrlOf('contributorA')).toBe(url);

    const feed = await fetchFeed(url);
    expect(feed.status).toBe(200);
    expect(feed.type).toBe('text/calendar; charset=utf-8');
    expect(feed.cacheControl).toBe('no-store');
    expect(feed.events).toEqual([
      {
        uid: `${cycleId}:contribution-${divisionA}@rol-cycle`,
        sequence: 0,
        start: seconds(contributionsDue),
        summary: '【材料征集截止】嘉定区商务委员会 · 市场监管科的材料',
        description: expect.stringContaining(`周期编号：${cycleId}`),
        alarms: [-86_400, -7_200],
      },
    ]);
    expect(feed.events[0].description).toContain('嘉定区商务委员会');
    expect(feed.events[0].description).toContain('（北京时间）');
  });

  it('lists another user only the deadlines he is told of', async () => {
    const b = await fetchFeed(await feedUrlOf('contributorB'));
    expect(b.events.map((e) => e.uid)).toEqual([`${cycleId}:contribution-${divisionB}@rol-cycle`]);

    // The other department has no divisions: its report starts at drafting, its officer's deadline.
    const other = await fetchFeed(await feedUrlOf('otherOfficer'));
    expect(other.events.map((e) => ({ uid: e.uid, start: e.start }))).toEqual([
      { uid: `${otherCycleId}:drafting@rol-cycle`, start: seconds(draftingDue) },
    ]);
    expect(other.events[0].summary).toBe('【起草截止】嘉定区交通委员会');

    // While the divisions hand in, their contributors are told; the officer has no deadline yet.
    expect((await fetchFeed(await feedUrlOf('officer'))).events).toEqual([]);

    // The jurisdiction's office sees every deadline of its jurisdiction.
    const office = await fetchFeed(await feedUrlOf('office'));
    expect(office.events.map((e) => e.uid).sort()).toEqual(
      [
        `${cycleId}:contribution-${divisionA}@rol-cycle`,
        `${cycleId}:contribution-${divisionB}@rol-cycle`,
        `${otherCycleId}:drafting@rol-cycle`,
      ].sort(),
    );
  });

  it('follows an extension: same UID, the new DTSTART, a higher SEQUENCE', async () => {
    const url = await feedUrlOf('contributorA');
    const before = (await fetchFeed(url)).events[0];
    const later = seconds(contributionsDue) + 2 * 3_600_000;
    const extended = await sys.admin.post(`/api/report-cycles/${cycleId}/extend`, {
      stage: 'contributions',
      dueAt: new Date(later).toISOString(),
      reason: '材料征集范围调整',
    });
    expect(extended.status).toBe(200);

    const after = (await fetchFeed(url)).events;
    expect(after).toHaveLength(1);
    expect(after[0].uid).toBe(before.uid);
    expect(after[0].start).toBe(later);
    expect(after[0].sequence).toBeGreaterThan(before.sequence);
    // Fetched again unchanged, it keeps its SEQUENCE.
    expect((await fetchFeed(url)).events[0].sequence).toBe(after[0].sequence);
    // Everyone's feed shows the same version of the same deadline.
    const office = (await fetchFeed(await feedUrlOf('office'))).events.find((e) => e.uid === before.uid);
    expect(office).toMatchObject({ start: later, sequence: after[0].sequence });

    // Moved again (the other department's stage too): it rises again, never goes down.
    const again = await sys.admin.post(`/api/report-cycles/${cycleId}/extend`, {
      stage: 'contributions',
      dueAt: new Date(later + 3_600_000).toISOString(),
      reason: '再次调整',
    });
    expect(again.status).toBe(200);
    const third = (await fetchFeed(url)).events[0];
    expect(third.start).toBe(later + 3_600_000);
    expect(third.sequence).toBeGreaterThan(after[0].sequence);
  });

  it('revokes the old URL at once when rotated, and records who rotated it', async () => {
    const old = await feedUrlOf('contributorA');
    const rotated = await as.contributorA.post('/api/me/calendar-feed/rotate');
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.url as string;
    expect(fresh).not.toBe(old);
    expect(await feedUrlOf('contributorA')).toBe(fresh);

    const gone = await fetch(old);
    expect(gone.status).toBe(404);
    expect(gone.headers.get('cache-control')).toBe('no-store');
    expect(((await gone.json()) as { code: string }).code).toBe('NOT_FOUND');
    const works = await fetchFeed(fresh);
    expect(works.status).toBe(200);
    expect(works.events.map((e) => e.uid)).toEqual([`${cycleId}:contribution-${divisionA}@rol-cycle`]);

    // Unknown and malformed tokens are not found either; nothing is served under /api/feeds.
    expect((await fetch(`${sys.api.url}/feeds/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetch(`${sys.api.url}/feeds/not-a-token.ics`)).status).toBe(404);
    expect((await fetch(fresh.replace('/feeds/', '/api/feeds/'))).status).toBe(404);
    // The other routes keep their /api prefix (outside it, a browser's page request gets the console).
    const unprefixed = await fetch(`${sys.api.url}/me/calendar-feed`, { headers: { accept: 'application/json' } });
    expect(unprefixed.status).toBe(404);

    const me = (await as.contributorA.get('/api/me')).body;
    const trail = await sys.admin.get(`/api/audit?subjectType=user&subjectId=${me.id}&limit=50`);
    expect(trail.status).toBe(200);
    const actions = trail.body.items.map((row: { action: string }) => row.action);
    expect(actions.filter((a: string) => a.startsWith('calendar_feed.')).sort()).toEqual([
      'calendar_feed.issued',
      'calendar_feed.rotated',
    ]);
    const row = trail.body.items.find((r: { action: string }) => r.action === 'calendar_feed.rotated');
    expect(row.actorId).toBe(me.id);
    // The trail never holds the token.
    expect(JSON.stringify(trail.body)).not.toContain(fresh.split('/feeds/')[1].replace('.ics', ''));
    expect(JSON.stringify(trail.body)).not.toContain(old.split('/feeds/')[1].replace('.ics', ''));
  });

  it('serves no feed of a deactivated user', async () => {
    const url = await feedUrlOf('contributorB');
    expect((await fetchFeed(url)).status).toBe(200);
    const id = (await as.contributorB.get('/api/me')).body.id;
    expect((await sys.admin.patch(`/api/users/${id}`, { active: false })).status).toBe(200);
    expect((await fetchFeed(url)).status).toBe(404);
  });

  it('needs a login for the caller’s own feed URL', async () => {
    expect((await sys.http.get('/api/me/calendar-feed')).status).toBe(401);
    expect((await sys.http.post('/api/me/calendar-feed/rotate')).status).toBe(401);
  });
});
