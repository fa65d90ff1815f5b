import { parse, protocol, types, type PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * The driver path's statements (`Database.sql`: the page of documents, the send, event pages, the
 * office feed) run as named prepared statements, parsed and planned once per connection rather
 * than on every call. Planning was most of a small statement's cost on PGlite (bench/PROFILE.md, sixth round).
 *
 * Their texts are fixed in the code but for filters and page sizes, so a few dozen names cover what
 * clients ask; the cap keeps texts from preparing without end (past it, statements run unnamed).
 */
const MAX_NAMED_STATEMENTS = 500;
const names = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED_STATEMENTS) names.set(text, (name = `konekt_${names.size + 1}`));
  return name;
}

export function runOnPool<T>(
  pool: pg.Pool | pg.Client,
  text: string,
  values: readonly unknown[],
  prepared = true,
): Promise<T[]> {
  const name = prepared ? statementName(text) : undefined;
  return pool.query({ name, text, values: values as unknown[] }).then((result) => result.rows as T[]);
}

/** PGlite's locks, which its `query` takes and its protocol methods leave to the caller. */
interface PGliteLocks {
  /** Held by an open transaction (Prisma's interactive ones): a statement outside it waits. */
  _runExclusiveTransaction<T>(run: () => Promise<T>): Promise<T>;
}

/** What each PGlite session has prepared: the parameter types of each statement, by its text. */
const preparedBySession = new WeakMap<PGlite, Map<string, number[]>>();

function preparedOn(pglite: PGlite): Map<string, number[]> {
  let prepared = preparedBySession.get(pglite);
  if (!prepared) preparedBySession.set(pglite, (prepared = new Map<string, number[]>()));
  return prepared;
}

const { serialize } = protocol;

// Backend message codes (PostgreSQL's frontend/backend protocol).
const ROW_DESCRIPTION = 0x54; // 'T'
const DATA_ROW = 0x44; // 'D'
const ERROR_RESPONSE = 0x45; // 'E'

const utf8 = new TextDecoder();

/**
 * The rows of a statement's answer, read where PGlite wrote them, each value parsed by its type as
 * PGlite's `query` parses it. PGlite's own protocol parser copies every field into an ArrayBuffer of
 * its own first: 72 µs for a page of 11 rows, 2 µs read in place (bench/PROFILE.md, ninth round). An
 * answer holding an error goes through that parser, which throws the DatabaseError `query` would.
 */
function rowsOf(answer: Uint8Array, parsers: PGlite['parsers']): Record<string, unknown>[] {
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  let fields: { name: string; dataTypeID: number }[] = [];
  const rows: Record<string, unknown>[] = [];
  for (let message = 0; message < answer.length; message += 1 + view.getUint32(message + 1)) {
    const code = answer[message];
    let at = message + 5;
    if (code === ROW_DESCRIPTION) {
      fields = [];
      let field = at + 2;
      for (let count = view.getInt16(at), i = 0; i < count; i += 1) {
        const nameEnd = answer.indexOf(0, field);
        // After the name: table oid (4 bytes), column number (2), type oid (4), size (2), modifier (4), format (2).
        fields.push({ name: utf8.decode(answer.subarray(field, nameEnd)), dataTypeID: view.getInt32(nameEnd + 7) });
        field = nameEnd + 19;
      }
    } else if (code === DATA_ROW) {
      const row: Record<string, unknown> = {};
      at += 2;
      for (const { name, dataTypeID } of fields) {
        const length = view.getInt32(at);
        at += 4;
        const text = length < 0 ? null : utf8.decode(answer.subarray(at, (at += length)));
        row[name] = types.parseType(text, dataTypeID, parsers) as unknown;
      }
      rows.push(row);
    } else if (code === ERROR_RESPONSE) {
      throwDatabaseError(answer);
    }
  }
  return rows;
}

function throwDatabaseError(answer: Uint8Array): never {
  new protocol.Parser().parse(answer, (message) => {
    if (message instanceof protocol.messages.DatabaseError) throw message;
  });
  throw new Error('PGlite answered with an error it did not describe');
}

/**
 * A statement on PGlite in one protocol exchange (bind, describe, execute, sync), where its `query`
 * takes six (parse, describe, bind, describe, execute, sync); the first call of a text prepares it
 * and learns its parameter types, which choose each value's serializer as `query` does.
 */
export async function runOnPGlite<T>(pglite: PGlite, text: string, values: readonly unknown[]): Promise<T[]> {
  const name = statementName(text);
  if (name === undefined) return (await pglite.query<T>(text, values as unknown[])).rows;
  const prepared = preparedOn(pglite);
  const rows = await (pglite as unknown as PGliteLocks)._runExclusiveTransaction(() =>
    pglite.runExclusive(async () => {
      if (pglite.closed) throw new Error('PGlite is closed');
      let types = prepared.get(text);
      if (!types) {
        const described = await pglite.execProtocol(
          Buffer.concat([serialize.parse({ name, text }), serialize.describe({ type: 'S', name }), serialize.sync()]),
          { syncToFs: false },
        );
        prepared.set(text, (types = parse.parseDescribeStatementResults(described.messages)));
      }
      const params = values.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serializer = pglite.serializers[types[i]!];
        // As PGlite's `query` does for a type without a serializer.
        return serializer ? serializer(value) : (value as { toString(): string }).toString();
      });
      const answer = pglite.execProtocolRawSync(
        Buffer.concat([
          serialize.bind({ statement: name, values: params }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]),
      );
      // Read before anything else runs on PGlite: the answer lies in its memory, which the next statement overwrites.
      return rowsOf(answer, pglite.parsers);
    }),
  );
  await pglite.syncToFs();
  return rows as T[];
}
