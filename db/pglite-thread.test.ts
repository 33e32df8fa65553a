import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isUniqueViolation, toAppError } from '../lib/errors';
import { PgliteThread, type CheckpointReport, type PgliteThreadOptions, type UpkeepReport } from './pglite-thread';
import { pgliteQuery } from './raw-query';

describe('[DB] PGlite on its own thread', () => {
  let dir: string;
  let pg: PgliteThread;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'collabwire-pglite-thread-'));
    pg = await PgliteThread.open(dir);
    await pg.query('create table t (id int primary key, note text, at timestamptz)');
  }, 60_000);

  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers queries with parameters, as objects or arrays, keeping text for the types asked', async () => {
    await pg.query('insert into t values ($1, $2, $3)', [1, 'one', '2026-01-02T03:04:05.678Z']);
    const asObjects = await pg.query<{ id: number; note: string; at: Date }>('select * from t where id = $1', [1]);
    expect(asObjects.rows).toEqual([{ id: 1, note: 'one', at: new Date('2026-01-02T03:04:05.678Z') }]);
    const asText = await pg.query<unknown[]>('select id, at from t where id = 1', [], { rowMode: 'array', parsers: { 1184: (v: string) => v } });
    expect(asText.rows[0]![0]).toBe(1);
    expect(typeof asText.rows[0]![1]).toBe('string');
    await expect(pg.query('select 1', [], { parsers: { 1184: (v: string) => new Date(v) } })).rejects.toThrow(/text-keeping/);
  });

  it('keeps the Postgres fields of an error, so a duplicate key is still recognised', async () => {
    await pg.query('insert into t values (2, $1, null)', ['two']);
    const error = await pg.query('insert into t values (2, $1, null)', ['again']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505' });
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await pg.transaction(async (tx) => {
      await tx.query('insert into t values (3, $1, null)', ['kept']);
    });
    await expect(
      pg.transaction(async (tx) => {
        await tx.query('insert into t values (4, $1, null)', ['dropped']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const { rows } = await pg.query<{ id: number }>('select id from t where id in (3, 4) order by id');
    expect(rows).toEqual([{ id: 3 }]);
  });

  it('makes other queries wait for an open transaction, as one session does', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const transaction = pg.transaction(async (tx) => {
      await tx.query('update t set note = $1 where id = 1', ['inside']);
      order.push('updated');
      await held;
      order.push('committing');
    });
    // Issued while the transaction is open: it sees the committed state only after it.
    await new Promise((r) => setTimeout(r, 20));
    const outside = pg.query<{ note: string }>('select note from t where id = 1').then((r) => {
      order.push('read');
      return r.rows[0]!.note;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual(['updated']);
    release();
    await transaction;
    expect(await outside).toBe('inside');
    expect(order).toEqual(['updated', 'committing', 'read']);
  });

  it('refuses every call once closed, as an unavailable database', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collabwire-pglite-thread-closed-'));
    const other = await PgliteThread.open(dir);
    await other.close();
    rmSync(dir, { recursive: true, force: true });
    const error = await other.query('select 1').catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'PGlite is closed' });
    expect(toAppError(error).code).toBe('unavailable');
    // Opening a database takes seconds when the other test files load the cores.
  }, 60_000);
});

describe('[DB] prepared statements on PGlite', () => {
  let dir: string;
  let pg: PgliteThread;
  let query: ReturnType<typeof pgliteQuery>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'collabwire-pglite-prepared-'));
    pg = await PgliteThread.open(dir);
    query = pgliteQuery(pg);
    await pg.query('create table p (id int8 primary key, note text, at timestamptz, doc jsonb, tags text[], ok boolean)');
  }, 60_000);

  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const preparedCount = async (text: string) =>
    (await pg.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements where statement = $1', [text])).rows[0]!.n;

  it('prepares a statement once when its first calls arrive together, then only runs it', async () => {
    const text = 'select $1::int + 1 as n';
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => query<{ n: number }>(text, [i])));
    expect(answers.map((rows) => rows[0]!.n)).toEqual([1, 2, 3, 4, 5]);
    expect(await query<{ n: number }>(text, [41])).toEqual([{ n: 42 }]);
    expect(await preparedCount(text)).toBe(1);
  });

  it('sends parameters as they are and gives each type back as PGlite parses it', async () => {
    const insert = 'insert into p (id, note, at, doc, tags, ok) values ($1::int8, $2::text, $3::timestamptz, $4::text::jsonb, $5::text[], $6::boolean) returning id';
    const note = "it's \\ a 'quoted' note, ünïcödé 🎉, $1 and -- not a comment";
    await query(insert, [7, note, '2026-01-02T03:04:05.678Z', JSON.stringify({ a: [1, 'two'] }), '{x,"y z"}', true]);
    await query(insert, [8, null, null, null, null, false]);
    const rows = await query<Record<string, unknown>>('select id, note, at, doc, tags, ok from p where id = any($1::int8[]) order by id', ['{7,8}']);
    const direct = await pg.query<Record<string, unknown>>('select id, note, at, doc, tags, ok from p where id in (7, 8) order by id');
    expect(rows).toEqual(direct.rows);
    expect(rows[0]).toMatchObject({ note, at: new Date('2026-01-02T03:04:05.678Z'), doc: { a: [1, 'two'] }, tags: ['x', 'y z'], ok: true });
    expect(rows[1]).toMatchObject({ note: null, at: null, doc: null, tags: null, ok: false });
    // No rows, and a statement that returns none.
    expect(await query('select id from p where id = $1::int8', [9])).toEqual([]);
    expect(await query('update p set note = $1::text where id = $2::int8', ['again', 8])).toEqual([]);
    expect((await pg.query<{ note: string }>('select note from p where id = 8')).rows[0]!.note).toBe('again');
  });

  it('fails a bad call with Postgres\'s error and fields, and goes on serving the next', async () => {
    await expect(query('select * from no_such_table where id = $1::int', [1])).rejects.toThrow(/no_such_table/);
    const duplicate = await query('insert into p (id) values ($1::int8)', [7]).catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ code: '23505', constraint: 'p_pkey', table: 'p' });
    expect(isUniqueViolation(duplicate, 'p_pkey')).toBe(true);
    const badValue = await query('select $1::uuid as u', ['not a uuid']).catch((e: unknown) => e);
    expect(badValue).toMatchObject({ code: '22P02' });
    expect(await query<{ u: string }>('select $1::uuid as u', ['7b0c1f8e-43a4-4f56-9d6e-0c2f1b1a1a1a'])).toEqual([{ u: '7b0c1f8e-43a4-4f56-9d6e-0c2f1b1a1a1a' }]);
    await expect(query('select $1::int as n', [Number.NaN])).rejects.toThrow(/finite/);
    // Refused whole, never cut short at the NUL.
    expect(await query('select $1::text as s', ['before\u0000after']).catch((e: unknown) => e)).toMatchObject({ code: '22021' });
  });

  it('waits for a transaction another caller holds open instead of running inside it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const transaction = pg.transaction(async (tx) => {
      await tx.query('insert into p (id, note) values (100, $1)', ['uncommitted']);
      entered();
      await held;
      throw new Error('roll back');
    });
    await inside;
    const seen = query<{ n: number }>('select count(*)::int as n from p where id = $1::int8', [100]);
    // Had it run inside the open transaction it would count the uncommitted row.
    await new Promise((r) => setTimeout(r, 100));
    release();
    await expect(transaction).rejects.toThrow('roll back');
    expect(await seen).toEqual([{ n: 0 }]);
  });
});

