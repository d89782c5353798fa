import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { cycleStateQuery } from '@rol/contracts';
import { waitUntil } from './helpers/processes';
import { calendarRelativeToNow, seedJurisdiction, SeededJurisdiction, launchBody } from './helpers/seed';
import { startTestSystem, TestSystem } from './helpers/test-system';

const H = 3_600_000;
const D = 24 * H;

/**
 * A cycle workflow that died (terminated here through the Temporal client) is started again by the
 * next launch, from its state in PostgreSQL, with an audit row; one whose projection has ended is
 * left alone, and one whose projection cannot be resumed from is listed as failed with the reason.
 */
describe('relaunching a year restarts cycles whose workflow died', () => {
  let sys: TestSystem;
  let db: Client;
  let jurisdiction: SeededJurisdiction;
  let calendarId: string;
  let year: number;

  const report = (i: number) => `report-${year}-${jurisdiction.departments[i].code}`;
  const handle = (id: string) => sys.temporal.workflow.getHandle(id);
  const status = async (id: string) => (await handle(id).describe()).status.name;
  const trail = async (id: string) =>
    (await sys.admin.get(`/api/report-cycles/${id}/audit?limit=100`)).body.items as {
      action: string;
      reason: string | null;
      after: any;
    }[];
  /** Launches (again) and waits for that launch to finish; the launch status. */
  const relaunch = async () => {
    const started = await sys.admin.post(`/api/calendars/${calendarId}/launch`, launchBody());
    expect(started.status).toBe(202);
    let body: any;
    await waitUntil(
      async () => {
        body = (await sys.admin.get(`/api/calendars/${calendarId}/launch`)).body;
        return body.launch?.status === 'COMPLETED';
      },
      60_000,
      'the launch to finish',
    );
    return body;
  };

  beforeAll(async () => {
    sys = await startTestSystem();
    db = new Client({ connectionString: sys.database.url });
    await db.connect();
    jurisdiction = await seedJurisdiction(sys.database.url, {
      code: `r${randomBytes(3).toString('hex')}`,
      departments: 4,
    });
  });

  afterAll(async () => {
    await db?.end();
    await sys?.stop();
  });

  it('restarts a terminated cycle from PostgreSQL, audits it, and lists restarted and failed cycles', async () => {
    const body = calendarRelativeToNow(jurisdiction.id, { firstMs: 10 * D, stepMs: D });
    year = body.year;
    const created = await sys.admin.post('/api/calendars', body);
    expect(created.status).toBe(201);
    calendarId = created.body.id;
    const first = await relaunch();
    expect(first.launch.progress).toMatchObject({ reportStarted: 4, shufaStarted: 4, restarted: [], failed: [] });

    // Cycle 0 gets a due date of its own (kept in the projection), then its workflow is terminated.
    const extendedDue = Date.parse(body.due.drafting) + 6 * H;
    const extended = await sys.admin.post(`/api/report-cycles/${report(0)}/extend`, {
      stage: 'drafting',
      dueAt: new Date(extendedDue).toISOString(),
      reason: '部门机构调整，起草延后',
    });
    expect(extended.status).toBe(200);
    expect(extended.body.dueAt).toBe(new Date(extendedDue).toISOString());
    const before = (await sys.admin.get(`/api/report-cycles/${report(0)}`)).body;
    const seqBefore = (await db.query<{ seq: number }>('SELECT seq FROM cycle WHERE id = $1', [report(0)])).rows[0].seq;
    const deadRun = (await handle(report(0)).describe()).runId;
    await handle(report(0)).terminate('test: the run is lost');

    // Cycle 1 is cancelled by an admin: its workflow completes. Never started again.
    const cancelled = await sys.admin.post(`/api/report-cycles/${report(1)}/cancel`, { reason: '部门撤并' });
    expect(cancelled.status).toBe(200);
    await handle(report(1)).result();

    // Cycle 2: terminated, but its projection says it was cancelled. Never started again.
    await handle(report(2)).terminate('test: ended before it was lost');
    await db.query(
      `UPDATE cycle SET stage = 'cancelled', due_at = NULL,
              state = jsonb_set(jsonb_set(state, '{stage}', '"cancelled"'), '{dueAt}', 'null')
        WHERE id = $1`,
      [report(2)],
    );

    // Cycle 3: terminated, and its projection holds nothing to resume from.
    await handle(report(3)).terminate('test: lost with its state');
    await db.query(`UPDATE cycle SET state = '{"broken": true}'::jsonb WHERE id = $1`, [report(3)]);

    // A calendar change while cycle 0 is down does not reach it (it is not running)...
    const movedReview = Date.parse(body.due.legality_review) + H;
    const patched = await sys.admin.patch(`/api/calendars/${calendarId}`, {
      due: { ...body.due, legality_review: new Date(movedReview).toISOString() },
      reason: '合法性审核截止时间推迟一小时',
    });
    expect(patched.status).toBe(200);

    const second = await relaunch();
    expect(second.launch.progress).toMatchObject({
      done: true,
      departments: 4,
      reportStarted: 0,
      shufaStarted: 0,
      alreadyRunning: 4,
      alreadyEnded: 2,
      restarted: [{ cycleId: report(0), previousStatus: 'TERMINATED', stage: 'drafting' }],
      failed: [{ cycleId: report(3), previousStatus: 'TERMINATED', reason: expect.stringContaining('不完整') }],
    });

    // A new run of the same id, carrying on with the stage and due dates PostgreSQL had...
    const restarted = await handle(report(0)).describe();
    expect(restarted.status.name).toBe('RUNNING');
    expect(restarted.runId).not.toBe(deadRun);
    // ...and the calendar change made while it was down (its own extension left alone).
    await waitUntil(
      async () => (await handle(report(0)).query(cycleStateQuery)).calendarRevision === 2,
      20_000,
      'the restarted cycle to take the calendar change',
    );
    const state = await handle(report(0)).query(cycleStateQuery);
    expect(state.stage).toBe('drafting');
    expect(state.dueAt).toBe(extendedDue);
    const stageDue = (stage: string) => state.stages.find((s) => s.stage === stage)?.dueAt;
    expect(stageDue('drafting')).toBe(extendedDue);
    expect(stageDue('legality_review')).toBe(movedReview);
    expect(stageDue('sign_off')).toBe(Date.parse(body.due.sign_off));
    // Carried on from the persisted snapshot: its change count goes on from there.
    expect(state.seq).toBeGreaterThan(seqBefore);
    const stagesBefore = before.stages.map((s: any) => ({ stage: s.stage, startedAt: s.startedAt }));
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${report(0)}`)).body.calendarRevision === 2,
      10_000,
      'the projection to follow',
    );
    const after = (await sys.admin.get(`/api/report-cycles/${report(0)}`)).body;
    expect(after).toMatchObject({ stage: 'drafting', dueAt: new Date(extendedDue).toISOString() });
    expect(after.stages.map((s: any) => ({ stage: s.stage, startedAt: s.startedAt }))).toEqual(stagesBefore);

    // Audited once, with the reason.
    const restartRows = (await trail(report(0))).filter((a) => a.action === 'cycle.restarted');
    expect(restartRows).toHaveLength(1);
    expect(restartRows[0].reason).toContain('TERMINATED');
    expect(restartRows[0].after).toMatchObject({
      previousRunId: deadRun,
      previousStatus: 'TERMINATED',
      stage: 'drafting',
      dueAt: new Date(extendedDue).toISOString(),
    });

    // The ended and the unrecoverable cycles were not started again.
    expect(await status(report(1))).toBe('COMPLETED');
    expect(await status(report(2))).toBe('TERMINATED');
    expect(await status(report(3))).toBe('TERMINATED');
    for (const i of [1, 2]) {
      expect((await trail(report(i))).some((a) => a.action === 'cycle.restarted')).toBe(false);
    }
    const [{ n }] = (
      await db.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'cycle.restarted' AND subject_id = $1`, [
        report(3),
      ])
    ).rows;
    expect(Number(n)).toBe(0);

    // The new run takes people's steps.
    const again = await sys.admin.post(`/api/report-cycles/${report(0)}/extend`, {
      stage: 'drafting',
      dueAt: new Date(extendedDue + H).toISOString(),
      reason: '再次延后一小时',
    });
    expect(again.status).toBe(200);
    expect(again.body.dueAt).toBe(new Date(extendedDue + H).toISOString());
  });

  it('does not restart a cycle again once it runs, nor audit it twice', async () => {
    const third = await relaunch();
    expect(third.launch.progress).toMatchObject({
      alreadyRunning: 5,
      alreadyEnded: 2,
      restarted: [],
      failed: [{ cycleId: report(3), previousStatus: 'TERMINATED' }],
    });
    expect(await status(report(0))).toBe('RUNNING');
    expect((await trail(report(0))).filter((a) => a.action === 'cycle.restarted')).toHaveLength(1);
  });
});
