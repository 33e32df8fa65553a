import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { coalesceWebSocketWrites, tcpSocketOf, type EngineConnection } from './coalesce-writes';

type Started = { http: HttpServer; io: Server; client: ClientSocket; writes: () => number; server: ServerSocket };

let started: Started | null = null;

afterEach(async () => {
  started?.client.disconnect();
  await started?.io.close();
  started = null;
});

/** A real Socket.IO server and client over a WebSocket on 127.0.0.1; counts the server's writes to that TCP socket. */
async function start(coalesce: boolean): Promise<Started> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  if (coalesce) coalesceWebSocketWrites(io);
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const connected = once(io, 'connection') as Promise<[ServerSocket]>;
  const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'] });
  const [server] = await connected;
  if (!client.connected) await new Promise((resolve) => client.once('connect', () => resolve(undefined)));
  const tcp = tcpSocketOf(server.conn as unknown as EngineConnection) as NetSocket & Record<'_write' | '_writev', (...args: unknown[]) => unknown>;
  expect(tcp).not.toBeNull();
  let count = 0;
  // Each of these is one hand-over to the kernel.
  for (const name of ['_write', '_writev'] as const) {
    const original = tcp[name].bind(tcp);
    tcp[name] = (...args: unknown[]) => {
      count++;
      return original(...args);
    };
  }
  started = { http, io, client, writes: () => count, server };
  return started;
}

/** Emits `n` frames to the client in one turn and waits until it has them all. */
async function burst(s: Started, n: number, tag: string): Promise<number[]> {
  const got: number[] = [];
  const all = new Promise<void>((resolve) => {
    const on = (t: string, i: number) => {
      if (t !== tag) return;
      got.push(i);
      if (got.length === n) {
        s.client.off('frame', on);
        resolve();
      }
    };
    s.client.on('frame', on);
  });
  for (let i = 0; i < n; i++) s.server.emit('frame', tag, i);
  await all;
  return got;
}

describe('[REALTIME] frames of one turn leave together', () => {
  it('writes a turn’s frames to a WebSocket in one write, in order, turn after turn', async () => {
    const s = await start(true);
    const before = s.writes();
    expect(await burst(s, 5, 'first')).toEqual([0, 1, 2, 3, 4]);
    expect(s.writes() - before).toBe(1);
    expect(await burst(s, 3, 'second')).toEqual([0, 1, 2]);
    expect(s.writes() - before).toBe(2);
  });

  it('keeps frames in order across turns that follow one another', async () => {
    const s = await start(true);
    const got: number[] = [];
    const all = new Promise<void>((resolve) => {
      s.client.on('frame', (_tag: string, i: number) => {
        got.push(i);
        if (got.length === 30) resolve();
      });
    });
    // Three turns in a row, each with frames of its own.
    for (let turn = 0; turn < 3; turn++) {
      for (let i = 0; i < 10; i++) s.server.emit('frame', 'ordered', turn * 10 + i);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await all;
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('without it, each frame is a write of its own (what the test above would see)', async () => {
    const s = await start(false);
    const before = s.writes();
    await burst(s, 5, 'first');
    expect(s.writes() - before).toBe(5);
  });
});
