import { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from '@rol/config';
import { processAlive, stopProcess } from '@rol/devstack';

export interface ServiceSpec {
  name: string;
  /**
   * Spawns the process and resolves once it is ready; rejects when it could not start. `track` is
   * called with the process as soon as it is spawned, so a stop (or a failed start) never leaves it behind.
   */
  start(track: (child: ChildProcess) => void): Promise<ChildProcess>;
  /** How it is asked to stop (PostgreSQL: SIGINT, a fast shutdown). */
  stopSignal?: NodeJS.Signals;
}

interface Running {
  spec: ServiceSpec;
  child: ChildProcess | null;
  /** Spawned, not yet ready. */
  starting: ChildProcess | null;
  failures: number;
  restarts: number;
  lastExit: string | null;
  since: string;
  restartTimer?: NodeJS.Timeout;
}

/** What the launcher records of each process, for /api/health. */
export interface ProcessState {
  /** `starting`: spawned, not ready yet (its pid is recorded at once, so a launcher killed meanwhile leaves nothing unknown). */
  status: 'starting' | 'running' | 'restarting';
  pid: number | null;
  restarts: number;
  lastExit: string | null;
  since: string;
}

/** Restart delays: 1 s, 2 s, 4 s … up to 30 s; a process that ran a minute starts the count again. */
export function restartDelayMs(failures: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
}
const STABLE_AFTER_MS = 60_000;

/**
 * Keeps the launcher's processes running: a process that dies is logged and started again with backoff
 * (Temporal makes that safe: timers and work survive in the server, workers pick up where another left).
 * Stopping happens in reverse order of starting, so the API and the worker stop before their database.
 */
export class Supervisor {
  private readonly services: Running[] = [];
  private stopping = false;

  constructor(
    private readonly say: (line: string) => void,
    /** Written (atomically) at every change, so the API's health check can show a process that is down. */
    private readonly stateFile: string,
  ) {
    // Whatever happens to the launcher, no child it started is left behind by an exit it sees.
    process.on('exit', () => {
      for (const running of this.services) (running.child ?? running.starting)?.kill('SIGKILL');
    });
  }

  /** Starts the service and waits for it to be ready the first time; later deaths are restarted. */
  async add(spec: ServiceSpec): Promise<void> {
    const running: Running = {
      spec,
      child: null,
      starting: null,
      failures: 0,
      restarts: 0,
      lastExit: null,
      since: new Date().toISOString(),
    };
    this.services.push(running);
    await this.launch(running, true);
  }

  private async launch(running: Running, first: boolean): Promise<void> {
    const { spec } = running;
    if (this.stopping) return;
    let child: ChildProcess;
    try {
      child = await spec.start((spawned) => {
        running.starting = spawned;
        // Recorded before it is ready: were the launcher killed while it starts, the next one stops it.
        this.writeState();
        // A spawn error (binary missing, not executable) is reported by the start's own wait, not a crash.
        spawned.on('error', (error) => this.say(`${spec.name}: ${error.message}`));
      });
    } catch (error) {
      // Whatever the failed start spawned goes, so a retry never runs beside a half-started copy.
      const leftover = running.starting;
      running.starting = null;
      if (leftover) await stopProcess(leftover, 10_000, spec.stopSignal);
      if (first) throw error;
      if (this.stopping) return;
      running.failures++;
      this.say(`${spec.name} did not start again: ${(error as Error).message}`);
      this.scheduleRestart(running);
      return;
    }
    running.starting = null;
    if (this.stopping) {
      await stopProcess(child, 10_000, spec.stopSignal);
      return;
    }
    running.child = child;
    running.since = new Date().toISOString();
    if (!first) running.restarts++;
    const startedAt = Date.now();
    this.say(`${spec.name} ${first ? 'started' : 'restarted'} (pid ${child.pid})`);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      running.child = null;
      if (this.stopping) return;
      if (Date.now() - startedAt > STABLE_AFTER_MS) running.failures = 0;
      running.failures++;
      running.lastExit = signal ?? `code ${code}`;
      running.since = new Date().toISOString();
      this.writeState();
      this.say(`${spec.name} exited unexpectedly (${signal ?? `code ${code}`})`);
      this.scheduleRestart(running);
    };
    // It may have died between being ready and now: then its exit event has passed already.
    if (child.exitCode !== null || child.signalCode !== null) onExit(child.exitCode, child.signalCode);
    else {
      this.writeState();
      child.once('exit', onExit);
    }
  }

  private scheduleRestart(running: Running): void {
    const delay = restartDelayMs(running.failures);
    this.say(`restarting ${running.spec.name} in ${Math.round(delay / 1000)} s (attempt ${running.failures})`);
    running.restartTimer = setTimeout(() => {
      this.launch(running, false).catch((error: unknown) =>
        this.say(`restarting ${running.spec.name}: ${String(error)}`),
      );
    }, delay);
  }

  private writeState(): void {
    const state: Record<string, ProcessState> = {};
    for (const r of this.services) {
      state[r.spec.name] = {
        status: r.child ? 'running' : r.starting ? 'starting' : 'restarting',
        pid: r.child?.pid ?? r.starting?.pid ?? null,
        restarts: r.restarts,
        lastExit: r.lastExit,
        since: r.since,
      };
    }
    const temporary = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state, null, 2));
    renameSync(temporary, this.stateFile);
  }

  /** Stops every process, the last started first (also those still starting). */
  async stopAll(): Promise<void> {
    this.stopping = true;
    // No restart may begin once stopping has begun.
    for (const running of this.services) clearTimeout(running.restartTimer);
    for (const running of [...this.services].reverse()) {
      const child = running.child ?? running.starting;
      if (!child) continue;
      this.say(`stopping ${running.spec.name}`);
      // PostgreSQL's fast shutdown writes a checkpoint: it gets longer than the others.
      const grace = running.spec.stopSignal === 'SIGINT' ? 60_000 : 10_000;
      await stopProcess(child, grace, running.spec.stopSignal).catch((e: unknown) =>
        this.say(`stopping ${running.spec.name} failed: ${String(e)}`),
      );
    }
  }
}

