import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { advanceUpdate, cycleStateQuery, isStepResult, rejectUpdate } from '@rol/contracts';
import { recordHistories } from './helpers/histories';
import { reportFixturesDir } from './helpers/fixtures';
import { Http } from './helpers/http';
import { waitUntil } from './helpers/processes';
import { calendarRelativeToNow, SEED_PASSWORD, seedJurisdiction, seedStaff, launchBody } from './helpers/seed';
import { startTestSystem, TestSystem } from './helpers/test-system';

const DAY = 24 * 3_600_000;
const report = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');

/** Strings that pass a length check but that PostgreSQL cannot store as sent. */
const POISON: Record<string, string> = {
  nul: '审查意见\u0000',
  'lone high surrogate': '意见\ud800',
  'lone low surrogate': '\udc00意见',
  escape: '\u001b[31m意见',
  'lone carriage return': '意见\r',
};

/** A marker the database is told to refuse for good (a stand-in for any write PostgreSQL will never take). */
const REFUSED_MARKER = '数据库拒收标记';

/**
 * Text PostgreSQL cannot store never reaches a cycle: the API refuses it naming the field, the
 * workflow's validators refuse it if a caller skips the API, and a step PostgreSQL refuses for good
 * anyway is undone in Temporal too, so the two never disagree and the cycle is never wedged.
 */
