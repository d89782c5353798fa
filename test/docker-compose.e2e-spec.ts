import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@rol/config';

// No Docker engine runs here, so the stack is checked as data: every service the system needs is there,
// wired to the others, and the app's own environment passes the same validation as at boot.
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
}

const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};
const services = compose.services;

describe('docker-compose.yml', () => {
  it('has PostgreSQL, Temporal on PostgreSQL with its UI, a mail catcher, the API and the worker', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'mail', 'postgres', 'temporal', 'temporal-ui', 'worker']);
    expect(services.postgres.image).toMatch(/^postgres:/);
    expect(services.temporal.image).toMatch(/^temporalio\/auto-setup:/);
    expect(services.temporal.environment).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres' });
    expect(services['temporal-ui'].environment?.TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  it.each(['api', 'worker'])('gives the %s a valid configuration pointing at the other services', (name) => {
    const service = services[name];
    expect(service.build).toBeDefined();
    expect(service.command?.join(' ')).toContain(`dist/apps/${name}/src/main.js`);
    const env = service.environment ?? {};
    const config = loadConfig({
      ...env,
      DATA_DIR: join(__dirname, '..', 'dist', 'compose-check'),
      JWT_SECRET: env.JWT_SECRET ?? 'x'.repeat(32),
    });
    expect(new URL(config.databaseUrl).hostname).toBe('postgres');
    expect(config.temporal.address).toBe('temporal:7233');
    expect(new URL(config.smtpUrl).hostname).toBe('mail');
    const credentials = services.postgres.environment ?? {};
    expect(new URL(config.databaseUrl).username).toBe(credentials.POSTGRES_USER);
    expect(decodeURIComponent(new URL(config.databaseUrl).password)).toBe(credentials.POSTGRES_PASSWORD);
  });

  it('starts the API after its backing services and the worker after the API has migrated', () => {
    expect(services.api.depends_on).toMatchObject({
      postgres: { condition: 'service_healthy' },
      temporal: { condition: 'service_healthy' },
    });
    expect(services.worker.depends_on).toMatchObject({ api: { condition: 'service_healthy' } });
    expect(services.api.environment).toMatchObject({
      ADMIN_EMAIL: expect.any(String),
      ADMIN_PASSWORD: expect.any(String),
    });
  });
});
