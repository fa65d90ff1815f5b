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

export function runOnPool<T>(pool: pg.Pool | pg.Client, text: string, values: readonly unknown[]): Promise<T[]> {
  const name = statementName(text);
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

type BackendMessage = Awaited<ReturnType<PGlite['execProtocol']>>['messages'][number];

/** The rows of a statement's answer, each value parsed by its type, as PGlite's `query` gives them. */
function rowsOf(messages: BackendMessage[], parsers: PGlite['parsers']): Record<string, unknown>[] {
  let fields: readonly { name: string; dataTypeID: number }[] = [];
  const rows: Record<string, unknown>[] = [];
  for (const message of messages) {
    if (message instanceof protocol.messages.RowDescriptionMessage) fields = message.fields;
    else if (message instanceof protocol.messages.DataRowMessage) {
      const row: Record<string, unknown> = {};
      fields.forEach(
        ({ name, dataTypeID }, i) =>
          (row[name] = types.parseType(message.fields[i] ?? null, dataTypeID, parsers) as unknown),
      );
      rows.push(row);
    }
  }
  return rows;
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
      const { messages } = await pglite.execProtocol(
        Buffer.concat([
          serialize.bind({ statement: name, values: params }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]),
        { syncToFs: false },
      );
      return rowsOf(messages, pglite.parsers);
    }),
  );
  await pglite.syncToFs();
  return rows as T[];
}
