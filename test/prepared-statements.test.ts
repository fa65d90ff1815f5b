import { afterAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.js';
import { openTestDatabase } from './helpers/database.js';

const database = await openTestDatabase();
afterAll(() => database.close());

const caught = (run: () => Promise<unknown>) =>
  run().then(
    () => undefined,
    (error: unknown) => error as { code?: string },
  );

describe('the driver path runs prepared statements', () => {
  it('answers each call with its own parameters, of every type the hot statements pass', async () => {
    const ask = (text: string, number: number, ids: string[], json: object | null) =>
      database.sql<{ row: unknown }>(
        Prisma.sql`SELECT json_build_object('text', ${text}::text, 'number', ${number}::int,
          'ids', ${ids}::uuid[], 'json', ${json === null ? null : JSON.stringify(json)}::jsonb, 'big', ${12n}::bigint) AS row`,
      );
    const first = ['00000000-0000-4000-8000-000000000001'];
    expect(await ask('pierwszy', 1, first, { a: 1 })).toEqual([
      { row: { text: 'pierwszy', number: 1, ids: first, json: { a: 1 }, big: 12 } },
    ]);
    expect(await ask("drugi 'cytat'", 2, [], null)).toEqual([
      { row: { text: "drugi 'cytat'", number: 2, ids: [], json: null, big: 12 } },
    ]);
  });

  it('reads several rows of several columns, nulls and text beyond ASCII among them', async () => {
    const rows = await database.sql<Record<string, unknown>>(
      Prisma.sql`SELECT n, "nazwa kupującego", kwota FROM (VALUES
        (1, ${'Zażółć gęślą jaźń sp. z o.o.'}::text, ${'12.50'}::numeric),
        (2, NULL, NULL),
        (3, ${'🧾 faktura'}::text, ${'0'}::numeric)) AS v(n, "nazwa kupującego", kwota) ORDER BY n`,
    );
    expect(rows).toEqual([
      { n: 1, 'nazwa kupującego': 'Zażółć gęślą jaźń sp. z o.o.', kwota: '12.50' },
      { n: 2, 'nazwa kupującego': null, kwota: null },
      { n: 3, 'nazwa kupującego': '🧾 faktura', kwota: '0' },
    ]);
  });

  it('fails one call with the database error and its SQLSTATE, and serves the next', async () => {
    const divide = (by: number) => database.sql<{ quotient: number }>(Prisma.sql`SELECT 10 / ${by}::int AS quotient`);
    expect(await caught(() => divide(0))).toMatchObject({ code: '22012' });
    expect(await divide(5)).toEqual([{ quotient: 2 }]);
  });

  it('never runs inside a transaction that another request holds open', async () => {
    const id = '00000000-0000-4000-8000-00000000abcd';
    let inside!: () => void;
    const transactionStarted = new Promise<void>((resolve) => (inside = resolve));
    let finish!: () => void;
    const mayFinish = new Promise<void>((resolve) => (finish = resolve));
    const transaction = database.prisma
      .$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "Company" (id, name, nip) VALUES (${id}::uuid, 'W transakcji', '0000000000')`;
        inside();
        await mayFinish;
        throw new Error('rolled back');
      })
      .catch((error: Error) => error.message);
    await transactionStarted;
    const seen = database.sql<{ count: number }>(
      Prisma.sql`SELECT count(*)::int AS count FROM "Company" WHERE id = ${id}::uuid`,
    );
    finish();
    expect(await transaction).toBe('rolled back');
    expect(await seen).toEqual([{ count: 0 }]);
  });
});
