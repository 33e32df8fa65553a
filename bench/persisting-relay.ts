/**
 * The second reference: the bare relay (bench/bare-relay.ts) that first stores each message
 * in Postgres, and nothing else (no auth, no validation, no read pointers, no notifications).
 * Sends are group-committed as Collabwire's are: those that arrive while a commit is in flight
 * go together in the next one, a single prepared multi-row INSERT. After the commit each
 * message goes to its room except the sender and is acknowledged, and the frames of a turn
 * leave together (lib/realtime/coalesce-writes.ts), as Collabwire's do. It is the floor of any
 * server that persists a message before delivering it, on the same machine, in the same run:
 * what Collabwire costs above it is its own. Needs DATABASE_URL; prints `listening <port>`.
 */
import { postgresClient } from '../db/postgres-url';
import type { Socket } from 'socket.io';
import { coalesceWebSocketWrites } from '../lib/realtime/coalesce-writes';
import { startRelay, type Ack } from './relay-server';

type Send = { socket: Socket; conversationId: string; content: string; tempId: string | null; ack?: Ack };

const sql = postgresClient(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
await sql.unsafe(`
  create table if not exists relay_messages (
    id bigserial primary key,
    conversation_id text not null,
    seq bigint not null,
    content text not null,
    created_at timestamptz not null default now(),
    unique (conversation_id, seq)
  )`);

const seqs = new Map<string, number>();
let pending: Send[] = [];
let flushing = false;

async function drain(): Promise<void> {
  while (pending.length > 0) {
    const batch = pending;
    pending = [];
    const seqOf = batch.map((s) => {
      const seq = (seqs.get(s.conversationId) ?? 0) + 1;
      seqs.set(s.conversationId, seq);
      return seq;
    });
    try {
      await sql.unsafe(
        'insert into relay_messages (conversation_id, seq, content) select * from unnest($1::text[], $2::bigint[], $3::text[])',
        [batch.map((s) => s.conversationId), seqOf, batch.map((s) => s.content)] as never[],
        { prepare: true },
      );
      batch.forEach((s, i) => {
        const message = { seq: seqOf[i], conversationId: s.conversationId, content: s.content, tempId: s.tempId };
        s.socket.to(`conversation:${s.conversationId}`).emit('message:new', message);
        s.ack?.({ ok: true, data: { tempId: s.tempId, message } });
      });
    } catch (err) {
      for (const s of batch) s.ack?.({ ok: false, error: { code: 'internal', message: String(err) } });
    }
    // As Collabwire's queue: let the sockets ready in this turn be read before the next batch.
    await new Promise((resolve) => setImmediate(resolve));
  }
  flushing = false;
}

startRelay({
  configure: coalesceWebSocketWrites,
  onSend(socket, payload, ack) {
    pending.push({ socket, conversationId: payload.conversationId, content: payload.content, tempId: payload.tempId ?? null, ack });
    if (!flushing) {
      flushing = true;
      setImmediate(() => void drain());
    }
  },
  onClose: () => sql.end({ timeout: 2 }),
});
