/**
 * The load generator, run as its own process: `tsx bench/load.ts <plan.json> <result.json>`.
 * Only ever talks to 127.0.0.1, with a fixed number of sockets, fixed step durations and a
 * hard deadline. Modes:
 * - idle: opens N authenticated sockets and reads the server's RSS before and after;
 * - sweep: pairs in their own conversations send at fixed offered rates, stepped upward
 *   until saturation; the recipient computes send → message:new latency from a timestamp
 *   carried in the content;
 * - history: sequential REST reads of the latest page, a deep beforeSeq page, the same two
 *   from the bare page server (the floor) and the inbox's first page of 50 (what the web app
 *   loads), taken in turn, then the whole inbox listing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { DiskProbe, STALL_MS } from './disk-probe';
import { backendsOf, collectGarbage, cpuMeter, cpuSeconds, rssBytes } from './proc-stats';

export type Party = { token: string };
export type LoadPair = { conversationId: string; a: Party; b: Party };

export type SweepPlan = {
  mode: 'sweep';
  url: string;
  serverPid: number;
  /** The Postgres database whose backends' CPU is reported beside the server's. */
  database?: string;
  pairs: LoadPair[];
  rates: number[];
  stepMs: number;
  /** How long a step waits for outstanding acks and deliveries after its last send. */
  drainMs: number;
  deadlineMs: number;
  /** Where the disk probe writes (on the database's disk); no probe when absent. */
  diskProbeDir?: string;
};
export type IdlePlan = { mode: 'idle'; url: string; serverPid: number; tokens: string[]; settleMs: number; deadlineMs: number };
export type HistoryPlan = {
  mode: 'history';
  url: string;
  token: string;
  conversationId: string;
  deepBeforeSeq: number;
  /** bench/page-server.ts on the same stored messages: the floor of a page read. */
  referenceUrl: string;
  iterations: number;
  deadlineMs: number;
};
export type Plan = SweepPlan | IdlePlan | HistoryPlan;

export type Percentiles = { p50: number; p95: number; p99: number; max: number; count: number };
export type StepResult = {
  offered: number;
  sent: number;
  delivered: number;
  deliveredPerSec: number;
  acked: number;
  errors: number;
  errorCodes: Record<string, number>;
  /** Sent but not yet delivered when the step's drain window closed: late, not known lost. */
  undelivered: number;
  delivery: Percentiles;
  ack: Percentiles;
  serverCpuPct: number;
  serverRssMb: number;
  dbCpuPct: number;
  loadCpuPct: number;
  /**
   * The step cut into windows of WINDOW_MS by send time: how many, how many had a delivery over
   * SLOW_MS, and the longest run of such windows in a row (ms). A p99 missed in one short run
   * is a stall; missed across many windows, the server keeps up no longer.
   */
  slowWindows: { windows: number; slow: number; longestRunMs: number };
  /** The disk's fdatasync latency during the step and its flushes over STALL_MS (bench/disk-probe.ts). */
  disk?: Percentiles & { stalls: number };
  saturated: boolean;
};

const ROUND = (n: number) => Math.round(n * 100) / 100;
const WINDOW_MS = 100;
const SLOW_MS = 25;

/** Summarises the slowest delivery of each window (undefined: nothing sent in it was delivered). */
function slowWindows(windowMax: (number | undefined)[]): StepResult['slowWindows'] {
  let slow = 0;
  let run = 0;
  let longest = 0;
  for (const max of windowMax) {
    if (max !== undefined && max > SLOW_MS) {
      slow++;
      longest = Math.max(longest, ++run);
    } else run = 0;
  }
  return { windows: windowMax.length, slow, longestRunMs: longest * WINDOW_MS };
}

export function percentiles(values: Float64Array | number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN);
  return { p50: ROUND(at(0.5)), p95: ROUND(at(0.95)), p99: ROUND(at(0.99)), max: ROUND(at(1)), count: sorted.length };
}

