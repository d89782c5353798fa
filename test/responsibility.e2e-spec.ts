import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  Actor,
  audience,
  CALENDAR_STAGES,
  childPath,
  CYCLE_STAGES,
  CycleKind,
  cycleOwner,
  deadlineItems,
  EscalationLevel,
  isInAudience,
  mayAct,
  Role,
  ROLES,
  startCycle,
  whoIsTold,
} from '@rol/domain';
import { createDataSource, migrate, writeNewCycles } from '@rol/persistence';
import { StageRecipientsService } from '@rol/worker';
import { createTestDatabase, TestDatabase } from './helpers/test-database';

/**
 * The worker lists who is told of a deadline with one SQL query; the API checks people's steps with
 * the same rule in memory. Here both readings meet real rows: for every stage and rung, the query's
 * answer is exactly the people the rule names, and at the first rung the people who may act.
 */
describe('who is told of a deadline, read from PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let recipients: StageRecipientsService;
  const ids: Record<string, string> = {};
  const paths: Record<string, string> = {};
  const users: { id: string; email: string; organizationId: string | null; roles: Role[]; active: boolean }[] = [];
  const cycles: Record<CycleKind, string> = { report: 'report-2026-who', shufa: 'shufa-2026-who' };
  const LEVELS: EscalationLevel[] = ['responsible', 'principal-leader', 'jurisdiction'];

  const actorOf = (u: (typeof users)[number]): Actor => ({
    userId: u.id,
    organizationId: u.organizationId,
    organizationPath: u.organizationId === null ? null : paths[u.organizationId],
    roles: u.roles,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url, { poolSize: 2 });
    await dataSource.initialize();
    await migrate(dataSource);
    recipients = new StageRecipientsService(dataSource);

    const tree: [string, 'jurisdiction' | 'department' | 'division', string | null][] = [
      ['city', 'jurisdiction', null],
      ['district', 'jurisdiction', 'city'],
      ['dept', 'department', 'district'],
      ['divA', 'division', 'dept'],
      ['divB', 'division', 'dept'],
      ['other', 'department', 'district'],
      ['otherDiv', 'division', 'other'],
      ['cityBureau', 'department', 'city'],
      ['elsewhere', 'jurisdiction', null],
    ];
    for (const [name, kind, parent] of tree) {
      ids[name] = randomUUID();
      paths[ids[name]] = childPath(parent === null ? null : paths[ids[parent]], ids[name]);
      await dataSource.query(
        'INSERT INTO organization (id, code, name, kind, parent_id, path) VALUES ($1, $2, $3, $4, $5, $6)',
        [ids[name], `who-${name}`, name, kind, parent === null ? null : ids[parent], paths[ids[name]]],
      );
    }
    const user = async (name: string, organizationId: string | null, roles: Role[], active = true) => {
      const u = { id: randomUUID(), email: `${name}@who.test`.toLowerCase(), organizationId, roles, active };
      users.push(u);
      await dataSource.query(
        `INSERT INTO app_user (id, name, email, password_hash, organization_id, roles, active)
         VALUES ($1, $2, $3, 'x', $4, $5, $6)`,
        [u.id, name, u.email, organizationId, roles, active],
      );
      return u.id;
    };
    for (const name of [...tree.map(([n]) => n), null]) {
      const organizationId = name === null ? null : ids[name];
      for (const role of ROLES) await user(`${name ?? 'system'}-${role}`, organizationId, [role]);
      await user(`${name ?? 'system'}-all`, organizationId, [...ROLES]);
    }
    await user('dept-officer-gone', ids.dept, ['officer'], false);
    const principal = await user('principal', ids.dept, ['leader']);
    // The 述法 cycle's leader has since moved on; the department names another principal leader now.
    const former = await user('former', ids.cityBureau, ['leader']);
    await dataSource.query('UPDATE organization SET principal_leader_id = $1 WHERE id = $2', [principal, ids.dept]);

    const [{ id: calendarId }]: { id: string }[] = await dataSource.query(
      `INSERT INTO calendar (jurisdiction_id, year, timezone, rollover, due, reminders, escalation, status)
       VALUES ($1, 2026, 'Asia/Shanghai', 'none', '{}', '{}', '{}', 'launched') RETURNING id`,
      [ids.district],
    );
    const due = Object.fromEntries(CALENDAR_STAGES.map((s, i) => [s, Date.now() + (i + 1) * 86_400_000]));
    const common = {
      calendarId,
      calendarRevision: 1,
      organizationId: ids.dept,
      jurisdictionId: ids.district,
      year: 2026,
      due,
      reminders: ['P1D'],
      escalation: { after: 'P1D', every: 'P1D' },
    };
    await writeNewCycles(dataSource.manager, [
      startCycle(
        { ...common, cycleId: cycles.report, kind: 'report', leaderId: null, divisions: [ids.divA, ids.divB] },
        Date.now(),
      ),
      startCycle({ ...common, cycleId: cycles.shufa, kind: 'shufa', leaderId: former }, Date.now()),
    ]);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const noticeInput = (kind: CycleKind, stage: (typeof CALENDAR_STAGES)[number], pendingDivisions?: string[]) => ({
    cycleId: cycles[kind],
    kind,
    organizationId: ids.dept,
    jurisdictionId: ids.district,
    year: 2026,
    stage,
    visit: 1,
    dueAt: Date.now(),
    ...(pendingDivisions ? { pendingDivisions } : {}),
  });
  const owner = (kind: CycleKind) =>
    cycleOwner(
      {
        kind,
        jurisdictionId: ids.district,
        leaderId: kind === 'shufa' ? users.find((u) => u.email === 'former@who.test')!.id : null,
      },
      { path: paths[ids.dept], principalLeaderId: users.find((u) => u.email === 'principal@who.test')!.id },
    );
  const emails = (list: { email: string }[]) => list.map((u) => u.email).sort();

  it('for every stage and rung, the query lists exactly the active people the rule names', async () => {
    for (const kind of ['report', 'shufa'] as const) {
      for (const stage of CYCLE_STAGES[kind]) {
        for (const level of LEVELS) {
          const pending = [ids.divB];
          const named = audience(whoIsTold(stage, level, pending), owner(kind));
          const expected = users.filter((u) => u.active && isInAudience(actorOf(u), named));
          const listed = await recipients.recipients(noticeInput(kind, stage, pending), level);
          expect([stage, level, emails(listed)]).toEqual([stage, level, emails(expected)]);
        }
      }
    }
  });

  it('reminds exactly the active people who may act on what is due', async () => {
    for (const kind of ['report', 'shufa'] as const) {
      for (const stage of CYCLE_STAGES[kind]) {
        const due = deadlineItems(stage, [ids.divA, ids.divB]);
        const acting = users.filter((u) => u.active && due.some((item) => mayAct(actorOf(u), item, owner(kind))));
        const listed = await recipients.recipients(noticeInput(kind, stage, [ids.divA, ids.divB]), 'responsible');
        expect([stage, emails(listed)]).toEqual([stage, emails(acting)]);
        expect(listed.length).toBeGreaterThan(0);
      }
    }
  });

  it('spells out the decisions: the own 依法治X办, officers in divisions, the 述法’s own leader', async () => {
    const review = emails(await recipients.recipients(noticeInput('shufa', 'shufa_materials_review'), 'responsible'));
    expect(review).toEqual(['district-admin@who.test', 'district-all@who.test']);
    const drafting = emails(await recipients.recipients(noticeInput('report', 'drafting'), 'responsible'));
    expect(drafting).toEqual(
      ['dept', 'diva', 'divb'].flatMap((o) => [`${o}-all@who.test`, `${o}-officer@who.test`]).sort(),
    );
    const writing = emails(await recipients.recipients(noticeInput('shufa', 'shufa_writing'), 'principal-leader'));
    expect(writing).toEqual(['former@who.test', 'principal@who.test']);
  });

  it('takes the divisions still to hand in from the stored cycle when an older round did not name them', async () => {
    const listed = emails(await recipients.recipients(noticeInput('report', 'contributions'), 'responsible'));
    expect(listed).toEqual(['diva', 'divb'].flatMap((o) => [`${o}-all@who.test`, `${o}-contributor@who.test`]).sort());
  });
});
