import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Http } from './http';

// This file runs from test/helpers under jest, and from dist/test/helpers in the benchmark.
const ROOT =
  basename(join(__dirname, '..', '..')) === 'dist' ? join(__dirname, '..', '..', '..') : join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');

/** The compiled entry point of an app; `npm test` builds before running jest. */
export function builtEntry(app: 'api' | 'worker' | 'launcher'): string {
  const entry = join(DIST, 'apps', app, 'src', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does)`);
  return entry;
}

/** The environment a fresh shell would give, without anything that points at running services. */
export function cleanEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    'DATABASE_URL',
    'TEMPORAL_ADDRESS',
    'SMTP_URL',
    'ADMIN_EMAIL',
    'ADMIN_PASSWORD',
    'JWT_SECRET',
    'PORT',
    'DATA_DIR',
  ]) {
    delete env[key];
  }
  return { ...env, ...overrides };
}

export interface Running {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `detached`: the process leads its own process group, as `npm start` does in a terminal (Ctrl-C reaches the group). */
export function run(script: string, env: NodeJS.ProcessEnv, options: { detached?: boolean } = {}): Running {
  const child = spawn(process.execPath, [script], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached,
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Waits until the API answers /api/health with 200; on time-out the error carries the process's output. */
export async function waitHealthy(running: Running, http: Http, timeoutMs = 120_000): Promise<void> {
  await waitUntil(async () => (await http.get('/api/health')).status === 200, timeoutMs, 'the API to be healthy').catch(
    (error: Error) => {
      throw new Error(`${error.message}; output:\n${running.output()}`);
    },
  );
}