function diskSummary(flushes: number[]): Percentiles & { stalls: number } {
  return { ...percentiles(flushes), stalls: flushes.filter((ms) => ms > STALL_MS).length };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (...args: unknown[]) => process.stderr.write(`[load] ${args.join(' ')}\n`);

function connect(url: string, token: string | null): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/chat`, {
      transports: ['websocket'],
      auth: token ? { token: `Bearer ${token}` } : {},
      reconnection: false,
      forceNew: true,
      timeout: 20_000,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

/** Connects in small concurrent batches, so the handshakes do not all land at once. */
async function connectAll(url: string, tokens: (string | null)[], batch = 50): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < tokens.length; i += batch) {
    sockets.push(...(await Promise.all(tokens.slice(i, i + batch).map((t) => connect(url, t)))));
  }
  return sockets;
}

/**
 * The server's RSS once settled: as it stands, and after a full garbage collection (SIGUSR2,
 * bench/gc-on-signal.mjs), which is the figure compared.
 */
async function settledRss(plan: IdlePlan): Promise<{ raw: number; collected: number }> {
  await sleep(plan.settleMs);
  const raw = rssBytes(plan.serverPid);
  await collectGarbage(plan.serverPid);
  return { raw, collected: rssBytes(plan.serverPid) };
}

async function runIdle(plan: IdlePlan) {
  // One warm socket first, so lazily loaded code is not counted as per-socket memory.
  const warm = await connect(plan.url, plan.tokens[0] ?? null);
  const before = await settledRss(plan);
  const started = performance.now();
  const sockets = await connectAll(plan.url, plan.tokens.slice(1));
  const connectMs = performance.now() - started;
  const after = await settledRss(plan);
  for (const s of [warm, ...sockets]) s.disconnect();
  await sleep(200);
  const perSocketKb = (from: number, to: number) => ROUND((to - from) / sockets.length / 1024);
  return {
    sockets: sockets.length,
    rssBeforeMb: ROUND(before.collected / 2 ** 20),
    rssAfterMb: ROUND(after.collected / 2 ** 20),
    perSocketKb: perSocketKb(before.collected, after.collected),
    perSocketKbWithoutGc: perSocketKb(before.raw, after.raw),
    connectMs: Math.round(connectMs),
  };
}

async function runSweep(plan: SweepPlan) {
  const tokens = plan.pairs.flatMap((p) => [p.a.token, p.b.token]);
  const sockets = await connectAll(plan.url, tokens);
  const senders = plan.pairs.flatMap((p, i) => [
    { socket: sockets[2 * i]!, conversationId: p.conversationId },
    { socket: sockets[2 * i + 1]!, conversationId: p.conversationId },
  ]);
  await Promise.all(senders.map((s) => s.socket.timeout(10_000).emitWithAck('conversation:join', { conversationId: s.conversationId })));
  log(`connected ${sockets.length} sockets in ${plan.pairs.length} conversations`);

  // Current step's samples; a late delivery from an earlier step is not counted in this one.
  let step = -1;
  let delivery: number[] = [];
  // When the current step started, and the slowest delivery among the messages sent in each of its windows.
  let started = 0;
  let windowMax: (number | undefined)[] = [];
  let ackLatency: number[] = [];
  let delivered = 0;
  let acked = 0;
  let errors = 0;
  let errorCodes: Record<string, number> = {};
  for (const s of sockets) {
    s.on('message:new', (m: { content: string }) => {
      const bar = m.content.indexOf('|');
      if (Number(m.content.slice(0, bar)) !== step) return;
      const sentAt = Number(m.content.slice(bar + 1, m.content.indexOf('|', bar + 1)));
      const ms = performance.now() - sentAt;
      delivery.push(ms);
      const w = Math.floor((sentAt - started) / WINDOW_MS);
      windowMax[w] = Math.max(windowMax[w] ?? 0, ms);
      delivered++;
    });
  }

  const results: StepResult[] = [];
  const probe = plan.diskProbeDir ? new DiskProbe(plan.diskProbeDir) : null;
  const deadline = Date.now() + plan.deadlineMs;
  let messageNo = 0;
  const runId = Date.now().toString(36);
  // An unrecorded first step warms caches, JIT and connections, as a running server has them.
  const warmup = { rate: Math.min(plan.rates[0] ?? 500, 500), ms: Math.min(plan.stepMs, 3000) };
  for (const [i, rate] of [warmup.rate, ...plan.rates].entries()) {
    const stepMs = i === 0 ? warmup.ms : plan.stepMs;
    if (Date.now() + stepMs + plan.drainMs > deadline) {
      log('deadline reached, stopping the sweep');
      break;
    }
    step++;
    delivery = [];
    windowMax = [];
    ackLatency = [];
    delivered = acked = errors = 0;
    errorCodes = {};
    const thisStep = step;
    let sent = 0;
    let next = 0;
    const cpu0 = cpuSeconds(plan.serverPid);
    const dbCpu = cpuMeter(plan.database ? backendsOf(plan.database) : []);
    const load0 = process.cpuUsage();
    let rssMax = 0;
    probe?.take();
    started = performance.now();
    const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, rssBytes(plan.serverPid))), 250);
    // Open-loop: the schedule, not the replies, decides when the next message goes out.
    await new Promise<void>((resolve) => {
      const tick = () => {
        const elapsed = performance.now() - started;
        const due = Math.min(Math.floor((rate * Math.min(elapsed, stepMs)) / 1000), Math.round((rate * stepMs) / 1000));
        while (sent < due) {
          const sender = senders[next]!;
          next = (next + 1) % senders.length;
          const t0 = performance.now();
          sent++;
          sender.socket.emit(
            'message:send',
            { conversationId: sender.conversationId, content: `${thisStep}|${t0}|bench message`, tempId: `${runId}-${++messageNo}` },
            (reply: { ok: boolean; error?: { code: string } }) => {
              if (thisStep !== step) return;
              if (reply.ok) {
                acked++;
                ackLatency.push(performance.now() - t0);
              } else {
                errors++;
                const code = reply.error?.code ?? 'unknown';
                errorCodes[code] = (errorCodes[code] ?? 0) + 1;
              }
            },
          );
        }
        if (elapsed >= stepMs) resolve();
        else setTimeout(tick, 1);
      };
      tick();
    });
    const sendMs = performance.now() - started;
    const drainUntil = performance.now() + plan.drainMs;
    while (performance.now() < drainUntil && (delivered < sent || acked + errors < sent)) await sleep(20);
    clearInterval(rssTimer);
    const wallS = (performance.now() - started) / 1000;
    const load = process.cpuUsage(load0);
    const result: StepResult = {
      offered: rate,
      sent,
      delivered,
      deliveredPerSec: Math.round(delivered / (sendMs / 1000)),
      acked,
      errors,
      errorCodes,
      undelivered: sent - delivered,
      delivery: percentiles(delivery),
      ack: percentiles(ackLatency),
      slowWindows: slowWindows(Array.from({ length: Math.ceil(stepMs / WINDOW_MS) }, (_, w) => windowMax[w])),
      serverCpuPct: Math.round(((cpuSeconds(plan.serverPid) - cpu0) / wallS) * 100),
      serverRssMb: ROUND(rssMax / 2 ** 20),
      dbCpuPct: Math.round((dbCpu() / wallS) * 100),
      loadCpuPct: Math.round(((load.user + load.system) / 1e6 / wallS) * 100),
      ...(probe ? { disk: diskSummary(probe.take()) } : {}),
      saturated: false,
    };
    // Saturated: the server no longer carries what is offered within the drain window.
    result.saturated = sent === 0 || delivered < sent * 0.98 || errors > sent * 0.01 || result.delivery.p99 > 1000;
    if (i === 0) {
      log(`warm-up at ${rate} msg/s: p99 ${result.delivery.p99} ms`);
      await sleep(500);
      continue;
    }
    results.push(result);
    log(
      `rate ${rate}: delivered ${result.deliveredPerSec}/s p50 ${result.delivery.p50} p99 ${result.delivery.p99} ms, ack p99 ${result.ack.p99} ms,` +
        ` errors ${errors}, undelivered at drain end ${result.undelivered}, cpu ${result.serverCpuPct}% db ${result.dbCpuPct}% load ${result.loadCpuPct}%` +
        (result.disk ? `, disk fsync p99 ${result.disk.p99} max ${result.disk.max} ms (${result.disk.stalls} stalls)` : ''),
    );
    if (result.saturated) break;
    // Let the server settle so one step's backlog does not spill into the next.
    await sleep(500);
  }
  for (const s of sockets) s.disconnect();
  await probe?.stop();
  return { steps: results };
}

/**
 * One GET on a kept-alive connection, body read to the end and parsed. node:http rather than
 * fetch: undici's per-request overhead here is a millisecond or more, which is the client's
 * cost, not the server's.
 */
function getJson(agent: http.Agent, url: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Each read's unmeasured requests before its samples: this many, or as many as fit in `ms` (at least 10). */
const WARM_UP = { requests: 200, ms: 2_000 };

async function runHistory(plan: HistoryPlan) {
  const headers = { authorization: `Bearer ${plan.token}` };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const base = `${plan.url}/api/chat/conversations`;
  // Taken in turn, one request of each per round, so that a slow moment of the host (or of
  // the server just after the phase before) lands on each of them alike: measured one after
  // the other, whichever came first read slower (latest page p50 1.5–1.6 ms against 1.3–1.4
  // for the deep page, in either order).
  const inTurn = {
    // The floor: the same two pages from a bare server (bench/page-server.ts), so the rest of
    // a page's time is Collabwire's own.
    referenceLatestPage: `${plan.referenceUrl}/messages/${plan.conversationId}`,
    referenceDeepPage: `${plan.referenceUrl}/messages/${plan.conversationId}?beforeSeq=${plan.deepBeforeSeq}`,
    latestPage: `${base}/${plan.conversationId}/messages`,
    deepPage: `${base}/${plan.conversationId}/messages?beforeSeq=${plan.deepBeforeSeq}`,
    // What the web app loads: the first page of the inbox (GET with limit, as it asks for it).
    inboxPage: `${base}?limit=50`,
  };
  const small = Object.entries(inTurn);
  // The whole listing, as GET without a limit answers it: about 1 MB of JSON a request, read
  // on its own afterwards so that collecting it does not land on the small reads.
  const wholeInbox: [string, string][] = [['inbox', base]];
  const read = async (name: string, url: string) => {
    const t0 = performance.now();
    const { status, body } = await getJson(agent, url, headers);
    const ms = performance.now() - t0;
    if (status !== 200) throw new Error(`${name}: HTTP ${status} ${JSON.stringify(body)}`);
    const page = body as { messages?: unknown[]; conversations?: unknown[] };
    return { ms, items: (page.messages ?? page.conversations ?? []).length };
  };
  // Unmeasured first, as the sweep's warm-up step: caches, connections and the JIT's
  // optimised code for each read, so the figures are a running server's.
  const warmUp = async (targets: [string, string][]) => {
    const until = Date.now() + WARM_UP.ms;
    for (let i = 0; i < WARM_UP.requests && (i < 10 || Date.now() < until); i++) for (const [name, url] of targets) await read(name, url);
  };
  const deadline = Date.now() + plan.deadlineMs;
  const samples = new Map<string, number[]>([...small, ...wholeInbox].map(([name]) => [name, []]));
  const items = new Map<string, number>();
  const rounds = async (targets: [string, string][], until: number) => {
    for (let i = 0; i < plan.iterations && Date.now() < until; i++) {
      for (const [name, url] of targets) {
        const r = await read(name, url);
        samples.get(name)!.push(r.ms);
        items.set(name, r.items);
      }
    }
  };
  // The reads in turn get four fifths of the time, the whole listing the rest, as when each
  // of the five had its own share.
  await warmUp(small);
  await rounds(small, Math.min(deadline, Date.now() + (plan.deadlineMs * 4) / 5));
  await warmUp(wholeInbox);
  await rounds(wholeInbox, deadline);
  agent.destroy();
  const out: Record<string, Percentiles & { items: number }> = {};
  for (const [name, values] of samples) {
    out[name] = { ...percentiles(values), items: items.get(name) ?? 0 };
    log(`${name}: p50 ${out[name].p50} p99 ${out[name].p99} ms (${out[name].items} items)`);
  }
  return out;
}

async function main() {
  const [planPath, resultPath] = process.argv.slice(2);
  if (!planPath || !resultPath) throw new Error('usage: load.ts <plan.json> <result.json>');
  const plan = JSON.parse(readFileSync(planPath, 'utf8')) as Plan;
  for (const url of [plan.url, ...(plan.mode === 'history' ? [plan.referenceUrl] : [])]) {
    if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`load only goes to 127.0.0.1, not ${url}`);
  }
  const hardStop = setTimeout(() => {
    log('hard time limit reached');
    process.exit(2);
  }, plan.deadlineMs + 30_000);
  hardStop.unref();
  const result = plan.mode === 'idle' ? await runIdle(plan) : plan.mode === 'sweep' ? await runSweep(plan) : await runHistory(plan);
  writeFileSync(resultPath, JSON.stringify(result));
  process.exit(0);
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
