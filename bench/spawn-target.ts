import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort, productionEnv, waitForHealth } from '../scripts/production-child';

export type Target = { url: string; pid: number; child: ChildProcess; output: () => string; stop(): Promise<void> };

/** Server settings of every benchmarked Collabwire process. */
export const BENCH_SERVER_ENV = {
  // Far above the offered rate per user, so the sweep measures the send path, not the limiter.
  RATE_LIMIT_MESSAGES_PER_SEC: '100000',
  RATE_LIMIT_MESSAGES_BURST: '100000',
  RATE_LIMIT_EVENTS_PER_SEC: '100000',
  RATE_LIMIT_EVENTS_BURST: '100000',
  LOG_LEVEL: 'warn',
  // As `npm start` runs it (package.json): one malloc arena, not one per thread (docs/deploy.md).
  MALLOC_ARENA_MAX: '1',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function start(args: string[], env: Record<string, string>, port: number): { child: ChildProcess; output: () => string } {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each benchmarked process on exit.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  // BENCH_NODE_FLAGS="--flag …" adds Node or V8 flags to every benchmarked process, for comparisons.
  const extra = process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  // SIGUSR2 collects garbage (bench/gc-on-signal.mjs), for the idle memory readings.
  const gc = ['--expose-gc', '--import', pathToFileURL(path.join(process.cwd(), 'bench', 'gc-on-signal.mjs')).href];
  const child = spawn(process.execPath, [...profile, ...extra, ...gc, '--import', 'tsx', ...args], {
    cwd: process.cwd(),
    env: productionEnv(port, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // BENCH_SERVER_LOG=<file> also appends everything the benchmarked processes print to a file.
  const log = process.env.BENCH_SERVER_LOG;
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-20_000);
    if (log) appendFileSync(log, d);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

function stopper(child: ChildProcess) {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 25_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** Starts `server.ts` in production mode, as an operator would, and waits for /api/health. */
export async function spawnCollabwire(env: { DATA_DIR: string; AUTH_SECRET: string; DATABASE_URL?: string }): Promise<Target> {
  const port = await freePort();
  const { child, output } = start(['server.ts'], { NODE_ENV: 'production', ...BENCH_SERVER_ENV, ...env }, port);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, output, 90_000);
  return { url, pid: child.pid!, child, output, stop: stopper(child) };
}

/**
 * Starts a reference server and waits until it listens: bench/bare-relay.ts,
 * bench/persisting-relay.ts with its DATABASE_URL, or bench/page-server.ts with its
 * DATABASE_URL or PGLITE_DIR.
 */
export async function spawnReference(script: 'bare-relay' | 'persisting-relay' | 'page-server', env: Record<string, string> = {}): Promise<Target> {
  const port = await freePort();
  const { child, output } = start([`bench/${script}.ts`], { NODE_ENV: 'production', ...env }, port);
  const deadline = Date.now() + 30_000;
  while (!output().includes('listening')) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`${script} did not start:\n${output()}`);
    await sleep(50);
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid!, child, output, stop: stopper(child) };
}

export const newSecret = () => randomBytes(32).toString('base64url');
