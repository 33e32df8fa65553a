import type { Percentiles, StepResult } from './load';

type Idle = { sockets: number; perSocketKb: number; perSocketKbWithoutGc?: number; rssBeforeMb: number; rssAfterMb: number };
type Read = Percentiles & { items: number };
type History = Record<'latestPage' | 'deepPage' | 'inbox', Read> & { inboxPage?: Read; referenceLatestPage?: Read; referenceDeepPage?: Read } & {
  messagesStored: number;
  inboxConversations: number;
  deepBeforeSeq: number;
};
type TargetResult = { idle?: Idle; sweep?: StepResult[]; history?: History | null; skipped?: string };
export type BenchResult = {
  mode: string;
  startedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; loadAverageAtStart: number[]; disk?: { sameDeviceAsPostgres: boolean | null } };
  note: string;
  settings: { pairs: number; stepMs: number; drainMs: number };
  targets: Partial<Record<'bare' | 'persisting' | 'pglite' | 'postgres', TargetResult>>;
};

/** The highest offered rate carried in full (not saturated) with delivery p99 within `p99Ms`. */
export function heldRate(steps: StepResult[] | undefined, p99Ms: number): number {
  let held = 0;
  for (const s of steps ?? []) if (!s.saturated && s.delivery.p99 <= p99Ms) held = Math.max(held, s.offered);
  return held;
}

/** Lower steps that missed (saturated or over `p99Ms`) although a higher one held: the host's noise, shown rather than hidden. */
export function missedBelow(steps: StepResult[] | undefined, p99Ms: number): number[] {
  const held = heldRate(steps, p99Ms);
  return (steps ?? []).filter((s) => s.offered < held && (s.saturated || s.delivery.p99 > p99Ms)).map((s) => s.offered);
}

/** "4000 msg/s (0.40× the relay; 3000 missed)": a target's held rate against the bare relay's. */
const heldText = (steps: StepResult[] | undefined, bare: StepResult[] | undefined, unit = ' msg/s', against = ' the relay') => {
  const missed = missedBelow(steps, 25);
  return `${heldRate(steps, 25)}${unit} (${ratio(heldRate(steps, 25), heldRate(bare, 25))}${against}${missed.length ? `; ${missed.join(', ')} missed` : ''})`;
};

const stepAt = (steps: StepResult[] | undefined, rate: number) => steps?.find((s) => s.offered === rate);
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? `${(a / b).toFixed(2)}×` : '–');
const ms = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : n.toFixed(n < 10 ? 2 : 1));

