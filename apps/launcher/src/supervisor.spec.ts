import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { holdDataDir, restartDelayMs, Supervisor } from './supervisor';

describe('restartDelayMs', () => {
  it('doubles from 1 s and stops at 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(restartDelayMs)).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });
});

describe('Supervisor', () => {
  it('restarts a process that dies, records it, and stops it for good on stopAll', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'rol-sup-')), 'processes.json');
    const lines: string[] = [];
    const supervisor = new Supervisor((line) => lines.push(line), stateFile);
    const starts: number[] = [];
    await supervisor.add({
      name: 'sleeper',
      start: async () => {
        const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
        starts.push(child.pid!);
        return child;
      },
    });
    const state = () => JSON.parse(readFileSync(stateFile, 'utf8')).sleeper;
    expect(state()).toMatchObject({ status: 'running', pid: starts[0], restarts: 0 });
    process.kill(starts[0], 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (starts.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(starts).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(state()).toMatchObject({ status: 'running', pid: starts[1], restarts: 1, lastExit: 'SIGKILL' });
    expect(lines).toEqual(
      expect.arrayContaining(['sleeper exited unexpectedly (SIGKILL)', 'restarting sleeper in 1 s (attempt 1)']),
    );
    await supervisor.stopAll();
    expect(() => process.kill(starts[1], 0)).toThrow();
    await new Promise((r) => setTimeout(r, 1500));
    expect(starts).toHaveLength(2);
  }, 20_000);
});

const sleeper = () => spawn(process.execPath, ['-e', 'setTimeout(() => {}, 600000)'], { stdio: 'ignore' });
const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};
const waitFor = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  return check();
};

describe('Supervisor while stopping', () => {
  const stateFile = () => join(mkdtempSync(join(tmpdir(), 'rol-sup-')), 'processes.json');

  it('starts nothing once stopping has begun, even when a restart was due', async () => {
    const supervisor = new Supervisor(() => undefined, stateFile());
    const pids: number[] = [];
    await supervisor.add({
      name: 'a',
      start: async () => {
        const child = sleeper();
        pids.push(child.pid!);
        return child;
      },
    });
    process.kill(pids[0], 'SIGKILL');
    await waitFor(() => gone(pids[0]));
    await new Promise((r) => setTimeout(r, 100)); // the restart is now scheduled (in 1 s)
    await supervisor.stopAll();
    await new Promise((r) => setTimeout(r, 1500));
    expect(pids).toHaveLength(1);
  });

  it('stops a process that is still starting, and one whose start failed', async () => {
    const supervisor = new Supervisor(() => undefined, stateFile());
    let slow: number | undefined;
    let release!: () => void;
    const adding = supervisor.add({
      name: 'slow',
      start: async (track) => {
        const child = sleeper();
        track(child);
        slow = child.pid;
        await new Promise<void>((r) => (release = r));
        return child;
      },
    });
    await waitFor(() => slow !== undefined);
    const stopping = supervisor.stopAll();
    release();
    await stopping;
    await adding.catch(() => undefined);
    expect(await waitFor(() => gone(slow!))).toBe(true);

    let failed: number | undefined;
    const other = new Supervisor(() => undefined, stateFile());
    await expect(
      other.add({
        name: 'broken',
        start: async (track) => {
          const child = sleeper();
          track(child);
          failed = child.pid;
          throw new Error('never ready');
        },
      }),
    ).rejects.toThrow('never ready');
    expect(await waitFor(() => gone(failed!))).toBe(true);
  }, 30_000);
});

describe('holdDataDir', () => {
  it('refuses a DATA_DIR held by a live launcher and takes over a stale lock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rol-lock-'));
    const stat = readFileSync(`/proc/${process.pid}/stat`, 'utf8');
    const started = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    writeFileSync(join(dir, 'launcher.lock'), `${process.pid} ${started}\n`);
    expect(() => holdDataDir(dir)).toThrow(/another launcher/);
    writeFileSync(join(dir, 'launcher.lock'), `${process.pid} 1\n`); // same pid, another process: stale
    expect(() => holdDataDir(dir)).not.toThrow();
    expect(readFileSync(join(dir, 'launcher.lock'), 'utf8').trim()).toBe(`${process.pid} ${started}`);
  });
});