/**
 * A launcher killed outright (SIGKILL, a power cut of the terminal) leaves its processes running. The
 * next start stops those still alive that are recognisably ours (their command line, or their
 * environment naming this DATA_DIR), before starting new ones on the same data.
 */
export async function stopLeftovers(stateFile: string, dataDir: string, say: (line: string) => void): Promise<void> {
  if (!existsSync(stateFile)) return;
  let state: Record<string, ProcessState>;
  try {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, ProcessState>;
  } catch {
    return;
  }
  const ours = (pid: number) => {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      return command.includes(dataDir) || environment.includes(`DATA_DIR=${dataDir}`);
    } catch {
      return false;
    }
  };
  const leftovers = Object.entries(state).filter(([, p]) => p.pid && processAlive(p.pid) && ours(p.pid));
  for (const [name, { pid }] of leftovers) {
    say(`stopping ${name} left running by an earlier launcher (pid ${pid})`);
    try {
      process.kill(pid!, name === 'postgres' ? 'SIGINT' : 'SIGTERM');
    } catch {
      // gone meanwhile
    }
  }
  const deadline = Date.now() + 15_000;
  while (leftovers.some(([, p]) => processAlive(p.pid!)) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
  for (const [name, { pid }] of leftovers) {
    if (!processAlive(pid!)) continue;
    say(`${name} (pid ${pid}) did not stop within 15 s: killing it`);
    try {
      process.kill(pid!, 'SIGKILL');
    } catch {
      continue;
    }
    const until = Date.now() + 5000;
    while (processAlive(pid!) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }
}

/** The kernel's start time of a process (field 22 of /proc/PID/stat): with the pid, it names one process. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * One launcher per DATA_DIR: a second one would take the first one's processes for leftovers and stop
 * them. The lock names the holder by pid and start time, so a stale lock (a killed launcher, a reboot)
 * is taken over, a live one refused.
 */
export function holdDataDir(dataDir: string): void {
  const lock = join(dataDir, 'launcher.lock');
  const mine = `${process.pid} ${startTime(process.pid)}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, mine + '\n', { flag: 'wx' });
      process.on('exit', () => {
        if (existsSync(lock) && readFileSync(lock, 'utf8').trim() === mine) rmSync(lock, { force: true });
      });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const [pid, started] = readFileSync(lock, 'utf8').trim().split(' ');
    if (Number(pid) > 0 && processAlive(Number(pid)) && startTime(Number(pid)) === started) {
      throw new StartupError(
        `DATA_DIR ${dataDir} 正由另一个启动器使用（pid ${pid}）/ another launcher (pid ${pid}) runs on this DATA_DIR`,
      );
    }
    rmSync(lock, { force: true });
  }
  throw new StartupError(`无法锁定 DATA_DIR ${dataDir} / cannot lock DATA_DIR`);
}
