import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { cycleStateQuery } from '@rol/contracts';
import { calendarRelativeToNow, seedJurisdiction, launchBody } from './helpers/seed';
import { startTestSystem, startWorkerProcess, TestSystem } from './helpers/test-system';
import { Running, waitUntil } from './helpers/processes';

const D = 24 * 3_600_000;

describe('a launch survives the worker being killed half-way', () => {
  let sys: TestSystem;
  let worker: Running | null = null;

  const startWorker = () => startWorkerProcess(sys);

  beforeAll(async () => {
    // Batches of one department: the launch takes long enough to be interrupted.
    sys = await startTestSystem({ inProcessWorker: false, env: { LAUNCH_BATCH_SIZE: '1' } });
  });

  afterAll(async () => {
    if (worker) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
    await sys?.stop();
  });

  it('still yields exactly 50 report and 50 述法 workflows after SIGKILL and restart', async () => {
    const prefix = `k${randomBytes(3).toString('hex')}`;
    const seeded = await seedJurisdiction(sys.database.url, { code: prefix, departments: 50 });
    const body = calendarRelativeToNow(seeded.id, { firstMs: 10 * D, stepMs: D });
    const calendar = await sys.admin.post('/api/calendars', body);
    worker = await startWorker();

    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    const progress = async () => (await sys.admin.get(`/api/calendars/${calendar.body.id}/launch`)).body;
    let atKill = 0;
    for (;;) {
      atKill = (await progress()).reportCycles;
      if (atKill >= 8) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    worker.child.kill('SIGKILL');
    await worker.exited;
    worker = null;
    expect(atKill).toBeLessThan(50);
    // Nothing moves while no worker runs.
    const stalled = (await progress()).reportCycles;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await progress()).reportCycles).toBe(stalled);
    expect(stalled).toBeLessThan(50);

    // A calendar change while the worker is down (and a batch may have started cycles it never
    // committed): every cycle must still end up with the new dates.
    const movedDue = Date.parse(body.due.drafting) + 3_600_000;
    const patched = await sys.admin.patch(`/api/calendars/${calendar.body.id}`, {
      due: { ...body.due, drafting: new Date(movedDue).toISOString() },
      reason: '停机期间调整截止时间',
    });
    expect(patched.status).toBe(200);

    worker = await startWorker();
    await waitUntil(async () => (await progress()).launch?.status === 'COMPLETED', 90_000, 'the launch to complete');
    const done = await progress();
    expect(done).toMatchObject({ reportCycles: 50, shufaCycles: 50 });

    const queue = sys.config.temporal.taskQueue;
    const list = async (type: string) => {
      const ids: string[] = [];
      for await (const wf of sys.temporal.workflow.list({
        query: `TaskQueue = '${queue}' AND WorkflowType = '${type}'`,
      })) {
        ids.push(wf.workflowId);
      }
      return ids;
    };
    await waitUntil(
      async () => (await list('reportCycleWorkflow')).length === 50 && (await list('shufaCycleWorkflow')).length === 50,
      30_000,
      'visibility to show 50 + 50',
    );
    // Exactly one execution per id: none started twice, none missed.
    const reports = await list('reportCycleWorkflow');
    expect(reports.sort()).toEqual(seeded.departments.map((d) => `report-${body.year}-${d.code}`).sort());
    const shufa = await list('shufaCycleWorkflow');
    expect(shufa.sort()).toEqual(seeded.departments.map((d) => `shufa-${body.year}-${d.code}`).sort());
    await waitUntil(
      async () => {
        const states = await Promise.all(
          reports.map((id) => sys.temporal.workflow.getHandle(id).query(cycleStateQuery)),
        );
        return states.every((s) => s.calendarRevision === 2 && s.dueAt === movedDue);
      },
      30_000,
      'every cycle to hold the changed due date',
    );
    // And exactly one launch record per cycle in the audit trail.
    const db = new Client({ connectionString: sys.database.url });
    await db.connect();
    try {
      const rows = await db.query(
        `SELECT subject_id, count(*)::int AS n FROM audit_log WHERE action = 'cycle.launched' GROUP BY subject_id`,
      );
      expect(rows.rows).toHaveLength(100);
      expect(rows.rows.every((r) => r.n === 1)).toBe(true);
    } finally {
      await db.end();
    }
  }, 180_000);
});
