import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigError, exitOnStartupError, loadConfig, persistentSecret, StartupError } from '@rol/config';
import {
  embeddedPostgres,
  ensureTemporalCli,
  freePort,
  mailCatcher,
  temporalDevServer,
  waitForPort,
} from '@rol/devstack';
import { createDataSource, migrate } from '@rol/persistence';
import { holdDataDir, stopLeftovers, Supervisor } from './supervisor';

/**
 * `npm start`: runs the whole system on one machine. Whatever is not configured is started here and
 * kept under DATA_DIR: a Temporal dev server (TEMPORAL_ADDRESS unset), a PostgreSQL server from npm
 * (DATABASE_URL unset) and a mail catcher (SMTP_URL unset). Then the API and the worker, as two
 * processes, exactly as they run in production. Every process is supervised: one that dies is
 * restarted with backoff; Ctrl-C stops them all in order.
 */
async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const dataDir = resolve(env.DATA_DIR || './data');
  env.DATA_DIR = dataDir;
  mkdirSync(dataDir, { recursive: true });
  // On a terminal the API and the worker print readable lines; piped or redirected, JSON.
  if (!env.LOG_FORMAT) env.LOG_FORMAT = process.stdout.isTTY ? 'pretty' : 'json';
  const say = (line: string) => process.stdout.write(`[launcher] ${line}\n`);
  env.SUPERVISOR_STATE_FILE = join(dataDir, 'processes.json');
  const supervisor = new Supervisor(say, env.SUPERVISOR_STATE_FILE);
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await supervisor.stopAll();
    say('stopped');
    process.exit(code);
  };
  // Handlers stay installed: a second Ctrl-C (or npm forwarding the same one) must not kill the launcher
  // in the middle of stopping, which would leave its processes running.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));

  try {
    holdDataDir(dataDir);
    await stopLeftovers(env.SUPERVISOR_STATE_FILE, dataDir, say);
    const port = Number(env.PORT || 3000);
    if (Number.isInteger(port) && port > 0 && (await freePort(port)) !== port) {
      throw new StartupError(`端口 ${port} 已被占用（PORT）/ port ${port} is in use`);
    }
    // Ports set for the services it runs are checked before any starts.
    for (const variable of SERVICE_PORTS) await fixedPort(env, variable);
    if (!env.DATABASE_URL) {
      const postgres = embeddedPostgres({
        dataDir: join(dataDir, 'postgres'),
        ownDirs: [dataDir],
        port: await servicePort(env, 'POSTGRES_PORT', 0),
        password: persistentSecret(dataDir, 'postgres-password'),
        log: say,
      });
      await supervisor.add({ name: 'postgres', start: postgres.start, stopSignal: 'SIGINT' });
      env.DATABASE_URL = postgres.url;
    }
    let temporalUi: string | null = null;
    if (!env.TEMPORAL_ADDRESS) {
      // Built first (minutes, the first time): a free port chosen before could be taken meanwhile.
      await ensureTemporalCli(say);
      const temporal = await temporalDevServer({
        dbFile: join(dataDir, 'temporal.db'),
        namespace: env.TEMPORAL_NAMESPACE || 'default',
        ui: true,
        port: await servicePort(env, 'TEMPORAL_PORT', 7233),
        uiPort: await servicePort(env, 'TEMPORAL_UI_PORT', 8233),
        log: say,
        detached: true,
      });
      await supervisor.add({ name: 'temporal', start: temporal.start });
      env.TEMPORAL_ADDRESS = temporal.address;
      temporalUi = temporal.uiUrl;
    }
    let mailUi: string | null = null;
    if (!env.SMTP_URL) {
      const catcher = await mailCatcher(join(dataDir, 'mail'), {
        smtp: await servicePort(env, 'MAIL_SMTP_PORT', 1025),
        web: await servicePort(env, 'MAIL_UI_PORT', 1080),
      });
      await supervisor.add({ name: 'mail', start: catcher.start });
      env.SMTP_URL = catcher.smtpUrl;
      mailUi = catcher.webUrl;
    }
    if (!env.ADMIN_EMAIL && !env.ADMIN_PASSWORD) {
      env.ADMIN_EMAIL = 'admin@rol-cycle.local';
      env.ADMIN_PASSWORD = persistentSecret(dataDir, 'admin-password');
    }
    const config = loadConfig(env);

    const dataSource = createDataSource(config.databaseUrl, { poolSize: 2, applicationName: 'rol-cycle-launcher' });
    await dataSource.initialize();
    const applied = await migrate(dataSource);
    await dataSource.destroy();
    if (applied.length > 0) say(`applied migrations: ${applied.join(', ')}`);

    await supervisor.add({
      name: 'worker',
      start: async (track) => {
        const child = nodeChild('worker', join(__dirname, '../../worker/src/main.js'), env);
        track(child);
        return child;
      },
    });
    await supervisor.add({
      name: 'api',
      start: async (track) => {
        const child = nodeChild('api', join(__dirname, '../../api/src/main.js'), env);
        track(child);
        await waitForPort(
          config.port,
          60_000,
          () => {
            if (child.exitCode !== null || child.signalCode !== null) throw new Error('the API exited while starting');
          },
          child.pid,
        );
        return child;
      },
    });

    say(`Console        http://localhost:${config.port}/`);
    say(`API            http://localhost:${config.port}/api`);
    say(`API docs       http://localhost:${config.port}/api/docs`);
    if (temporalUi) say(`Temporal UI    ${temporalUi}`);
    if (mailUi) say(`Mail catcher   ${mailUi}`);
    if (!process.env.ADMIN_EMAIL)
      say(`Administrator  ${env.ADMIN_EMAIL} / password in ${join(dataDir, 'admin-password')}`);
    say(`Data           ${dataDir}`);
  } catch (error) {
    stopping = true;
    await supervisor.stopAll();
    exitOnStartupError(error, 'rol-cycle');
  }
}

const SERVICE_PORTS = ['POSTGRES_PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'MAIL_SMTP_PORT', 'MAIL_UI_PORT'];

/** The port `variable` sets, which must be free; null when unset. */
async function fixedPort(env: NodeJS.ProcessEnv, variable: string): Promise<number | null> {
  const value = env[variable];
  if (!value) return null;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new ConfigError(variable, '应为 1–65535 的端口号 (expected a port number, 1–65535)');
  if ((await freePort(port)) !== port)
    throw new StartupError(`端口 ${port} 已被占用（${variable}）/ port ${port} is in use`);
  return port;
}

/**
 * The port of a service the launcher runs, chosen just before it starts: the one `variable` sets; unset,
 * the usual one when free, else any free port. (Two launchers starting at the same moment could both
 * find the usual one free: tests running several at once set them all.)
 */
async function servicePort(env: NodeJS.ProcessEnv, variable: string, usual: number): Promise<number> {
  return (await fixedPort(env, variable)) ?? freePort(usual);
}

/** A Node process of ours, in its own process group (Ctrl-C reaches the launcher, which stops it in order). */
function nodeChild(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // Whole lines only (a pipe may cut one in two). JSON log lines pass through as they are, so the
  // output stays JSON lines; anything else is marked with the process's name.
  const forward = (input: NodeJS.ReadableStream | null, output: NodeJS.WritableStream) => {
    if (!input) return;
    createInterface({ input, crlfDelay: Infinity }).on('line', (line) => {
      if (!line) return;
      output.write(env.LOG_FORMAT === 'json' && line.startsWith('{') ? `${line}\n` : `[${name}] ${line}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  return child;
}

main().catch((error: unknown) => exitOnStartupError(error, 'rol-cycle'));
