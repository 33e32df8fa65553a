import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, productionEnv, waitForHealth } from '../../scripts/production-child';

export { freePort };

export type ServerProcess = { url: string; port: number; child: ChildProcess; output: () => string; stop(signal?: NodeJS.Signals): Promise<void> };

/**
 * Starts `server.ts` as its own process (the production build), as an operator would,
 * and waits for /api/health.
 */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  // A restart on the same port lets reconnecting clients find the server again.
  const port = env.PORT ? Number(env.PORT) : await freePort();
  // A directory made here is removed once the process has stopped; a test that restarts a
  // server on the same data passes its own DATA_DIR and keeps it.
  const ownDataDir = env.DATA_DIR ? null : mkdtempSync(path.join(os.tmpdir(), 'collabwire-proc-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server.ts'], {
    cwd: process.cwd(),
    env: productionEnv(port, {
      LOG_LEVEL: 'warn',
      ...(ownDataDir ? { DATA_DIR: ownDataDir } : {}),
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      // Suites create their users by signing up, all from 127.0.0.1.
      RATE_LIMIT_SIGNUPS_BURST: '100000',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output, 60_000);
  return {
    url,
    port,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      });
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
  };
}
