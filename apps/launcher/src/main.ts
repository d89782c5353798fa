import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exitOnStartupError, loadConfig, persistentSecret, StartupError } from '@rol/config';
import { freePort, startEmbeddedPostgres, startMailCatcher, startTemporalDevServer, stopProcess } from '@rol/devstack';
import { createDataSource, migrate } from '@rol/persistence';

/**
 * `npm start`: runs the whole system on one machine. Whatever is not configured is started here and
 * kept under DATA_DIR: a Temporal dev server (TEMPORAL_ADDRESS unset), an embedded PostgreSQL
 * (DATABASE_URL unset) and a mail catcher (SMTP_URL unset). Then the API and the worker, as two
 * processes, exactly as they run in production.
 */
async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const dataDir = resolve(env.DATA_DIR || './data');
  env.DATA_DIR = dataDir;
  mkdirSync(dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const say = (line: string) => process.stdout.write(`[launcher] ${line}\n`);
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => say(`stop failed: ${String(e)}`));
    process.exit(code);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    const port = Number(env.PORT || 3000);
    if (Number.isInteger(port) && port > 0 && (await freePort(port)) !== port) {
      throw new StartupError(`端口 ${port} 已被占用（PORT）/ port ${port} is in use`);
    }
    let temporalUi: string | null = null;
    if (!env.TEMPORAL_ADDRESS) {
      const temporal = await startTemporalDevServer({
        dbFile: join(dataDir, 'temporal.db'),
        namespace: env.TEMPORAL_NAMESPACE || 'default',
        ui: true,
        preferredPort: 7233,
        preferredUiPort: 8233,
        log: say,
      });
      stops.push(temporal.stop);
      env.TEMPORAL_ADDRESS = temporal.address;
      temporalUi = temporal.uiUrl;
    }
    if (!env.DATABASE_URL) {
      const postgres = await startEmbeddedPostgres(join(dataDir, 'pglite'));
      stops.push(postgres.stop);
      env.DATABASE_URL = postgres.url;
    }
    let mailUi: string | null = null;
    if (!env.SMTP_URL) {
      const catcher = await startMailCatcher(join(dataDir, 'mail'));
      stops.push(catcher.stop);
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

    const api = startChild('api', join(__dirname, '../../api/src/main.js'), env, () => void stopAll(1));
    stops.push(() => stopProcess(api));
    const worker = startChild('worker', join(__dirname, '../../worker/src/main.js'), env, () => void stopAll(1));
    stops.push(() => stopProcess(worker));

    say(`API            http://localhost:${config.port}/api`);
    say(`API docs       http://localhost:${config.port}/api/docs`);
    if (temporalUi) say(`Temporal UI    ${temporalUi}`);
    if (mailUi) say(`Mail catcher   ${mailUi}`);
    if (!process.env.ADMIN_EMAIL)
      say(`Administrator  ${env.ADMIN_EMAIL} / password in ${join(dataDir, 'admin-password')}`);
    say(`Data           ${dataDir}`);
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    exitOnStartupError(error, 'rol-cycle');
  }
}

function startChild(name: string, script: string, env: NodeJS.ProcessEnv, onUnexpectedExit: () => void): ChildProcess {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line) stream.write(`[${name}] ${line}\n`);
  };
  child.stdout?.on('data', prefix(process.stdout));
  child.stderr?.on('data', prefix(process.stderr));
  child.once('exit', (code, signal) => {
    process.stderr.write(`[launcher] ${name} exited (${signal ?? code})\n`);
    onUnexpectedExit();
  });
  return child;
}

main().catch((error: unknown) => exitOnStartupError(error, 'rol-cycle'));
