// Latency percentiles and CPU accounting for the benchmark.
import fs from 'node:fs';
import os from 'node:os';

export interface Latency { p50: number; p95: number; p99: number; max: number; mean: number }

export function latencyOf(samples: ArrayLike<number>): Latency {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);
  let sum = 0;
  for (const v of sorted) sum += v;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1]! : NaN, mean: sorted.length ? sum / sorted.length : NaN };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** Busy and total CPU time of the whole machine, in ms. */
function machineCpu(): { busy: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line;
  return { busy: (user + nice + system + irq + softirq + steal) * TICK_MS, total: (user + nice + system + idle + iowait + irq + softirq + steal) * TICK_MS };
}

/** CPU ms used so far by every process whose command name is `postgres`. */
function postgresCpu(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch { /* process ended */ }
  }
  return ticks * TICK_MS;
}

export interface CpuShare {
  /** Percent of the machine's total CPU capacity (all cores) during the run. */
  app: number; postgres: number; loadgen: number; machine: number;
}

/** Starts measuring; the returned function takes the load generator's own CPU ms and gives the shares. */
export function cpuMeter(): (loadgenMs?: number) => CpuShare {
  if (process.platform !== 'linux') return () => ({ app: NaN, postgres: NaN, loadgen: NaN, machine: NaN });
  const m0 = machineCpu();
  const p0 = process.cpuUsage();
  const pg0 = postgresCpu();
  return (loadgenMs = 0) => {
    const m1 = machineCpu();
    const p1 = process.cpuUsage(p0);
    const total = Math.max(1, m1.total - m0.total);
    const pct = (ms: number) => Math.round((1000 * ms) / total) / 10;
    return { app: pct((p1.user + p1.system) / 1000), postgres: pct(postgresCpu() - pg0), loadgen: pct(loadgenMs), machine: pct(m1.busy - m0.busy) };
  };
}

export const machine = () => ({
  cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, ramGb: Math.round(os.totalmem() / 2 ** 30), node: process.version,
  os: `${os.type()} ${os.release()}`,
});
