import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CycleSnapshot, startCycle } from '@rol/domain';
import {
  appendAudit,
  appendAuditToEach,
  chainHash,
  createDataSource,
  GENESIS_HASH,
  migrate,
  MIGRATIONS,
  MIGRATIONS_TABLE,
  SYSTEM_ACTOR,
  verifyAuditChain,
  writeCycleChanges,
} from '@rol/persistence';
import { seedJurisdiction } from './helpers/seed';
import { createTestDatabase, TestDatabase } from './helpers/test-database';

/** One hash chain per audit subject, kept linked by the database and verified end to end. */
describe('audit chains per subject on the real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  const append = (subjectId: string, action: string) =>
    dataSource.transaction((m) =>
      appendAudit(m, { actor: SYSTEM_ACTOR, action, subjectType: 'test_subject', subjectId, after: { action } }),
    );
  /** Changes rows behind the triggers' back, as someone with the database's owner rights could. */
  const behindTriggers = async (sql: string, params: unknown[]) => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await runner.query(sql, params);
    } finally {
      await runner.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      await runner.release();
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = createDataSource(database.url);
    await dataSource.initialize();
    await migrate(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('appends to many chains at once, each in order, and verifies them all', async () => {
    const subjects = ['a', 'b', 'c', 'd'];
    await Promise.all(Array.from({ length: 40 }, (_, i) => append(subjects[i % 4], `step-${i}`)));
    const heads: { subject_id: string; length: string }[] = await dataSource.query(
      `SELECT subject_id, length FROM audit_chain WHERE subject_type = 'test_subject' ORDER BY subject_id`,
    );
    expect(heads.map((h) => [h.subject_id, Number(h.length)])).toEqual(subjects.map((s) => [s, 10]));
    const rows: { subject_id: string; prev_hash: string; hash: string }[] = await dataSource.query(
      `SELECT subject_id, prev_hash, hash FROM audit_log WHERE subject_type = 'test_subject' ORDER BY id`,
    );
    for (const subject of subjects) {
      const chain = rows.filter((r) => r.subject_id === subject);
      expect(chain[0].prev_hash).toBe(GENESIS_HASH);
      for (let i = 1; i < chain.length; i++) expect(chain[i].prev_hash).toBe(chain[i - 1].hash);
    }
    expect(await verifyAuditChain(dataSource, 7)).toEqual({ ok: true, checked: 40 });
  });

  it('appends one row to each of many chains in two statements, beside single appends to the same chains', async () => {
    const subjects = Array.from({ length: 30 }, (_, i) => `bulk-${String(i).padStart(2, '0')}`);
    // Half the chains exist already.
    for (const subject of subjects.slice(0, 15)) await append(subject, 'before');
    const bulk = (tag: string) =>
      dataSource.transaction((m) =>
        appendAuditToEach(
          m,
          [...subjects].reverse().map((subjectId) => ({
            actor: SYSTEM_ACTOR,
            action: tag,
            subjectType: 'test_subject',
            subjectId,
          })),
        ),
      );
    // Two bulk appends and single appends to the same chains at once: none deadlocks or breaks a chain.
    await Promise.all([bulk('bulk-1'), bulk('bulk-2'), ...subjects.slice(10, 20).map((s) => append(s, 'single'))]);
    const counts: { subject_id: string; n: number }[] = await dataSource.query(
      `SELECT subject_id, count(*)::int AS n FROM audit_log
        WHERE subject_type = 'test_subject' AND subject_id LIKE 'bulk-%' GROUP BY subject_id ORDER BY subject_id`,
    );
    expect(counts).toEqual(
      subjects.map((s, i) => ({ subject_id: s, n: 2 + (i < 15 ? 1 : 0) + (i >= 10 && i < 20 ? 1 : 0) })),
    );
    expect((await verifyAuditChain(dataSource)).ok).toBe(true);
    await expect(
      dataSource.transaction((m) =>
        appendAuditToEach(m, [
          { actor: SYSTEM_ACTOR, action: 'x', subjectType: 'test_subject', subjectId: 'bulk-00' },
          { actor: SYSTEM_ACTOR, action: 'y', subjectType: 'test_subject', subjectId: 'bulk-00' },
        ]),
      ),
    ).rejects.toThrow('one entry per subject');
  });

  it('lets a row in only as the successor of its chain’s head', async () => {
    const [{ id }]: { id: string }[] = await dataSource.query(`SELECT nextval('audit_log_id_seq')::text AS id`);
    const row = {
      id: Number(id),
      at: new Date(),
      actorId: null,
      actorLabel: 'system',
      action: 'forged',
      subjectType: 'test_subject',
      subjectId: 'a',
      before: null,
      after: null,
      reason: null,
    };
    const insert = (prevHash: string) =>
      dataSource.query(
        `INSERT INTO audit_log (id, at, actor_id, actor_label, action, subject_type, subject_id, before, after, reason,
                                prev_hash, hash) VALUES ($1, $2, NULL, 'system', 'forged', 'test_subject', 'a',
                                NULL, NULL, NULL, $3, $4)`,
        [row.id, row.at, prevHash, chainHash(prevHash, row)],
      );
    // A second first row, and a row after one that is not the head.
    await expect(insert(GENESIS_HASH)).rejects.toMatchObject({ code: '40001' });
    const [second]: { hash: string }[] = await dataSource.query(
      `SELECT hash FROM audit_log WHERE subject_type = 'test_subject' AND subject_id = 'a' ORDER BY id OFFSET 1 LIMIT 1`,
    );
    await expect(insert(second.hash)).rejects.toMatchObject({ code: '40001' });
    await expect(dataSource.query(`DELETE FROM audit_chain WHERE subject_id = 'a'`)).rejects.toThrow(/moves forward/);
    expect((await verifyAuditChain(dataSource)).ok).toBe(true);
  });

  it('writes a cycle’s change once, after losing the race for its chain to another write', async () => {
    const seeded = await seedJurisdiction(database.url, {
      code: `ac${randomBytes(2).toString('hex')}`,
      departments: 1,
    });
    const [{ id: calendarId }]: { id: string }[] = await dataSource.query(
      `INSERT INTO calendar (jurisdiction_id, year, timezone, rollover, due, reminders, escalation, status)
       VALUES ($1, 2030, 'Asia/Shanghai', 'none', '{}', '{P1D}', '{"after":"P1D","every":"P3D"}', 'draft') RETURNING id`,
      [seeded.id],
    );
    const dept = seeded.departments[0];
    const start = startCycle(
      {
        cycleId: `report-2030-${dept.code}`,
        kind: 'report',
        calendarId,
        calendarRevision: 1,
        organizationId: dept.id,
        jurisdictionId: seeded.id,
        year: 2030,
        leaderId: null,
        due: { drafting: Date.now() + 86_400_000 },
        reminders: ['P1D'],
        escalation: { after: 'P1D', every: 'P3D' },
        divisions: [],
      },
      Date.now(),
    );
    const at = (seq: number): CycleSnapshot => ({ ...start, seq });
    const change = (seq: number) => ({ seq, events: [{ action: `change.${seq}`, after: { seq } }] });
    // What a caller read before its step: the chain was empty then.
    const before = await dataSource.query(`SELECT ARRAY(SELECT nextval('audit_log_id_seq')::text) AS ids`);
    const stale = { prevHash: GENESIS_HASH, ids: [Number(before[0].ids[0])], storedSeq: -1 };
    expect(await writeCycleChanges(dataSource.manager, at(1), [change(1)])).toMatchObject({ written: true });
    // Another write came first: the chain trigger refuses the stale attempt, the head is read again.
    const second = await writeCycleChanges(dataSource.manager, at(2), [change(1), change(2)], stale);
    expect(second.written).toBe(true);
    // A late or repeated write of an older state changes nothing and records nothing twice.
    expect((await writeCycleChanges(dataSource.manager, at(2), [change(2)])).written).toBe(false);
    expect((await writeCycleChanges(dataSource.manager, at(1), [change(1)])).written).toBe(false);
    const trail: { action: string }[] = await dataSource.query(
      `SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`,
      [start.cycleId],
    );
    expect(trail.map((r) => r.action)).toEqual(['change.1', 'change.2']);
    const [stored] = await dataSource.query(`SELECT seq FROM cycle WHERE id = $1`, [start.cycleId]);
    expect(stored.seq).toBe(2);
    expect((await verifyAuditChain(dataSource)).ok).toBe(true);
  });

  it('hashes a row exactly as PostgreSQL stores it: half a surrogate pair becomes U+FFFD in both', async () => {
    await dataSource.transaction((m) =>
      appendAudit(m, {
        actor: { id: null, label: 'label\ud800' },
        action: 'lone-surrogate',
        subjectType: 'test_subject',
        subjectId: 'surrogates',
        after: { note: 'x\udc00y' },
        reason: 'reason\ud83d',
      }),
    );
    const [row] = await dataSource.query(
      `SELECT actor_label, reason, after FROM audit_log WHERE subject_id = 'surrogates'`,
    );
    expect(row).toEqual({ actor_label: 'label\ufffd', reason: 'reason\ufffd', after: { note: 'x\ufffdy' } });
    expect((await verifyAuditChain(dataSource)).ok).toBe(true);
  });

  it('reports every broken row, so tampering after a first break is not hidden', async () => {
    const rows: { id: string; reason: string | null }[] = await dataSource.query(
      `SELECT id, reason FROM audit_log WHERE subject_type = 'test_subject' AND subject_id = 'a' ORDER BY id`,
    );
    const altered = [rows[2], rows[7]];
    for (const row of altered) {
      await behindTriggers('UPDATE audit_log SET reason = $2 WHERE id = $1', [row.id, 'altered']);
    }
    try {
      const result = await verifyAuditChain(dataSource);
      expect(result).toMatchObject({
        ok: false,
        firstBrokenId: Number(rows[2].id),
        problem: 'hash',
        brokenCount: 2,
        broken: altered.map((r) => ({ id: Number(r.id), problem: 'hash' })),
      });
    } finally {
      for (const row of altered) {
        await behindTriggers('UPDATE audit_log SET reason = $2 WHERE id = $1', [row.id, row.reason]);
      }
    }
    expect((await verifyAuditChain(dataSource)).ok).toBe(true);
  });

  it('names the row after a removed one, and the removed last row of a chain', async () => {
    const ids = async (subjectId: string): Promise<number[]> =>
      (
        await dataSource.query(`SELECT id FROM audit_log WHERE subject_type = 'test_subject' AND subject_id = $1`, [
          subjectId,
        ])
      )
        .map((r: { id: string }) => Number(r.id))
        .sort((x: number, y: number) => x - y);
    const b = await ids('b');
    await behindTriggers('DELETE FROM audit_log WHERE id = $1', [b[4]]);
    expect(await verifyAuditChain(dataSource)).toMatchObject({ ok: false, firstBrokenId: b[5], problem: 'link' });

    const c = await ids('c');
    // The last row of a chain whose middle is intact, and an earlier id than b's break: reported first.
    expect(c[9]).toBeGreaterThan(b[5]);
    await behindTriggers('DELETE FROM audit_log WHERE id = $1', [c[9]]);
    const d = await ids('d');
    await behindTriggers('DELETE FROM audit_log WHERE id = ANY($1)', [d]);
    const result = await verifyAuditChain(dataSource);
    expect(result).toMatchObject({ ok: false, firstBrokenId: b[5], problem: 'link' });
    // Each break on its own: b's link, c's missing last row, d's chain gone but for its head.
    expect(result.broken).toEqual(
      [
        { id: b[5], problem: 'link' },
        { id: c[9], problem: 'missing' },
        { id: d[9], problem: 'missing' },
      ].sort((x, y) => x.id - y.id),
    );
    expect(result.brokenCount).toBe(3);
    // With b's chain gone altogether (rows and head), the earliest break left is c's missing last row.
    await behindTriggers(`DELETE FROM audit_log WHERE subject_type = 'test_subject' AND subject_id = 'b'`, []);
    await dataSource.query(`ALTER TABLE audit_chain DISABLE TRIGGER USER`);
    await dataSource.query(`DELETE FROM audit_chain WHERE subject_type = 'test_subject' AND subject_id = 'b'`);
    await dataSource.query(`ALTER TABLE audit_chain ENABLE TRIGGER USER`);
    expect(await verifyAuditChain(dataSource)).toMatchObject({
      ok: false,
      firstBrokenId: Math.min(c[9], d[9]),
      problem: 'missing',
    });
  });
});

