/**
 * Running `server.ts` (or another entry) as its own production process on 127.0.0.1, as an
 * operator would: what the integration tests' process helper and the benchmark share.
 */
import type { ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A free port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** A production child's environment: nothing inherited but PATH, HOME and the build directory. */
export function productionEnv(port: number, env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    ...(process.env.NEXT_DIST_DIR ? { NEXT_DIST_DIR: process.env.NEXT_DIST_DIR } : {}),
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  return Object.assign(base, env);
}

/** Waits until `url`/api/health answers 200; fails with the child's output if it exits or times out. */
export async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${output()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
