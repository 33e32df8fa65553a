import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Resident memory of a process in bytes; 0 once it is gone. */
export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Time for a server to collect garbage and hand pages back after SIGUSR2. */
const GC_SETTLE_MS = 1000;

/**
 * A full garbage collection in a benchmarked server (SIGUSR2, bench/gc-on-signal.mjs), once
 * it has had the time to hand pages back.
 */
export async function collectGarbage(pid: number): Promise<void> {
  process.kill(pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, GC_SETTLE_MS));
}

/**
 * Pids of the Postgres backends serving `database`, by the title each sets for itself
 * ("postgres: [<cluster name>: ]<user> <database> <client> <state>"). Read anew when a step
 * starts: a server may open connections late, or reopen them after an idle close.
 */
export function backendsOf(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const [title] = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const words = title!.split(' ');
      if (words[0] !== 'postgres:') continue;
      const user = words[1]?.endsWith(':') ? 2 : 1;
      if (words[user + 1] === database) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/**
 * CPU seconds a set of processes use from now on, read by the returned function. Each counts
 * its own growth: one that exits meanwhile (a connection closed while idle) counts nothing,
 * where a difference of sums would take all its earlier CPU off the others'.
 */
export function cpuMeter(pids: number[]): () => number {
  const start = pids.map(cpuSeconds);
  return () => pids.reduce((sum, pid, i) => sum + Math.max(0, cpuSeconds(pid) - start[i]!), 0);
}