/** Each target the issue set, with the figure measured and whether it holds. */
export function checkTargets(r: BenchResult) {
  const { bare, persisting, pglite, postgres } = r.targets;
  // What the floor of a persisting server did at the same target, when it ran.
  const floor = (text: string) => (persisting?.sweep ? `; the persisting relay: ${text}` : '');
  const rows: { target: string; measured: string; met: boolean | null }[] = [];
  const bareIdle = bare?.idle?.perSocketKb;
  const add = (target: string, measured: string, met: boolean | null) => rows.push({ target, measured, met });
  if (postgres?.sweep) {
    const s10 = stepAt(postgres.sweep, 10000);
    const s2 = stepAt(postgres.sweep, 2000);
    add(
      'Postgres holds 10,000 msg/s, p99 ≤ 25 ms',
      `${s10 ? `${s10.deliveredPerSec} msg/s delivered, p99 ${ms(s10.delivery.p99)} ms${s10.saturated ? ' (saturated)' : ''}` : `step not reached (saturated at ${postgres.sweep.at(-1)?.offered ?? 0} msg/s)`}` +
        `; holds ${heldText(postgres.sweep, bare?.sweep)}` +
        floor(`holds ${heldText(persisting?.sweep, bare?.sweep)}`),
      s10 ? heldRate(postgres.sweep, 25) >= 10000 : false,
    );
    add(
      'Postgres p99 ≤ 5 ms at 2,000 msg/s',
      s2 ? `p99 ${ms(s2.delivery.p99)} ms (${ratio(s2.delivery.p99, stepAt(bare?.sweep, 2000)?.delivery.p99)} the relay)${floor(`p99 ${ms(stepAt(persisting?.sweep, 2000)?.delivery.p99)} ms`)}` : 'step not reached',
      s2 ? !s2.saturated && s2.delivery.p99 <= 5 : false,
    );
  }
  if (pglite?.sweep) {
    const s5 = stepAt(pglite.sweep, 5000);
    add(
      'PGlite holds 5,000 msg/s, p99 ≤ 25 ms',
      `${s5 ? `${s5.deliveredPerSec} msg/s delivered, p99 ${ms(s5.delivery.p99)} ms${s5.saturated ? ' (saturated)' : ''}` : `step not reached (saturated at ${pglite.sweep.at(-1)?.offered ?? 0} msg/s)`}` +
        `; holds ${heldText(pglite.sweep, bare?.sweep)}`,
      s5 ? heldRate(pglite.sweep, 25) >= 5000 : false,
    );
  }
  for (const [name, t] of [['PGlite', pglite], ['Postgres', postgres]] as const) {
    if (t?.idle && bareIdle) add(`${name}: idle memory per socket ≤ 1.5× the relay`, `${t.idle.perSocketKb} KB vs ${bareIdle} KB (${ratio(t.idle.perSocketKb, bareIdle)})`, t.idle.perSocketKb <= 1.5 * bareIdle);
    if (t?.history) {
      const h = t.history;
      const full = h.messagesStored >= 1_000_000;
      const stored = `${(h.messagesStored / 1e6).toFixed(1)}M stored${full ? '' : ', not the 1M of the target'}`;
      const worst = Math.max(h.latestPage.p99, h.deepPage.p99);
      const reference = h.referenceLatestPage && h.referenceDeepPage
        ? `; the bare page server: latest ${ms(h.referenceLatestPage.p99)} ms, deep ${ms(h.referenceDeepPage.p99)} ms (Collabwire ${ratio(h.latestPage.p99, h.referenceLatestPage.p99)} / ${ratio(h.deepPage.p99, h.referenceDeepPage.p99)} it)`
        : '';
      add(`${name}: history page p99 ≤ 5 ms (1M messages)`, `latest ${ms(h.latestPage.p99)} ms, deep ${ms(h.deepPage.p99)} ms (${stored})${reference}`, full ? worst <= 5 : null);
      // The inbox as the web app loads it: its first page; the whole listing beside it.
      const page = h.inboxPage;
      add(
        `${name}: inbox p99 ≤ 20 ms (1,000 conversations)`,
        page
          ? `first page of ${page.items}: ${ms(page.p99)} ms; whole listing of ${h.inbox.items}: ${ms(h.inbox.p99)} ms`
          : `${ms(h.inbox.p99)} ms (${h.inbox.items} conversations)`,
        (page ?? h.inbox).p99 <= 20,
      );
    }
  }
  return rows;
}

function sweepTable(name: string, steps: StepResult[], bare: StepResult[] | undefined): string {
  const lines = [
    `### ${name}`,
    '',
    '| offered msg/s | delivered msg/s | delivery p50 / p95 / p99 ms | ack p50 / p99 ms | errors | undelivered at drain end | server CPU | DB CPU | server RSS MB | p99 × relay | delivered × relay | disk fsync p99 / max ms (stalls) | 100-ms windows with a delivery over 25 ms (longest run, ms) |',
    '|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const s of steps) {
    const b = stepAt(bare, s.offered);
    lines.push(
      `| ${s.offered}${s.saturated ? ' (saturated)' : ''} | ${s.deliveredPerSec} | ${ms(s.delivery.p50)} / ${ms(s.delivery.p95)} / ${ms(s.delivery.p99)} | ${ms(s.ack.p50)} / ${ms(s.ack.p99)} | ${s.errors} | ${s.undelivered} | ${s.serverCpuPct}% | ${s.dbCpuPct ? `${s.dbCpuPct}%` : '–'} | ${s.serverRssMb} | ${name.startsWith('Bare') ? '1×' : ratio(s.delivery.p99, b?.delivery.p99)} | ${name.startsWith('Bare') ? '1×' : ratio(s.deliveredPerSec, b?.deliveredPerSec)} | ${s.disk ? `${ms(s.disk.p99)} / ${ms(s.disk.max)} (${s.disk.stalls})` : '–'} | ${s.slowWindows ? `${s.slowWindows.slow} of ${s.slowWindows.windows} (${s.slowWindows.longestRunMs})` : '–'} |`,
    );
  }
  return lines.join('\n');
}

