import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@rol/devstack';
import { createDataSource, migrate } from '@rol/persistence';
import { builtEntry, cleanEnv, run } from './helpers/processes';
import { createTestDatabase, TestDatabase } from './helpers/test-database';
import { temporalAddress } from './helpers/test-system';

// A bad configuration stops the process with one clear line naming the problem: no stack trace.
function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
}

describe('start-up with bad configuration', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    // Migrated, so the worker gets as far as connecting to Temporal.
    const dataSource = createDataSource(database.url, { poolSize: 2 });
    await dataSource.initialize();
    await migrate(dataSource);
    await dataSource.destroy();
  });

  afterAll(async () => {
    await database.drop();
  });

  it.each(['api', 'worker'] as const)('the %s refuses an unparseable DATABASE_URL, naming it', async (app) => {
    const proc = run(
      builtEntry(app),
      cleanEnv({
        DATABASE_URL: 'postgres//nohost',
        TEMPORAL_ADDRESS: '127.0.0.1:7233',
        SMTP_URL: 'smtp://127.0.0.1:25',
      }),
    );
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('configuration error: DATABASE_URL');
    expectNoStackTrace(proc.output());
  });

  it('the api says so when a required variable is missing', async () => {
    const proc = run(
      builtEntry('api'),
      cleanEnv({ TEMPORAL_ADDRESS: '127.0.0.1:7233', SMTP_URL: 'smtp://127.0.0.1:25' }),
    );
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/DATABASE_URL: 未设置/);
  });

  it('the api says it cannot reach PostgreSQL', async () => {
    const closed = await freePort();
    const proc = run(
      builtEntry('api'),
      cleanEnv({
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${closed}/nothing`,
        TEMPORAL_ADDRESS: temporalAddress(),
        SMTP_URL: 'smtp://127.0.0.1:25',
      }),
    );
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toContain('无法连接数据库');
    expect(proc.output()).toContain(`127.0.0.1:${closed}`);
    expectNoStackTrace(proc.output());
  });

  it.each(['api', 'worker'] as const)(
    'the %s says it cannot reach Temporal, naming TEMPORAL_ADDRESS',
    async (app) => {
      const closed = await freePort();
      const proc = run(
        builtEntry(app),
        cleanEnv({
          DATABASE_URL: database.url,
          TEMPORAL_ADDRESS: `127.0.0.1:${closed}`,
          SMTP_URL: 'smtp://127.0.0.1:25',
          LOG_LEVEL: 'warn',
          DATA_DIR: mkdtempSync(join(tmpdir(), `rol-startup-${app}-`)),
        }),
      );
      expect(await proc.exited).toBe(1);
      expect(proc.output()).toContain(`cannot reach Temporal at 127.0.0.1:${closed}`);
      expectNoStackTrace(proc.output());
    },
    30_000,
  );
});
