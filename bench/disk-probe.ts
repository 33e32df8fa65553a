/**
 * How long the disk takes to make a small write durable, sampled while the load runs: a
 * worker thread writes 4 kB to a file and waits for fdatasync every `intervalMs`. A durable
 * commit (Postgres acknowledges a message only once its WAL is flushed) can never be faster
 * than this, so a step's delivery p99 is read beside the disk's own p99 and worst stall.
 */
import { Worker } from 'node:worker_threads';

/** A flush slower than this is counted as a stall: it alone would break a 25 ms p99. */
export const STALL_MS = 25;

export class DiskProbe {
  readonly #worker: Worker;
  #samples: number[] = [];

  constructor(dir: string, intervalMs = 10) {
    this.#worker = new Worker(PROBE_SOURCE, { eval: true, workerData: { dir, intervalMs } });
    this.#worker.on('message', (ms: number) => this.#samples.push(ms));
    this.#worker.unref();
  }

  /** The flush times (ms) since the last call; starts a new window. */
  take(): number[] {
    const samples = this.#samples;
    this.#samples = [];
    return samples;
  }

  async stop(): Promise<void> {
    // Held open until the thread has removed its file, or the process could end first.
    this.#worker.ref();
    this.#worker.postMessage('stop');
    await new Promise((resolve) => this.#worker.once('exit', resolve));
  }
}

/**
 * The probing thread, as plain JavaScript (a worker does not inherit the TypeScript loader).
 * Blocking calls on purpose: this thread does nothing else, and each flush is timed alone.
 */
const PROBE_SOURCE = `
const { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } = require('node:fs');
const path = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');
const { dir, intervalMs } = workerData;
const own = mkdtempSync(path.join(dir, 'collabwire-disk-probe-'));
const fd = openSync(path.join(own, 'probe'), 'w');
const page = Buffer.alloc(4096, 1);
const pause = new Int32Array(new SharedArrayBuffer(4));
let stopped = false;
parentPort.on('message', () => (stopped = true));
const loop = () => {
  for (let i = 0; i < 10 && !stopped; i++) {
    writeSync(fd, page, 0, page.length, 0);
    const t0 = performance.now();
    fdatasyncSync(fd);
    parentPort.postMessage(performance.now() - t0);
    Atomics.wait(pause, 0, 0, intervalMs);
  }
  if (!stopped) return setImmediate(loop);
  closeSync(fd);
  rmSync(own, { recursive: true, force: true });
  parentPort.close();
};
loop();
`;
