import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { HttpResult } from './helpers/http';
import { waitUntil } from './helpers/processes';
import { calendarRelativeToNow, seedJurisdiction, SeededJurisdiction, launchBody } from './helpers/seed';
import { startTestSystem, TestSystem } from './helpers/test-system';

const D = 24 * 3_600_000;

/**
 * An Idempotency-Key whose first request is silent for 2 minutes may be taken over by a retry; the
 * fence (owner token, sealed before any change) lets only one of the two executions commit. The
 * first request is held inside the API by a lock this test takes, and the 2 minutes are made to
 * pass by ageing the claim in SQL.
 */
describe('Idempotency-Key take-over is fenced', () => {
  let sys: TestSystem;
  let db: Client;

  const api = (key: string, path: string, body: unknown): Promise<HttpResult> =>
    sys.admin.request('PATCH', path, { body, headers: { 'Idempotency-Key': key } });
  const record = async (key: string) =>
    (
      await db.query<{ owner_token: string; status_code: number | null; sealed_at: Date | null }>(
        'SELECT owner_token, status_code, sealed_at FROM idempotency_record WHERE key = $1',
        [key],
      )
    ).rows[0];
  /** API connections waiting for a lock (the requests this test holds up), in a statement naming `table`. */
  // By the table's name or its entity's (a long SELECT's text is cut before its FROM: track_activity_query_size).
  const waiting = async (table = '') =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity
            WHERE datname = current_database() AND application_name = 'rol-cycle-api' AND wait_event_type = 'Lock'
              AND query ILIKE '%' || $1 || '%'`,
          [table],
        )
      ).rows[0].n,
    );
  const updates = async (calendarId: string) =>
    Number(
      (
        await db.query<{ n: string }>(
          `SELECT count(*) AS n FROM audit_log WHERE action = 'calendar.updated' AND subject_id = $1`,
          [calendarId],
        )
      ).rows[0].n,
    );
  const revision = async (calendarId: string) =>
    (await db.query<{ revision: number }>('SELECT revision FROM calendar WHERE id = $1', [calendarId])).rows[0]
      .revision;
  /** The claim looks 10 minutes old: abandoned, as if its process had died. */
  const age = (key: string) =>
    db.query(`UPDATE idempotency_record SET claimed_at = now() - interval '10 minutes' WHERE key = $1`, [key]);
  /** A draft calendar of a jurisdiction of its own. */
  const newCalendar = async (seeded?: (jurisdiction: SeededJurisdiction) => void) => {
    const jurisdiction = await seedJurisdiction(sys.database.url, {
      code: `f${randomBytes(3).toString('hex')}`,
      departments: 1,
    });
    seeded?.(jurisdiction);
    const created = await sys.admin.post(
      '/api/calendars',
      calendarRelativeToNow(jurisdiction.id, { firstMs: 10 * D, stepMs: D }),
    );
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  beforeAll(async () => {
    sys = await startTestSystem();
    db = new Client({ connectionString: sys.database.url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await sys?.stop();
  });

  it('refuses the stale first execution with 409 once a retry took its key over; only the retry commits', async () => {
    const calendarId = await newCalendar();
    const before = await revision(calendarId);
    const key = `fence-${randomBytes(4).toString('hex')}`;
    const change = { reminders: ['P2D'] };

    // Hold both executions before they change anything: the calendar table is locked outright.
    const lock = new Client({ connectionString: sys.database.url });
    await lock.connect();
    let first: Promise<HttpResult> | undefined;
    let retry: Promise<HttpResult> | undefined;
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE calendar IN ACCESS EXCLUSIVE MODE');
      first = api(key, `/api/calendars/${calendarId}`, change);
      await waitUntil(async () => (await waiting()) >= 1, 20_000, 'the first request to wait on the lock');
      const claimed = await record(key);
      expect(claimed).toMatchObject({ status_code: null, sealed_at: null });

      await age(key);
      retry = api(key, `/api/calendars/${calendarId}`, change);
      await waitUntil(async () => (await waiting()) >= 2, 20_000, 'the retry to take over and wait on the lock');
      const takenOver = await record(key);
      expect(takenOver.owner_token).not.toBe(claimed.owner_token);
      expect(takenOver.sealed_at).toBeNull();
    } finally {
      await lock.query('COMMIT');
      await lock.end();
    }
    const [stale, winner] = await Promise.all([first, retry]);

    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    expect(stale.body.message).toContain('接管');
    expect(winner.status).toBe(200);
    expect(winner.body.reminders).toEqual(['P2D']);
    // One execution committed: one revision step, one audit row.
    expect(await revision(calendarId)).toBe(before + 1);
    expect(await updates(calendarId)).toBe(1);
    const answered = await record(key);
    expect(answered.status_code).toBe(200);
    expect(answered.sealed_at).not.toBeNull();

    // The key answers with the retry's result from now on.
    const replay = await api(key, `/api/calendars/${calendarId}`, change);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(winner.body);
  });

  it('never takes over a key whose execution has sealed it, however long it takes', async () => {
    const calendarId = await newCalendar();
    const before = await revision(calendarId);
    const key = `sealed-${randomBytes(4).toString('hex')}`;
    const change = { reminders: ['P3D'] };

    // The first execution is held before its transaction (calendar table locked) while its claim is
    // aged, then inside it, sealed (working days locked: read after the seal).
    const outside = new Client({ connectionString: sys.database.url });
    const inside = new Client({ connectionString: sys.database.url });
    await outside.connect();
    await inside.connect();
    let first: Promise<HttpResult> | undefined;
    let retry: Promise<HttpResult> | undefined;
    let firstToken = '';
    try {
      await inside.query('BEGIN');
      await inside.query('LOCK TABLE working_day_override IN ACCESS EXCLUSIVE MODE');
      await outside.query('BEGIN');
      await outside.query('LOCK TABLE calendar IN ACCESS EXCLUSIVE MODE');
      first = api(key, `/api/calendars/${calendarId}`, change);
      await waitUntil(async () => (await waiting('calendar')) >= 1, 20_000, 'the first request to wait');
      firstToken = (await record(key)).owner_token;
      await age(key);
      await outside.query('COMMIT');
      await waitUntil(
        async () => (await waiting('working_day_override')) >= 1,
        20_000,
        'the first request to wait inside its sealed transaction',
      );
      // The take-over waits for the sealed transaction, then finds the key sealed.
      retry = api(key, `/api/calendars/${calendarId}`, change);
      await waitUntil(async () => (await waiting('idempotency_record')) >= 1, 20_000, 'the retry to wait');
    } finally {
      await outside.end();
      await inside.query('COMMIT');
      await inside.end();
    }
    const [winner, retried] = await Promise.all([first, retry]);

    expect(winner.status).toBe(200);
    // The retry either found the key still unanswered (409) or, a moment later, the first answer.
    if (retried.status === 409) expect(retried.body.code).toBe('CONFLICT');
    else expect(retried).toMatchObject({ status: 200, body: winner.body });
    expect(retried.status === 409 || retried.headers.get('idempotent-replayed') === 'true').toBe(true);
    // Never taken over: the key is still the first execution's, with its answer.
    expect(await record(key)).toMatchObject({ owner_token: firstToken, status_code: 200 });
    expect(await revision(calendarId)).toBe(before + 1);
    expect(await updates(calendarId)).toBe(1);
    const replay = await api(key, `/api/calendars/${calendarId}`, change);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(winner.body);
  });

  it('says so when a sealed execution never answered, and does not run the request again', async () => {
    const calendarId = await newCalendar();
    const key = `lost-${randomBytes(4).toString('hex')}`;
    const change = { reminders: ['P4D'] };
    const done = await api(key, `/api/calendars/${calendarId}`, change);
    expect(done.status).toBe(200);
    const after = await revision(calendarId);
    // As if the process had died after its change committed and before it stored the answer.
    await db.query(
      `UPDATE idempotency_record SET status_code = NULL, response_body = NULL,
              claimed_at = now() - interval '10 minutes' WHERE key = $1`,
      [key],
    );
    const again = await api(key, `/api/calendars/${calendarId}`, change);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    expect(again.body.message).toContain('已提交变更');
    expect(await revision(calendarId)).toBe(after);
  });

  it('fences a step sent to a cycle workflow the same way: sealed before the workflow is asked', async () => {
    let department = '';
    const calendarId = await newCalendar((j) => (department = j.departments[0].code));
    const launch = await sys.admin.post(`/api/calendars/${calendarId}/launch`, launchBody());
    expect(launch.status).toBe(202);
    const cycleId = `report-${new Date().getFullYear()}-${department}`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).status === 200,
      30_000,
      'the cycle to be launched',
    );
    const extensions = async () =>
      Number(
        (
          await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM audit_log WHERE action = 'cycle.extended' AND subject_id = $1`,
            [cycleId],
          )
        ).rows[0].n,
      );
    const key = `extend-${randomBytes(4).toString('hex')}`;
    const dueAt = new Date(Date.now() + 20 * D).toISOString();
    const extend = () =>
      sys.admin.request('POST', `/api/report-cycles/${cycleId}/extend`, {
        body: { stage: 'drafting', dueAt, reason: '测试：延期' },
        headers: { 'Idempotency-Key': key },
      });

    const lock = new Client({ connectionString: sys.database.url });
    await lock.connect();
    let first: Promise<HttpResult> | undefined;
    let retry: Promise<HttpResult> | undefined;
    try {
      await lock.query('BEGIN');
      await lock.query('LOCK TABLE cycle IN ACCESS EXCLUSIVE MODE');
      first = extend();
      await waitUntil(async () => (await waiting('cycle')) >= 1, 20_000, 'the first request to wait');
      await age(key);
      retry = extend();
      await waitUntil(async () => (await waiting('cycle')) >= 2, 20_000, 'the retry to take over and wait');
    } finally {
      await lock.query('COMMIT');
      await lock.end();
    }
    const [stale, winner] = await Promise.all([first, retry]);

    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    // Refused by the fence, not by the workflow: the stale request never reached it.
    expect(stale.body.message).toContain('接管');
    expect(winner.status).toBe(200);
    expect(winner.body.dueAt).toBe(dueAt);
    await waitUntil(async () => (await extensions()) >= 1, 10_000, 'the extension to be audited');
    expect(await extensions()).toBe(1);
  });

  it('keeps a sealed key after a server fault: the step may still take effect, so a retry does not run it again', async () => {
    let department = '';
    const calendarId = await newCalendar((j) => (department = j.departments[0].code));
    expect((await sys.admin.post(`/api/calendars/${calendarId}/launch`, launchBody())).status).toBe(202);
    const cycleId = `report-${new Date().getFullYear()}-${department}`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).status === 200,
      30_000,
      'the cycle to be launched',
    );
    // No worker: the update is sealed and sent, and the API gives up after its deadline (503), while
    // Temporal keeps the update for when a worker comes back.
    await sys.worker!.shutdown();
    const key = `fault-${randomBytes(4).toString('hex')}`;
    const faultDueAt = new Date(Date.now() + 20 * D).toISOString();
    const extend = () =>
      sys.admin.request('POST', `/api/report-cycles/${cycleId}/extend`, {
        body: { stage: 'drafting', dueAt: faultDueAt, reason: '测试：延期' },
        headers: { 'Idempotency-Key': key },
      });
    const first = await extend();
    expect(first.status).toBe(503);
    expect((await record(key))?.sealed_at).toBeInstanceOf(Date);
    const retry = await extend();
    expect(retry.status).toBe(409);
    expect(retry.body.code).toBe('CONFLICT');
    await age(key);
    const later = await extend();
    expect(later.status).toBe(409);
    expect(later.body.message).toContain('已提交变更');
  }, 60_000);
});
