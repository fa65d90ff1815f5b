/**
 * The server `npm run bench:attacks` attacks, in its own process (its memory is read from /proc):
 * three seeded companies whose sending accounts have a real password. Prints one JSON line.
 */
import { PGlite } from '@electric-sql/pglite';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { buildApp } from '../src/app.js';
import { hashPassword } from '../src/auth/secrets.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/index.js';
import { exitWhenTold } from './child-exit.js';
import { seedCompanies } from './seed.js';

export interface AttackServerInfo {
  url: string;
  wsUrl: string;
  companies: Awaited<ReturnType<typeof seedCompanies>>;
  /** Each company's sending account (password BENCH_PASSWORD) and the global id of its sales configuration. */
  senders: { email: string; configurationId: string }[];
}

const config = loadConfig({ ...process.env, PORT: process.env.PORT ?? '0', HOST: '127.0.0.1', LOG_LEVEL: 'error' });
const database = config.databaseUrl
  ? await openDatabase({ databaseUrl: config.databaseUrl })
  : await openDatabase({ pglite: new PGlite() });
const app = await buildApp(config, { database });
const db = app.services.db;
// A second server on the same PostgreSQL database finds the first one's companies there.
const companies = process.env.BENCH_SEED === 'no' ? [] : await seedCompanies(db, 3);
const passwordHash = await hashPassword(process.env.BENCH_PASSWORD ?? '');
if (companies.length > 0) {
  await db.account.updateMany({ where: { email: { startsWith: 'sender-' } }, data: { passwordHash } });
}
const configurations = await db.connectConfiguration.findMany({
  where: { program: 'HANDEL' },
  include: { exchangeAccount: true },
  orderBy: { companyNip: 'asc' },
});
const { port } = await app.start();
exitWhenTold(() => app.stop());

const info: AttackServerInfo = {
  url: `http://127.0.0.1:${port}/graphql`,
  wsUrl: `ws://127.0.0.1:${port}/graphql`,
  companies,
  senders: configurations.map((configuration) => ({
    email: configuration.exchangeAccount!.email,
    configurationId: encodeGlobalID('ConnectConfiguration', configuration.id),
  })),
};
console.log(JSON.stringify(info));