describe('[DB] checkpoints on the PGlite thread', () => {
  const redo = async (pg: PgliteThread) => (await pg.query<{ lsn: string }>('select redo_lsn::text as lsn from pg_control_checkpoint()')).rows[0]!.lsn;
  /** Writes about `kb` kB of rows, and so at least that much WAL. */
  const write = (pg: PgliteThread, kb: number) => pg.query(`insert into w (body) select repeat('x', 1000) from generate_series(1, ${kb})`);

  it('checkpoints once the WAL since the last checkpoint passes its limit', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collabwire-pglite-checkpoint-'));
    const reports: CheckpointReport[] = [];
    const pg = await PgliteThread.open(dir, {
      checkpoint: { walBytes: 2 * 2 ** 20, maxAgeMs: 3_600_000, checkEveryMs: 50 },
      onCheckpoint: (r) => reports.push(r),
    });
    try {
      await pg.query('create table w (id serial primary key, body text)');
      const before = await redo(pg);
      await write(pg, 500);
      await new Promise((r) => setTimeout(r, 300));
      expect(reports).toEqual([]);
      await write(pg, 3000);
      await vi.waitFor(() => expect(reports.length).toBeGreaterThan(0), { timeout: 10_000, interval: 25 });
      expect(reports[0]).toMatchObject({ walBytes: expect.any(Number), ms: expect.any(Number) });
      expect((reports[0] as { walBytes: number }).walBytes).toBeGreaterThanOrEqual(2 * 2 ** 20);
      expect(await redo(pg)).not.toBe(before);
    } finally {
      await pg.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('checkpoints an old checkpoint once something was written since, and never for nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collabwire-pglite-checkpoint-age-'));
    const reports: CheckpointReport[] = [];
    const pg = await PgliteThread.open(dir, {
      checkpoint: { walBytes: 2 ** 30, maxAgeMs: 0, checkEveryMs: 50 },
      onCheckpoint: (r) => reports.push(r),
    });
    try {
      await pg.query('create table w (id serial primary key, body text)');
      await write(pg, 200);
      await vi.waitFor(() => expect(reports.length).toBeGreaterThan(0), { timeout: 10_000, interval: 25 });
      expect(reports).toHaveLength(1);
      expect(reports[0]).not.toHaveProperty('error');
      // Nothing written since: ten more looks, no second checkpoint.
      await new Promise((r) => setTimeout(r, 500));
      expect(reports).toHaveLength(1);
    } finally {
      await pg.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('[DB] table upkeep on the PGlite thread', () => {
  /** Runs `test` against a fresh database thread with these upkeep settings, checked every 50 ms. */
  const withUpkeep = async (upkeep: PgliteThreadOptions['upkeep'], test: (pg: PgliteThread, reports: UpkeepReport[]) => Promise<void>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'collabwire-pglite-upkeep-'));
    const reports: UpkeepReport[] = [];
    const pg = await PgliteThread.open(dir, { upkeep: { checkEveryMs: 50, ...upkeep }, onUpkeep: (r) => reports.push(r) });
    try {
      await test(pg, reports);
    } finally {
      await pg.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const of = (reports: UpkeepReport[], table: string) => reports.filter((r) => 'table' in r && r.table === table);
  const settle = () => new Promise((r) => setTimeout(r, 300));

  it('analyzes a table once it has a few pages and again only each time it has doubled', async () => {
    await withUpkeep({ minPages: 8, growth: 2, freezeAge: 2_000_000_000 }, async (pg, reports) => {
      await pg.query('create table g (id serial primary key, body text)');
      // About 1 kB a row, 7 rows a page.
      const grow = (rows: number) => pg.query(`insert into g (body) select repeat('x', 1000) from generate_series(1, ${rows})`);
      await grow(20);
      await settle();
      expect(of(reports, 'g')).toEqual([]);
      await grow(60);
      await vi.waitFor(() => expect(of(reports, 'g')).toHaveLength(1), { timeout: 10_000, interval: 25 });
      expect(of(reports, 'g')[0]).toMatchObject({ action: 'analyze', pages: expect.any(Number), ms: expect.any(Number) });
      const analyzedAt = (of(reports, 'g')[0] as { pages: number }).pages;
      expect(analyzedAt).toBeGreaterThanOrEqual(8);
      // Grown, but not yet twice over: nothing.
      await grow(Math.floor(analyzedAt * 7 * 0.5));
      await settle();
      expect(of(reports, 'g')).toHaveLength(1);
      await grow(analyzedAt * 7);
      await vi.waitFor(() => expect(of(reports, 'g')).toHaveLength(2), { timeout: 10_000, interval: 25 });
      expect((of(reports, 'g')[1] as { pages: number }).pages).toBeGreaterThanOrEqual(2 * analyzedAt);
      expect(reports.filter((r) => 'error' in r)).toEqual([]);
    });
  }, 60_000);

  it('analyzes from a small sample, which holds the thread up for less time, and leaves the session as it was', async () => {
    await withUpkeep({ minPages: 8, growth: 2, freezeAge: 2_000_000_000 }, async (pg, reports) => {
      await pg.query('create table h (id int primary key, v int)');
      await pg.query('insert into h select g, g from generate_series(1, 20000) g');
      await vi.waitFor(() => expect(of(reports, 'h')).toHaveLength(1), { timeout: 10_000, interval: 25 });
      // Statistics target 10: at most 11 histogram bounds (Postgres's default of 100 makes 101).
      const bounds = async () =>
        (await pg.query<{ n: number }>(`select array_length(histogram_bounds::text::int[], 1) as n from pg_stats where tablename = 'h' and attname = 'v'`)).rows[0]!.n;
      expect(await bounds()).toBeGreaterThan(1);
      expect(await bounds()).toBeLessThanOrEqual(11);
      expect((await pg.query<{ default_statistics_target: string }>('show default_statistics_target')).rows[0]!.default_statistics_target).toBe('100');
      // An ANALYZE of the session's own still samples as Postgres does.
      await pg.query('analyze h');
      expect(await bounds()).toBe(101);
    });
  }, 60_000);

  it('makes a prepared statement plan again once a table it joins has grown, instead of hashing all of it on every call', async () => {
    await withUpkeep({ minPages: 8, growth: 2, freezeAge: 2_000_000_000 }, async (pg, reports) => {
      await pg.query('create table t (id int primary key, a_id int)');
      await pg.query('create table a (id int primary key, body text)');
      await pg.query('insert into t select g, g from generate_series(1, 1000) g');
      const text = 'with p as materialized (select * from t where id >= $1::int order by id limit 50) select p.id, a.body from p left join a on a.id = p.a_id';
      const query = pgliteQuery(pg);
      // Planned now, on an empty `a`: hashing it is the cheapest way.
      expect(await query(text, [1])).toHaveLength(50);
      const [{ name }] = (await pg.query<{ name: string }>('select name from pg_prepared_statements where statement = $1', [text])).rows as [{ name: string }];
      const plan = async () => (await pg.query<Record<string, string>>(`explain (costs off) execute ${name}(1)`)).rows.map((r) => Object.values(r)[0]).join('\n');
      expect(await plan()).toMatch(/Seq Scan on a\b/);
      await pg.query(`insert into a select g, repeat('x', 100) from generate_series(1, 30000) g`);
      await vi.waitFor(() => expect(of(reports, 'a').length).toBeGreaterThan(0), { timeout: 10_000, interval: 25 });
      const after = await plan();
      expect(after).toMatch(/Index Scan using a_pkey on a/);
      expect(after).not.toMatch(/Seq Scan on a\b/);
      expect((await query<{ body: string }>(text, [1]))[0]!.body).toHaveLength(100);
    });
  }, 60_000);

  it('vacuums a table whose oldest unfrozen transaction id has grown old, and freezes it', async () => {
    await withUpkeep({ minPages: 1_000_000, growth: 2, freezeAge: 300 }, async (pg, reports) => {
      await pg.query('create table f (id serial primary key, at timestamptz default now())');
      const age = async () => (await pg.query<{ age: number }>(`select age(relfrozenxid) as age from pg_class where oid = 'f'::regclass`)).rows[0]!.age;
      // One transaction id each.
      for (let i = 0; i < 350; i++) await pg.query('insert into f default values');
      await vi.waitFor(() => expect(of(reports, 'f').length).toBeGreaterThan(0), { timeout: 10_000, interval: 25 });
      expect(of(reports, 'f')[0]).toMatchObject({ action: 'vacuum' });
      expect(await age()).toBeLessThan(300);
      expect((await pg.query<{ n: number }>('select count(*)::int as n from f')).rows[0]!.n).toBe(350);
    });
  }, 60_000);
});
