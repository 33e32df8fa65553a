/**
 * Loaded with --import into every benchmarked server, which also gets --expose-gc: SIGUSR2
 * runs a full garbage collection. Idle memory is then read after one, in the relay and in
 * Collabwire alike, rather than wherever V8's own collector happens to be: without it, the
 * same 1,000 idle sockets of the relay read as 25 KB each two seconds after connecting and as
 * 3 KB twenty seconds later. The signal is also passed on to the process's worker threads
 * (db/pglite-worker.mjs listens): --import does not run in them, and the garbage of PGlite's
 * database thread is in the server's RSS as much as the main thread's.
 */
import { BroadcastChannel, isMainThread } from 'node:worker_threads';

if (isMainThread) {
  if (typeof globalThis.gc !== 'function') throw new Error('bench/gc-on-signal.mjs needs node --expose-gc');
  const threads = new BroadcastChannel('collect-garbage');
  threads.unref();
  process.on('SIGUSR2', () => {
    globalThis.gc();
    threads.postMessage('collect');
  });
}