describe('unstorable text and writes PostgreSQL refuses', () => {
  let sys: TestSystem;
  let cycleId: string;
  let officer: Http;
  let reviewer: Http;
  let leader: Http;

  const stageInDatabase = async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body.stage as string;
  const stageInTemporal = async () => (await sys.temporal.workflow.getHandle(cycleId).query(cycleStateQuery)).stage;
  const refuseMarker = (on: boolean) =>
    sys.api.deps.dataSource.query(
      on
        ? `CREATE OR REPLACE FUNCTION test_refuse_marker() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF NEW.reason LIKE '%${REFUSED_MARKER}%' THEN
               RAISE EXCEPTION 'value refused by the test' USING ERRCODE = '22023';
             END IF;
             RETURN NEW;
           END $$;
           CREATE TRIGGER test_refuse_marker BEFORE INSERT ON audit_log
             FOR EACH ROW EXECUTE FUNCTION test_refuse_marker()`
        : `DROP TRIGGER test_refuse_marker ON audit_log; DROP FUNCTION test_refuse_marker()`,
    );

  beforeAll(async () => {
    sys = await startTestSystem();
    const seeded = await seedJurisdiction(sys.config.databaseUrl, {
      code: `ut${randomBytes(3).toString('hex')}`,
      departments: 1,
    });
    const staff = async (role: string) => {
      const [user] = await seedStaff(sys.config.databaseUrl, seeded.departments, role);
      return sys.http.login(user.email, SEED_PASSWORD);
    };
    officer = await staff('officer');
    reviewer = await staff('reviewer');
    leader = await sys.http.login(seeded.departments[0].leaderEmail!, SEED_PASSWORD);
    const body = calendarRelativeToNow(seeded.id, { firstMs: 10 * DAY, stepMs: DAY });
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    cycleId = `report-${body.year}-${seeded.departments[0].code}`;
    await waitUntil(async () => (await stageInDatabase()) === 'drafting', 30_000, 'the cycle to open drafting');
    expect((await officer.post(`/api/report-cycles/${cycleId}/drafts`, { content: report })).status).toBe(201);
    expect((await officer.post(`/api/report-cycles/${cycleId}/advance`, {})).status).toBe(200);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('is refused by the API in every free-text field of a step, naming the field; the cycle does not move', async () => {
    const future = new Date(Date.now() + 20 * DAY).toISOString();
    for (const [name, poison] of Object.entries(POISON)) {
      const attempts: [Http, string, object, string][] = [
        [reviewer, 'advance', { comment: poison }, 'comment'],
        [reviewer, 'reject', { reason: poison }, 'reason'],
        [sys.admin, 'extend', { stage: 'legality_review', dueAt: future, reason: poison }, 'reason'],
        [sys.admin, 'cancel', { reason: poison }, 'reason'],
        [leader, 'advance', { meeting: { type: poison, date: '2026-01-05' } }, 'meeting.type'],
        [officer, 'advance', { recipients: ['本级人民政府', poison] }, 'recipients.1'],
        [officer, 'drafts', { content: `${report}\n${poison}` }, 'content'],
      ];
      for (const [who, action, body, field] of attempts) {
        const answer = await who.post(`/api/report-cycles/${cycleId}/${action}`, body);
        expect({ name, action, status: answer.status, code: answer.body.code }).toEqual({
          name,
          action,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
        expect(answer.body.details.fields.map((f: { field: string }) => f.field)).toEqual([field]);
      }
    }
    expect(await stageInDatabase()).toBe('legality_review');
    expect(await stageInTemporal()).toBe('legality_review');
    // In a path parameter and a query too.
    expect((await sys.admin.get(`/api/report-cycles/${encodeURIComponent('x\u0000')}`)).status).toBe(400);
    expect((await sys.admin.get(`/api/report-cycles?stage=${encodeURIComponent('\u0007')}`)).status).toBe(400);
    expect((await sys.admin.get('/api/audit/verify')).body.ok).toBe(true);
  });

  it('is refused by the workflow’s validator when a caller skips the API', async () => {
    const sent = sys.temporal.workflow.getHandle(cycleId).executeUpdate(advanceUpdate, {
      args: [
        {
          stage: 'legality_review',
          actor: { id: null, label: 'a caller skipping the API' },
          comment: '\u0000',
          details: {},
        },
      ],
    });
    const error = await sent.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe('VALIDATION_FAILED');
    expect(cause.message).toContain('comment');
    // And one too large for a history (it would fail every workflow task after it).
    const huge = await sys.temporal.workflow
      .getHandle(cycleId)
      .executeUpdate(advanceUpdate, {
        args: [
          { stage: 'legality_review', actor: { id: null, label: 'x' }, comment: '意'.repeat(100_000), details: {} },
        ],
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(((huge as WorkflowUpdateFailedError).cause as ApplicationFailure).type).toBe('VALIDATION_FAILED');
    expect(await stageInTemporal()).toBe('legality_review');
  });

  it('a step PostgreSQL refuses for good is undone in Temporal too, and the person is told', async () => {
    await refuseMarker(true);
    try {
      const answer = await reviewer.post(`/api/report-cycles/${cycleId}/advance`, {
        comment: `合法性审查意见：${REFUSED_MARKER}`,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
      expect(answer.body.message).toContain('已撤销');
      expect(await stageInDatabase()).toBe('legality_review');
      expect(await stageInTemporal()).toBe('legality_review');
      // Nothing is wedged: the next step goes through, in both.
      const next = await reviewer.post(`/api/report-cycles/${cycleId}/advance`, { comment: '同意' });
      expect(next.status).toBe(200);
      expect(next.body.stage).toBe('sign_off');
      expect(await stageInTemporal()).toBe('sign_off');
    } finally {
      await refuseMarker(false);
    }
  });

  it('a step nobody writes, refused for good, is undone by the workflow’s own write', async () => {
    await refuseMarker(true);
    try {
      // A caller that stops before writing: the workflow writes it itself a few seconds later.
      const result = await sys.temporal.workflow.getHandle(cycleId).executeUpdate(rejectUpdate, {
        args: [
          {
            stage: 'sign_off',
            actor: { id: null, label: 'a caller that stops before writing' },
            reason: `退回：${REFUSED_MARKER}`,
            reworkDueAt: Date.now() + 7 * DAY,
          },
        ],
      });
      expect(isStepResult(result) && result.snapshot.stage).not.toBe('sign_off');
      await waitUntil(async () => (await stageInTemporal()) === 'sign_off', 60_000, 'the step to be undone');
      expect(await stageInDatabase()).toBe('sign_off');
    } finally {
      await refuseMarker(false);
    }
    // And the cycle goes on: a person's step after it is taken and written.
    const meeting = { type: '局长办公会议', date: new Date(Date.now() - DAY).toISOString().slice(0, 10) };
    const next = await leader.post(`/api/report-cycles/${cycleId}/advance`, { meeting });
    expect(next.status).toBe(200);
    expect(next.body.stage).toBe('submission');
    expect((await sys.admin.get('/api/audit/verify')).body.ok).toBe(true);
    // A history with steps undone both ways, for the replay test.
    await recordHistories(sys, [['report-cycle-undone', cycleId]]);
  });
});
