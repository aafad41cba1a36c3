// Latency percentiles and CPU accounting for the benchmark.
import fs from 'node:fs';
import os from 'node:os';

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function latencyOf(samples: ArrayLike<number>): Latency {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    mean: sorted.length ? sum / sorted.length : NaN,
  };
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** Busy, interrupt (irq + softirq: e.g. loopback networking, charged to no process) and total CPU time of the machine, in ms. */
function machineCpu(): { busy: number; irq: number; total: number } {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line;
  return {
    busy: (user + nice + system + irq + softirq + steal) * TICK_MS,
    irq: (irq + softirq) * TICK_MS,
    total: (user + nice + system + idle + iowait + irq + softirq + steal) * TICK_MS,
  };
}

/** Percent of the machine's CPU capacity busy during the next `ms`. */
export async function machineBusy(ms = 1000): Promise<number> {
  if (process.platform !== 'linux') return 0;
  const a = machineCpu();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const b = machineCpu();
  return (100 * (b.busy - a.busy)) / Math.max(1, b.total - a.total);
}

/**
 * CPU ms used so far by PostgreSQL: the postmaster `serverPid` and its children
 * (backends, WAL writer, checkpointer...), or when no server pid is known every
 * process whose command name is `postgres`.
 */
function postgresCpu(serverPid?: number | null): number {
  if (serverPid === null) return 0;
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' '); // fields[1] = ppid, [11] = utime, [12] = stime
      if (serverPid !== undefined && Number(pid) !== serverPid && Number(fields[1]) !== serverPid) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* process ended */
    }
  }
  return ticks * TICK_MS;
}

export interface CpuShare {
  /** Percent of the machine's total CPU capacity (all cores) during the run. */
  app: number;
  postgres: number;
  loadgen: number;
  machine: number;
  /** Interrupt and softirq time (loopback TCP between the processes), charged to no process. */
  irq: number;
  /** Every other process on the machine meanwhile: interference with the measurement. */
  other: number;
}

/**
 * Starts measuring; the returned function takes the load generator's own CPU ms and
 * gives the shares. `serverPid`: the PostgreSQL postmaster when it runs here, null when
 * there is no server (PGlite), undefined to count every `postgres` process.
 */
/** CPU ms used so far by the processes `pids` (other app servers of the benchmark). */
function processesCpu(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* process ended */
    }
  }
  return ticks * TICK_MS;
}

/** `appPids`: other processes running Lantern for the benchmark, counted with this one as the app. */
export function cpuMeter(serverPid?: number | null, appPids: readonly number[] = []): (loadgenMs?: number) => CpuShare {
  if (process.platform !== 'linux')
    return () => ({ app: NaN, postgres: NaN, loadgen: NaN, machine: NaN, irq: NaN, other: NaN });
  const m0 = machineCpu();
  const p0 = process.cpuUsage();
  const others0 = processesCpu(appPids);
  const pg0 = postgresCpu(serverPid);
  return (loadgenMs = 0) => {
    const m1 = machineCpu();
    const p1 = process.cpuUsage(p0);
    const total = Math.max(1, m1.total - m0.total);
    const pct = (ms: number) => Math.round((1000 * ms) / total) / 10;
    const share = {
      app: pct((p1.user + p1.system) / 1000 + processesCpu(appPids) - others0),
      postgres: pct(postgresCpu(serverPid) - pg0),
      loadgen: pct(loadgenMs),
      machine: pct(m1.busy - m0.busy),
      irq: pct(m1.irq - m0.irq),
    };
    return {
      ...share,
      other: Math.max(
        0,
        Math.round(10 * (share.machine - share.irq - share.app - share.postgres - share.loadgen)) / 10,
      ),
    };
  };
}

export const machine = () => ({
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  ramGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  os: `${os.type()} ${os.release()}`,
});

/** A positive number given to a bench as `--name N` (or its fallback). */
export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} wants a positive number`);
  return n;
}
