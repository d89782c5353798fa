import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Running, and not a zombie waiting for a parent that will never collect it. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A signal (SIGTERM unless told), then SIGKILL if it has not exited after the grace period. */
export function stopProcess(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill(signal);
  });
}

export interface ServiceProcess {
  /** Named in errors. */
  name: string;
  command: string;
  args: string[];
  spawn?: SpawnOptions;
  /** How it is stopped when it does not get ready. */
  stopSignal?: NodeJS.Signals;
  /** Told of the process as soon as it is spawned (the launcher's supervisor). */
  track?: (child: ChildProcess) => void;
  /** Resolves once it (`pid`) serves; calls `failIfExited` while waiting, which throws once the process died. */
  ready(failIfExited: () => void, pid: number | undefined): Promise<void>;
}

/**
 * Spawns a server process (stderr kept for the error message) and waits until it is ready; one that
 * does not get ready is stopped before the error is passed on, so a retry never runs beside it.
 */
export async function startServiceProcess(service: ServiceProcess): Promise<ChildProcess> {
  const child = spawn(service.command, service.args, { stdio: ['ignore', 'ignore', 'pipe'], ...service.spawn });
  service.track?.(child);
  child.on('error', () => undefined); // a spawn error ends in an exit, reported below
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const failIfExited = () => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${service.name} exited (${child.signalCode ?? child.exitCode}): ${stderr.trim()}`);
  };
  try {
    await service.ready(failIfExited, child.pid);
  } catch (error) {
    await stopProcess(child, 10_000, service.stopSignal);
    throw error;
  }
  return child;
}
