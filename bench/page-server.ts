/**
 * The reference for the history reads: a bare HTTP server answering a page of a
 * conversation's history from the same stored messages as Collabwire, with no auth,
 * validation, membership or read pointers. One prepared statement (the page's 50 messages,
 * newest first, each with its sender's public fields), `JSON.stringify` of the rows as they
 * come, `res.end`. Read in turn with Collabwire's pages by the same client, it is the floor
 * of a page read on this machine in the same run, as the bare relay is for the sweep.
 *
 * GET /messages/<conversationId>[?beforeSeq=N] → { messages (ascending seq), hasMore }.
 * DATABASE_URL (postgres://…) reads Postgres through postgres-js; PGLITE_DIR reads a copy of
 * a PGlite data directory with PGlite in this thread, through the same prepared-statement
 * path Collabwire's database thread uses (db/pglite-prepared.mjs). Prints `listening <port>`.
 */
import http from 'node:http';
import { postgresClient } from '../db/postgres-url';

const PAGE = 50;
// The least a page can be: its rows as the database gives them, the time already text.
const PAGE_SQL = `select m.id, m.seq, m.sender_id, m.type, m.content, m.client_id,
  to_char(m.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at,
  u.name, u.role, u.handle, u.avatar_url, u.bio
from messages m join users u on u.id = m.sender_id
where m.conversation_id = $1::uuid and m.seq < $2::int
order by m.seq desc limit $3::int`;

type PageRow = Record<string, unknown>;
type Query = (params: [string, number, number]) => Promise<PageRow[]>;

async function openQuery(): Promise<Query> {
  if (process.env.DATABASE_URL) {
    const sql = postgresClient(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
    return (params) => sql.unsafe<PageRow[]>(PAGE_SQL, params, { prepare: true });
  }
  if (!process.env.PGLITE_DIR) throw new Error('page-server needs DATABASE_URL or PGLITE_DIR');
  const { PGlite } = await import('@electric-sql/pglite');
  const { preparedStatements } = await import('../db/pglite-prepared.mjs');
  const prepared = preparedStatements(await PGlite.create(process.env.PGLITE_DIR));
  return (params) => prepared.run<PageRow>(PAGE_SQL, params);
}

const MAX_SEQ = 2 ** 31 - 1;

async function main() {
  const query = await openQuery();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/messages\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (!match) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const before = Number(url.searchParams.get('beforeSeq') ?? MAX_SEQ);
    query([match[1]!, before, PAGE + 1]).then(
      (rows) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ messages: rows.slice(0, PAGE).reverse(), hasMore: rows.length > PAGE }));
      },
      (err: unknown) => {
        res.statusCode = 500;
        res.end(JSON.stringify({ error: String(err) }));
      },
    );
  });
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

void main();
