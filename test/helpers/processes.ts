import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { freePort } from '@rol/devstack';
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
    'TEMPORAL_PORT',
    'TEMPORAL_UI_PORT',
    'POSTGRES_PORT',
    'MAIL_SMTP_PORT',
    'MAIL_UI_PORT',
  ]) {
    delete env[key];
  }
  return { ...env, ...overrides };
}

// Ports handed out by testPort in this test file: never twice, even once their process has stopped.
const handedOut = new Set<number>();
const BLOCK = 1000;

/**
 * A free port for a process a test starts, from a block of its own per jest worker (20000 + 1000 per
 * worker, below the OS's ephemeral range from 32768): two test files running at once never pick the
 * same one, and no free port the OS hands out (the Temporal CLI's, a connection's) takes it while its
 * process restarts.
 */
export async function testPort(): Promise<number> {
  const worker = Math.max(1, Number(process.env.JEST_WORKER_ID) || 1);
  const base = 20_000 + ((worker - 1) % 12) * BLOCK;
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = base + Math.floor(Math.random() * BLOCK);
    if (handedOut.has(port) || (await freePort(port)) !== port) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port in ${base}–${base + BLOCK - 1}`);
}

/**
 * The environment of `npm start`'s launcher in a test: the API's PORT and every port of the services it
 * runs set from testPort. Left to the launcher, two launchers starting at once (two test files) could both
 * find 7233 free, and one would take the other's dev server for its own.
 */
export async function launcherPorts(): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const name of ['PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'POSTGRES_PORT', 'MAIL_SMTP_PORT', 'MAIL_UI_PORT'])
    env[name] = String(await testPort());
  return env;
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
