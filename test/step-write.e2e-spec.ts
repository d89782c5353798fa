import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isStepResult, rejectUpdate, SA_STAGE } from '@rol/contracts';
import { reportFixturesDir } from './helpers/fixtures';
import { Http } from './helpers/http';
import { waitUntil } from './helpers/processes';
import { calendarRelativeToNow, SEED_PASSWORD, seedJurisdiction, seedStaff, launchBody } from './helpers/seed';
import { startTestSystem, TestSystem } from './helpers/test-system';

const DAY = 24 * 3_600_000;
const report = readFileSync(join(reportFixturesDir(), 'qingpu-district-emergency-2025.txt'), 'utf8');

/**
 * A person's step is answered at once and written by the API before it answers; the workflow writes
 * it too a few seconds later (in case the API could not), and each change lands in the trail once.
 */
describe('a person’s step written by its caller, and by the workflow after it', () => {
  let sys: TestSystem;
  let cycleId: string;
  let officer: Http;

  const trail = async () =>
    ((await sys.admin.get(`/api/report-cycles/${cycleId}/audit?limit=200`)).body.items as { action: string }[]).map(
      (a) => a.action,
    );
  const searchStage = async () =>
    (await sys.temporal.workflow.getHandle(cycleId).describe()).typedSearchAttributes.get(SA_STAGE);

  beforeAll(async () => {
    sys = await startTestSystem();
    const seeded = await seedJurisdiction(sys.config.databaseUrl, {
      code: `sw${randomBytes(3).toString('hex')}`,
      departments: 1,
    });
    const [officerUser] = await seedStaff(sys.config.databaseUrl, seeded.departments, 'officer');
    officer = await sys.http.login(officerUser.email, SEED_PASSWORD);
    const body = calendarRelativeToNow(seeded.id, { firstMs: 10 * DAY, stepMs: DAY });
    const calendar = await sys.admin.post('/api/calendars', body);
    expect(calendar.status).toBe(201);
    expect((await sys.admin.post(`/api/calendars/${calendar.body.id}/launch`, launchBody())).status).toBe(202);
    cycleId = `report-${body.year}-${seeded.departments[0].code}`;
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body.stage === 'drafting',
      30_000,
      'the cycle to open drafting',
    );
    expect((await officer.post(`/api/report-cycles/${cycleId}/drafts`, { content: report })).status).toBe(201);
  });

  afterAll(async () => {
    await sys?.stop();
  });

  it('answers with the persisted state, seen by a read right after, recorded once', async () => {
    const advanced = await officer.post(`/api/report-cycles/${cycleId}/advance`, {});
    expect(advanced.status).toBe(200);
    expect(advanced.body.stage).toBe('legality_review');
    const read = await sys.admin.get(`/api/report-cycles/${cycleId}`);
    expect(read.body).toMatchObject({ stage: 'legality_review', updatedAt: advanced.body.updatedAt });
    expect((await trail()).filter((a) => a === 'stage.advanced')).toHaveLength(1);

    // Within the workflow's grace period it writes too (nothing new) and brings the search attribute along.
    expect(await searchStage()).toBe('drafting');
    await waitUntil(async () => (await searchStage()) === 'legality_review', 30_000, 'the stage search attribute');
    expect((await trail()).filter((a) => a === 'stage.advanced')).toHaveLength(1);
    expect((await sys.admin.get('/api/audit/verify')).body.ok).toBe(true);
  });

  it('is written by the workflow when its caller never writes it', async () => {
    const result = await sys.temporal.workflow.getHandle(cycleId).executeUpdate(rejectUpdate, {
      args: [
        {
          stage: 'legality_review',
          actor: { id: null, label: 'a caller that stops before writing' },
          reason: '请补充问题原因分析',
          reworkDueAt: Date.now() + 7 * DAY,
        },
      ],
    });
    expect(isStepResult(result) && result.snapshot.stage).toBe('drafting');
    expect((await sys.admin.get(`/api/report-cycles/${cycleId}`)).body.stage).toBe('legality_review');
    await waitUntil(
      async () => (await sys.admin.get(`/api/report-cycles/${cycleId}`)).body.stage === 'drafting',
      30_000,
      'the workflow to write the step',
    );
    expect((await trail()).filter((a) => a === 'stage.rejected')).toHaveLength(1);
    expect((await sys.admin.get('/api/audit/verify')).body.ok).toBe(true);

    // The next step through the API writes its own change only: the earlier one is in already.
    const again = await officer.post(`/api/report-cycles/${cycleId}/advance`, {});
    expect(again.body.stage).toBe('legality_review');
    expect((await trail()).filter((a) => a.startsWith('stage.'))).toEqual([
      'stage.advanced',
      'stage.rejected',
      'stage.advanced',
    ]);
  });
});
