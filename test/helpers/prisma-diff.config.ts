import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';

/**
 * For `prisma migrate diff --from-migrations` in test/migrations.test.ts: the shadow database is a
 * throwaway database on the PostgreSQL server of PRISMA_DIFF_SERVER. The project's own config talks
 * to the application database instead, and adapter-pg alone cannot serve as a shadow: it cannot read
 * the catalogue's `name` columns and drops the shadow database while its pool still holds it.
 */
const server = new URL(process.env.PRISMA_DIFF_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const connection = {
  host: server.hostname,
  port: Number(server.port || 5432),
  user: decodeURIComponent(server.username || 'postgres'),
  password: decodeURIComponent(server.password) || undefined,
};

/** The pg types adapter-pg maps; catalogue types outside them (name, regproc, …) are read as text. */
const READABLE = new Set([
  16, 17, 20, 21, 23, 25, 26, 114, 142, 650, 700, 701, 790, 869, 1042, 1043, 1082, 1083, 1114, 1184, 1186, 1266, 1560,
  1562, 1700, 2950, 3802,
]);
const TEXT = 25;
const TEXT_ARRAY = 1009;

function readAsText(answer: { fields?: { dataTypeID: number }[] } | undefined) {
  for (const field of answer?.fields ?? []) {
    if (field.dataTypeID === 1003) field.dataTypeID = TEXT_ARRAY;
    else if (field.dataTypeID < 1000 && !READABLE.has(field.dataTypeID)) field.dataTypeID = TEXT;
  }
  return answer;
}

class CatalogueAsText extends pg.Client {
  override query(...args: unknown[]): never {
    // The pool passes a callback; a direct call gets a promise.
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      const reply = callback as (error: unknown, answer: unknown) => void;
      args[last] = (error: unknown, answer: never) => reply(error, readAsText(answer));
      return (super.query as (...a: unknown[]) => unknown)(...args) as never;
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(readAsText) : result) as never;
  }
}

const adapterOn = (database: string) => new PrismaPg({ ...connection, database, Client: CatalogueAsText });

export default defineConfig({
  schema: path.join(fileURLToPath(new URL('../../prisma', import.meta.url)), 'schema.prisma'),
  experimental: { adapter: true },
  engine: 'js',
  adapter: () => {
    const main = adapterOn(server.pathname.slice(1) || 'postgres');
    return Promise.resolve({
      provider: main.provider,
      adapterName: main.adapterName,
      connect: () => main.connect(),
      async connectToShadowDb() {
        const name = `konekt_shadow_${randomUUID().replaceAll('-', '')}`;
        const admin = new pg.Client({ ...connection, database: 'postgres' });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        await admin.end();
        const shadow = await adapterOn(name).connect();
        const dispose = shadow.dispose.bind(shadow);
        shadow.dispose = async () => {
          await dispose();
          const dropper = new pg.Client({ ...connection, database: 'postgres' });
          await dropper.connect();
          await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await dropper.end();
        };
        return shadow;
      },
    } as never);
  },
});