export function renderMarkdown(r: BenchResult): string {
  const { bare, persisting, pglite, postgres } = r.targets;
  const out: string[] = [
    `## Benchmark ${r.startedAt.slice(0, 10)} (${r.mode})`,
    '',
    `${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}; load average at start ${r.machine.loadAverageAtStart.join(' ')}. ${r.note}`,
    `${r.settings.pairs} brand/influencer pairs, each in its own conversation, both sides sending; ${r.settings.stepMs / 1000} s per step; delivery = send → message:new at the recipient; undelivered = sent but not yet delivered when the step's drain window (${r.settings.drainMs / 1000} s after its last send) closed, late rather than known lost, which only a saturated step has. The last column cuts the step into 100-ms windows by send time: a p99 missed in one short run of slow windows is a stall; missed across many, the server no longer keeps up. The history reads and the sweep each start after a full garbage collection in the server and a quiet moment.`,
    `Disk: a 4 kB write and fdatasync every 10 ms during each step${r.machine.disk?.sameDeviceAsPostgres ? ", on the disk of Postgres's data directory" : ''}; a stall is a flush over 25 ms. Postgres acknowledges a message only after its commit is flushed, so no step on Postgres can beat the disk's own tail; PGlite writes without fsync.`,
    '',
    '### Targets',
    '',
    '| target | measured | met |',
    '|---|---|---|',
    ...checkTargets(r).map((t) => `| ${t.target} | ${t.measured} | ${t.met === null ? 'not measured at full size' : t.met ? 'yes' : '**no**'} |`),
    '',
    '### Held rate (not saturated, delivery p99 ≤ 25 ms)',
    '',
    '| | bare relay | persisting relay | PGlite | Postgres |',
    '|---|---:|---:|---:|---:|',
    `| msg/s | ${[bare, persisting, pglite, postgres].map((t, i) => (!t?.sweep ? '–' : i > 0 ? heldText(t.sweep, bare?.sweep, '', '') : `${heldRate(t.sweep, 25)}`)).join(' | ')} |`,
    '',
    'The persisting relay is the bare relay that first stores each message in Postgres, group-committed as Collabwire does (bench/persisting-relay.ts), and nothing else: the floor of any server that persists a message before delivering it, on this machine in this run.',
    '',
  ];
  if (bare?.sweep) out.push(sweepTable('Bare Socket.IO relay', bare.sweep, undefined), '');
  if (persisting?.sweep) out.push(sweepTable('Persisting relay (bare relay + batched INSERT into Postgres)', persisting.sweep, bare?.sweep), '');
  if (pglite?.sweep) out.push(sweepTable('Collabwire on PGlite', pglite.sweep, bare?.sweep), '');
  if (postgres?.sweep) out.push(sweepTable('Collabwire on Postgres', postgres.sweep, bare?.sweep), '');
  out.push(
    '### Idle memory per connected socket',
    '',
    "RSS read after a full garbage collection in the server (SIGUSR2, bench/gc-on-signal.mjs), before and after the sockets connect; the last column is the same reading without it, left to where V8's own collector was.",
    '',
    '| | sockets | RSS before → after MB | per socket KB | × relay | without forcing GC: per socket KB |',
    '|---|---:|---|---:|---:|---:|',
  );
  for (const [name, t] of [['bare relay', bare], ['PGlite', pglite], ['Postgres', postgres]] as const) {
    if (t?.idle) {
      out.push(
        `| ${name} | ${t.idle.sockets} | ${t.idle.rssBeforeMb} → ${t.idle.rssAfterMb} | ${t.idle.perSocketKb} | ${ratio(t.idle.perSocketKb, bare?.idle?.perSocketKb)} | ${t.idle.perSocketKbWithoutGc ?? '–'} |`,
      );
    }
  }
  out.push(
    '',
    '### History and inbox (REST, sequential, ms)',
    '',
    "The floor is the bare page server (bench/page-server.ts): the same two pages of the same stored messages from a plain node:http server with one prepared statement and no auth, validation or read pointers, on the same database (PGlite: a copy of the seeded data directory). Its two pages, Collabwire's two and the inbox's first page are read in turn, one request of each per round; the whole inbox after them, on its own. Each is first requested unmeasured 200 times (or for 2 s, at least 10 times), as the sweep warms up before its steps; then up to the run's iterations are timed.",
    '',
    '| | messages stored | latest page p50 / p99 | deep beforeSeq page p50 / p99 | floor: bare page server, latest / deep p50 / p99 | inbox first page (50 of 1,000) p50 / p99 | whole inbox (1,000 conversations) p50 / p99 |',
    '|---|---:|---|---|---|---|---|',
  );
  const pair = (r: Read | undefined) => (r ? `${ms(r.p50)} / ${ms(r.p99)}` : '–');
  for (const [name, t] of [['PGlite', pglite], ['Postgres', postgres]] as const) {
    const h = t?.history;
    if (h) {
      out.push(
        `| ${name} | ${h.messagesStored} | ${pair(h.latestPage)} | ${pair(h.deepPage)} (beforeSeq ${h.deepBeforeSeq}) | ${pair(h.referenceLatestPage)}; ${pair(h.referenceDeepPage)} | ${pair(h.inboxPage)} | ${pair(h.inbox)} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
