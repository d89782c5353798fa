import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForPort } from './ports';
import { startServiceProcess, stopProcess } from './processes';

const run = promisify(execFile);

/** The Temporal CLI version this project pins; later tags cannot be built with `go install`. */
export const TEMPORAL_CLI_VERSION = '1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`;

/** Where the binary is kept between runs (outside the work tree, so a fresh clone reuses it). */
export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TEMPORAL_CLI_PATH) return env.TEMPORAL_CLI_PATH;
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'rol-cycle', 'temporal-cli', `v${TEMPORAL_CLI_VERSION}`, 'temporal');
}

// `go install` builds report "0.0.0-DEV" as their version, so the pinned version is recorded beside the
// binary once the build succeeded, and the binary must still run.
function markerPath(path: string): string {
  return `${path}.version`;
}

async function installedVersion(path: string): Promise<string | null> {
  if (!existsSync(path)) return null;
  try {
    await run(path, ['--version']);
  } catch {
    return null;
  }
  if (process.env.TEMPORAL_CLI_PATH) return TEMPORAL_CLI_VERSION;
  try {
    return readFileSync(markerPath(path), 'utf8').trim();
  } catch {
    return null;
  }
}

/**
 * Returns the path of the pinned Temporal CLI, building it with `go install` first when it is missing.
 * The first build takes minutes on two cores; progress is printed so it does not look hung.
 */
export async function ensureTemporalCli(
  log: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Promise<string> {
  const path = temporalCliPath();
  const version = await installedVersion(path);
  if (version === TEMPORAL_CLI_VERSION) return path;
  if (process.env.TEMPORAL_CLI_PATH) throw new Error(`TEMPORAL_CLI_PATH=${path} does not run`);
  mkdirSync(dirname(path), { recursive: true });
  log(`Building Temporal CLI v${TEMPORAL_CLI_VERSION} with go install (first time only; several minutes on 2 cores)…`);
  const started = Date.now();
  await new Promise<void>((resolveBuild, reject) => {
    const child = spawn('go', ['install', MODULE], {
      env: { ...process.env, GOBIN: dirname(path), CGO_ENABLED: process.env.CGO_ENABLED ?? '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const ticker = setInterval(
      () => log(`  …still building Temporal CLI (${Math.round((Date.now() - started) / 1000)} s)`),
      30_000,
    );
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(new Error(`cannot run go (is Go installed and on PATH?): ${error.message}`));
    });
    child.on('exit', (code) => {
      clearInterval(ticker);
      if (code === 0) resolveBuild();
      else reject(new Error(`go install ${MODULE} failed with exit code ${code}`));
    });
  });
  writeFileSync(markerPath(path), TEMPORAL_CLI_VERSION + '\n');
  const built = await installedVersion(path);
  if (built !== TEMPORAL_CLI_VERSION) throw new Error(`go install produced ${built ?? 'no binary'} at ${path}`);
  log(`Temporal CLI v${TEMPORAL_CLI_VERSION} built in ${Math.round((Date.now() - started) / 1000)} s: ${path}`);
  return path;
}

export interface DevServerOptions {
  /** Persist to this SQLite file; omitted: in memory (tests). */
  dbFile?: string;
  namespace?: string;
  ui?: boolean;
  /** The gRPC port, chosen by the caller (free); omitted: a free port. */
  port?: number;
  /** The UI's port, chosen by the caller (free); omitted: a free port. */
  uiPort?: number;
  log?: (line: string) => void;
  /** Its own process group, so a Ctrl-C reaches only the launcher, which stops everything in order. */
  detached?: boolean;
}

export interface DevServerProcess {
  address: string;
  uiUrl: string | null;
  /** Starts the dev server on the ports chosen once and waits until it accepts connections. */
  start(track?: (child: ChildProcess) => void): Promise<ChildProcess>;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `temporal server start-dev` on ports chosen once (free at that moment), so a restart comes back on
 * them. Its HTTP and metrics ports, which nothing here uses, the CLI picks afresh at each start.
 */
export async function temporalDevServer(options: DevServerOptions = {}): Promise<DevServerProcess> {
  const cli = await ensureTemporalCli(options.log);
  const port = options.port || (await freePort());
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  args.push('--namespace', options.namespace ?? 'default');
  let uiUrl: string | null = null;
  if (options.ui) {
    const uiPort = options.uiPort || (await freePort());
    args.push('--ui-port', String(uiPort), '--ui-ip', '127.0.0.1');
    uiUrl = `http://127.0.0.1:${uiPort}`;
  } else {
    args.push('--headless');
  }
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  const start = (track?: (child: ChildProcess) => void) =>
    startServiceProcess({
      name: 'temporal dev server',
      command: cli,
      args,
      spawn: { detached: options.detached ?? false },
      track,
      ready: (failIfExited, pid) => waitForPort(port, 60_000, failIfExited, pid),
    });
  return { address: `127.0.0.1:${port}`, uiUrl, start };
}

/** Starts a dev server on free ports and waits until it accepts connections (tests, benchmarks). */
export async function startTemporalDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const server = await temporalDevServer(options);
  const child = await server.start();
  return { address: server.address, uiUrl: server.uiUrl, process: child, stop: () => stopProcess(child) };
}
