import { readFileSync } from 'node:fs';

// Linux reports process times in clock ticks of 1/100 s.
const TICKS_PER_SECOND = 100;

/** Nearest-rank percentile of a list of samples (ms). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Summary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  count: number;
}

export function summarise(samples: readonly number[]): Summary {
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    max: percentile(samples, 100),
    count: samples.length,
  };
}

/** Runs `lanes` workers over `count` items; each call gets the index of its item. */
export async function inLanes(count: number, lanes: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/** CPU seconds used so far by a process (Linux /proc), or null where that cannot be read. */
export function cpuSeconds(pid: number | readonly number[] | undefined): number | null {
  if (pid === undefined) return null;
  if (typeof pid !== 'number') {
    const each = pid.map((p) => cpuSeconds(p));
    return each.some((s) => s === null) ? null : each.reduce((sum: number, s) => sum + (s as number), 0);
  }
  try {
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds used by the whole machine so far (all processes, every engineer's), or null. */
export function machineCpuSeconds(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [user, nice, system, , , irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Where the CPU went while `work` ran: per named process, and the rest of the machine. */
export async function cpuBreakdown<T>(
  processes: Record<string, number | readonly number[] | undefined>,
  work: () => Promise<T>,
): Promise<{ result: T; seconds: number; cpu: Record<string, number | null> }> {
  const before = Object.fromEntries(Object.entries(processes).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const self = process.cpuUsage();
  const machine = machineCpuSeconds();
  const begun = Date.now();
  const result = await work();
  const seconds = (Date.now() - begun) / 1000;
  const cpu: Record<string, number | null> = {};
  let named = 0;
  for (const [name, pid] of Object.entries(processes)) {
    const now = cpuSeconds(pid);
    cpu[name] = now === null || before[name] === null ? null : now - (before[name] as number);
    named += cpu[name] ?? 0;
  }
  const used = process.cpuUsage(self);
  cpu.bench = (used.user + used.system) / 1e6;
  const machineNow = machineCpuSeconds();
  cpu['rest of machine'] = machine === null || machineNow === null ? null : machineNow - machine - named - cpu.bench;
  return { result, seconds, cpu };
}

export function formatCpu(seconds: number, cpu: Record<string, number | null>): string {
  const parts = Object.entries(cpu).map(([name, s]) => `${name} ${s === null ? '?' : s.toFixed(1)} s`);
  return `CPU over ${seconds.toFixed(1)} s wall: ${parts.join(', ')}`;
}
