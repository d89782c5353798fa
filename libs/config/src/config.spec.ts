import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

function env(overrides: Record<string, string | undefined> = {}) {
  return {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rol-config-')),
    DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/rol',
    TEMPORAL_ADDRESS: '127.0.0.1:7233',
    SMTP_URL: 'smtp://127.0.0.1:1025',
    ...overrides,
  };
}

function problemOf(overrides: Record<string, string | undefined>): string {
  try {
    loadConfig(env(overrides));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(env());
    expect(config.port).toBe(3000);
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'rol-cycle' });
    expect(config.logLevel).toBe('info');
    expect(config.sessionIdleMinutes).toBe(30);
    expect(config.loginRateLimit).toEqual({ perIp: 300, perAccount: 60 });
  });

  it('names the variable that is wrong', () => {
    expect(problemOf({ DATABASE_URL: 'mysql://x' })).toMatch(/^配置错误 \/ configuration error: DATABASE_URL: /);
    expect(problemOf({ DATABASE_URL: 'not a url' })).toContain('DATABASE_URL');
    expect(problemOf({ DATABASE_URL: undefined })).toMatch(/DATABASE_URL: 未设置/);
    expect(problemOf({ TEMPORAL_ADDRESS: 'localhost' })).toContain('TEMPORAL_ADDRESS');
    expect(problemOf({ SMTP_URL: 'http://mail' })).toContain('SMTP_URL');
    expect(problemOf({ PORT: 'eighty' })).toContain('PORT');
    expect(problemOf({ ADMIN_EMAIL: 'a@b.cn' })).toContain('ADMIN_PASSWORD');
    expect(problemOf({ JWT_SECRET: 'short' })).toContain('JWT_SECRET');
    expect(problemOf({ SESSION_IDLE_MINUTES: '1' })).toContain('SESSION_IDLE_MINUTES');
    expect(problemOf({ SESSION_IDLE_MINUTES: 'half an hour' })).toContain('SESSION_IDLE_MINUTES');
    expect(problemOf({ LOGIN_RATE_LIMIT_PER_IP: '0' })).toContain('LOGIN_RATE_LIMIT_PER_IP');
    expect(problemOf({ API_DOCS: 'private' })).toMatch(/API_DOCS: .*public、login 或 off/);
  });

  it('serves the API docs to all, except in production, where they need a login unless API_DOCS says otherwise', () => {
    expect(loadConfig(env()).apiDocs).toBe('public');
    expect(loadConfig(env({ NODE_ENV: 'production' })).apiDocs).toBe('login');
    expect(loadConfig(env({ NODE_ENV: 'production', API_DOCS: 'public' })).apiDocs).toBe('public');
    expect(loadConfig(env({ API_DOCS: 'off' })).apiDocs).toBe('off');
    expect(loadConfig(env({ API_DOCS: 'login' })).apiDocs).toBe('login');
  });

  it('links notices to the console at PUBLIC_URL, by default the one this API serves locally', () => {
    expect(loadConfig(env()).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig(env({ PORT: '8080' })).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig(env({ PUBLIC_URL: 'https://fzzf.example.gov.cn/rol/' })).publicUrl).toBe(
      'https://fzzf.example.gov.cn/rol',
    );
    expect(loadConfig(env({ PUBLIC_URL: 'http://10.1.2.3:3000' })).publicUrl).toBe('http://10.1.2.3:3000');
    for (const bad of [
      'fzzf.example.gov.cn',
      'ftp://example.com',
      'https://example.com/?a=1',
      'https://u:p@example.com',
    ]) {
      expect(problemOf({ PUBLIC_URL: bad })).toMatch(
        /^配置错误 \/ configuration error: PUBLIC_URL: 应为 http\(s\):\/\//,
      );
    }
  });

  it('generates a JWT secret once and keeps it under DATA_DIR', () => {
    const vars = env();
    const first = loadConfig(vars).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig(vars).jwtSecret).toBe(first);
    const file = join(vars.DATA_DIR, 'jwt-secret');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig({ ...vars, JWT_SECRET: 'x'.repeat(20) }).jwtSecret).toBe('x'.repeat(20));
  });
});
