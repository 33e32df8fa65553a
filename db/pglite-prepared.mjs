// Named prepared statements on PGlite through the wire protocol (see db/raw-query.ts, whose
// hot statements run here). Plain JavaScript, like db/pglite-worker.mjs which loads it.
//
// PGlite's own `query` sends Parse, Describe, Bind, Describe and Execute as five calls into
// the WebAssembly backend, each answer decoded by its general protocol parser, and plans
// the statement again on every call. Here a statement is parsed and described once per
// session; each call is then one Bind, Execute and Sync in a single call into the backend,
// with the parameters sent as they are (no quoting into SQL text for the backend to scan
// again) and only data rows, completions and errors decoded. A batch of one message of the
// group commit went from ~1,000 to ~700 µs of CPU (a scratch comparison of both ways in
// one process, interleaved rounds).

/** A frontend protocol message: its type byte, its length, then `parts`. */
function message(type, ...parts) {
  const length = 4 + parts.reduce((n, part) => n + part.length, 0);
  const out = Buffer.allocUnsafe(1 + length);
  out[0] = type.charCodeAt(0);
  out.writeInt32BE(length, 1);
  let at = 5;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const cstring = (text) => Buffer.from(`${text}\0`, 'utf8');
const int16 = (n) => {
  const b = Buffer.allocUnsafe(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n) => {
  const b = Buffer.allocUnsafe(4);
  b.writeInt32BE(n);
  return b;
};

const SYNC = message('S');
// The unnamed portal, every row.
const EXECUTE = message('E', cstring(''), int32(0));

/** Bind of the named statement to the unnamed portal: parameters and results in text format. */
function bind(name, params) {
  const parts = [cstring(''), cstring(name), int16(0), int16(params.length)];
  for (const value of params) {
    if (value === null || value === undefined) parts.push(int32(-1));
    else {
      const bytes = Buffer.from(typeof value === 'string' ? value : String(value), 'utf8');
      parts.push(int32(bytes.length), bytes);
    }
  }
  parts.push(int16(0));
  return message('B', ...parts);
}

// ErrorResponse field codes, named as node-postgres and PGlite name them.
const ERROR_FIELDS = {
  S: 'severity',
  C: 'code',
  D: 'detail',
  H: 'hint',
  P: 'position',
  p: 'internalPosition',
  q: 'internalQuery',
  W: 'where',
  s: 'schema',
  t: 'table',
  c: 'column',
  d: 'dataType',
  n: 'constraint',
  F: 'file',
  L: 'line',
  R: 'routine',
};

/**
 * The backend's answer, message by message: the described columns (name, type), the data
 * rows as arrays of text (null for NULL), and the first error, as an Error with Postgres's
 * fields (`code`, `constraint`, …) the way PGlite's own errors carry them.
 */
function read(buf) {
  const rows = [];
  let columns = null;
  let error = null;
  for (let at = 0; at < buf.length; ) {
    const type = buf[at];
    const end = at + 1 + buf.readInt32BE(at + 1);
    let p = at + 5;
    if (type === 0x44 /* D: DataRow */) {
      const n = buf.readInt16BE(p);
      p += 2;
      const row = new Array(n);
      for (let i = 0; i < n; i++) {
        const length = buf.readInt32BE(p);
        p += 4;
        if (length < 0) row[i] = null;
        else {
          row[i] = buf.toString('utf8', p, p + length);
          p += length;
        }
      }
      rows.push(row);
    } else if (type === 0x54 /* T: RowDescription */) {
      const n = buf.readInt16BE(p);
      p += 2;
      columns = [];
      for (let i = 0; i < n; i++) {
        const zero = buf.indexOf(0, p);
        const name = buf.toString('utf8', p, zero);
        // table oid (4), column number (2), then the type oid.
        columns.push({ name, dataTypeID: buf.readInt32BE(zero + 7) });
        p = zero + 1 + 18;
      }
    } else if (type === 0x6e /* n: NoData */) {
      columns = [];
    } else if (type === 0x45 /* E: ErrorResponse */ && !error) {
      const fields = {};
      while (p < end - 1 && buf[p] !== 0) {
        const zero = buf.indexOf(0, p + 1);
        fields[String.fromCharCode(buf[p])] = buf.toString('utf8', p + 1, zero);
        p = zero + 1;
      }
      error = new Error(fields.M ?? 'database error');
      for (const [code, name] of Object.entries(ERROR_FIELDS)) if (fields[code] !== undefined) error[name] = fields[code];
      if (fields.V) error.severity = fields.V;
    }
    at = end;
  }
  return { rows, columns, error };
}

/**
 * The prepared statements of one PGlite session. `run(text, params)` prepares `text` on its
 * first call and runs it; rows come back as objects with PGlite's own parsing of each type,
 * as its `query` would give them. Each call waits its turn as a `query` does, so it never
 * runs inside a transaction that another caller holds open.
 */
export function preparedStatements(pg) {
  /** text → { name, columns: { name, parse }[] } */
  const statements = new Map();
  let count = 0;

  // The backend's answer as it writes it. PGlite's own output handler, which `execProtocolRaw`
  // uses, would also decode every message with its general parser and keep the objects until
  // its next `query`; this one only copies the bytes out of the WebAssembly memory.
  const exchange = async (bytes) => {
    const chunks = [];
    await pg.execProtocolRawStream(bytes, { onRawData: (chunk) => chunks.push(Buffer.from(chunk)) });
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  };

  const prepare = async (text) => {
    const name = `collabwire_hot_${++count}`;
    const answer = read(
      await exchange(Buffer.concat([message('P', cstring(name), cstring(text), int16(0)), message('D', Buffer.from('S'), cstring(name)), SYNC])),
    );
    if (answer.error) throw answer.error;
    const columns = (answer.columns ?? []).map(({ name: column, dataTypeID }) => {
      const parser = pg.parsers[dataTypeID];
      return { name: column, parse: parser ? (value) => parser(value, dataTypeID) : (value) => value };
    });
    const statement = { name, columns };
    statements.set(text, statement);
    return statement;
  };

  const execute = async (text, params) => {
    const statement = statements.get(text) ?? (await prepare(text));
    const answer = read(await exchange(Buffer.concat([bind(statement.name, params), EXECUTE, SYNC])));
    if (answer.error) {
      // The session lost it (it never does by itself): prepared again on the next call.
      if (answer.error.code === '26000') statements.delete(text);
      throw answer.error;
    }
    const { columns } = statement;
    return answer.rows.map((values) => {
      const row = {};
      for (let i = 0; i < columns.length; i++) {
        const value = values[i];
        row[columns[i].name] = value === null ? null : columns[i].parse(value);
      }
      return row;
    });
  };

  return {
    /** Rows of the prepared `text` run with `params` (strings, numbers, booleans or null). */
    run(text, params = []) {
      return pg._runExclusiveTransaction(() => pg._runExclusiveQuery(() => execute(text, params)));
    },
  };
}