describe('audit rows written before chains were kept per subject', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('stay one global chain, verified as before, with the new chains after them', async () => {
    database = await createTestDatabase();
    const before = MIGRATIONS.filter((m) => m.name !== 'AuditChains1764310000000');
    expect(before).toHaveLength(MIGRATIONS.length - 1);
    const old = new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: before,
      migrationsTableName: MIGRATIONS_TABLE,
    });
    await old.initialize();
    await old.runMigrations({ transaction: 'all' });
    // Three rows chained the old way: each after the last row of the whole table.
    let prevHash = GENESIS_HASH;
    const legacy: number[] = [];
    for (const subjectId of ['x', 'y', 'x']) {
      const [{ id }]: { id: string }[] = await old.query(`SELECT nextval('audit_log_id_seq')::text AS id`);
      const row = {
        id: Number(id),
        at: new Date(),
        actorId: null,
        actorLabel: 'system',
        action: 'legacy',
        subjectType: 'test_subject',
        subjectId,
        before: null,
        after: { subjectId },
        reason: null,
      };
      const hash = chainHash(prevHash, row);
      await old.query(
        `INSERT INTO audit_log (id, at, actor_id, actor_label, action, subject_type, subject_id, before, after, reason,
                                prev_hash, hash) VALUES ($1, $2, NULL, 'system', 'legacy', 'test_subject', $3, NULL, $4,
                                NULL, $5, $6)`,
        [row.id, row.at, subjectId, JSON.stringify(row.after), prevHash, hash],
      );
      legacy.push(row.id);
      prevHash = hash;
    }
    await old.destroy();

    dataSource = createDataSource(database.url);
    await dataSource.initialize();
    expect(await migrate(dataSource)).toEqual(['AuditChains1764310000000']);
    // Subject x goes on in a chain of its own, starting after the global one.
    await dataSource.transaction((m) =>
      appendAudit(m, { actor: SYSTEM_ACTOR, action: 'new', subjectType: 'test_subject', subjectId: 'x' }),
    );
    const [newRow]: { prev_hash: string }[] = await dataSource.query(
      `SELECT prev_hash FROM audit_log WHERE action = 'new'`,
    );
    expect(newRow.prev_hash).toBe(GENESIS_HASH);
    expect(await verifyAuditChain(dataSource)).toEqual({ ok: true, checked: 4 });

    const runner = dataSource.createQueryRunner();
    await runner.connect();
    await runner.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
    await runner.query(`UPDATE audit_log SET after = '{"subjectId":"z"}' WHERE id = $1`, [legacy[1]]);
    await runner.query(`DELETE FROM audit_log WHERE id = $1`, [legacy[2]]);
    await runner.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
    await runner.release();
    expect(await verifyAuditChain(dataSource)).toMatchObject({ ok: false, firstBrokenId: legacy[1], problem: 'hash' });
  });
});
