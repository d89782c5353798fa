import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restartDelayMs, Supervisor } from './supervisor';

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
