import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { print } from 'graphql';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../src/app.js';
import { hashSecret, newSecret } from '../src/auth/secrets.js';
import { loadConfig } from '../src/config.js';
import { openDatabase, pgliteRunner, pgRunner, type Database } from '../src/db/index.js';
import { applyMigrations, MIGRATIONS_DIR, type SqlRunner } from '../src/db/migrate.js';
import { ActivateAccountDocument } from './generated/graphql.js';
import { createScratchDatabase } from './helpers/database.js';
import { newNip } from './helpers/nip.js';

const UPGRADE = '20261201000000_mail_outbox_and_invitations';

/** A database on the last release before invitations with consent: PGlite, or a fresh PostgreSQL database. */
async function releasedDatabase(): Promise<{
  runner: SqlRunner;
  open: () => Promise<Database>;
  dispose: () => Promise<void>;
}> {
  const earlier = await mkdtemp(path.join(tmpdir(), 'konekt-migrations-'));
  for (const name of await readdir(MIGRATIONS_DIR)) {
    if (name < UPGRADE) await cp(path.join(MIGRATIONS_DIR, name), path.join(earlier, name), { recursive: true });
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const pglite = new PGlite();
    const runner = pgliteRunner(pglite);
    await applyMigrations(runner, earlier);
    await rm(earlier, { recursive: true, force: true });
    return { runner, open: () => openDatabase({ pglite }), dispose: () => pglite.close() };
  }
  const { url, drop } = await createScratchDatabase(serverUrl, 'konekt_upgrade');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const runner = pgRunner(client);
  await applyMigrations(runner, earlier);
  await rm(earlier, { recursive: true, force: true });
  return {
    runner,
    open: () => openDatabase({ databaseUrl: url }),
    dispose: async () => {
      await client.end();
      await drop();
    },
  };
}

const released = await releasedDatabase();
let app: App | undefined;
afterAll(async () => {
  await app?.stop();
  await released.dispose();
});

describe('upgrading a database from before invitations with consent', () => {
  it('keeps earlier invitations as accepted, and a configuration waiting for activation moves on when it happens', async () => {
    const { runner } = released;
    const [companyId, accountId, configurationId] = [randomUUID(), randomUUID(), randomUUID()];
    const secret = newSecret();
    // What the earlier release left: a member added at once, pending activation, named by a finished wizard.
    await runner.query(`INSERT INTO "Company" (id, name, nip) VALUES ($1, 'Sprzed aktualizacji', $2)`, [
      companyId,
      newNip(),
    ]);
    await runner.query(`INSERT INTO "Account" (id, email) VALUES ($1, $2)`, [
      accountId,
      `legacy-${companyId}@example.pl`,
    ]);
    await runner.query(
      `INSERT INTO "Membership" (id, "companyId", "accountId", role, permissions) VALUES ($1, $2, $3, 'SENDER', '{SEND_DOCUMENTS,VIEW_DOCUMENTS}')`,
      [randomUUID(), companyId, accountId],
    );
    await runner.query(`INSERT INTO "Invitation" (id, "companyId", "accountId", role) VALUES ($1, $2, $3, 'SENDER')`, [
      randomUUID(),
      companyId,
      accountId,
    ]);
    await runner.query(
      `INSERT INTO "ConnectConfiguration" (id, program, path, "companyNip", "companyId", status, "currentStep", "exchangeAccountId", "updatedAt")
       VALUES ($1, 'HANDEL', 'OWNER', '0000000000', $2, 'AWAITING_ACTIVATION', 'DONE', $3, now())`,
      [configurationId, companyId, accountId],
    );
    await runner.query(
      `INSERT INTO "AuthToken" (id, kind, "tokenHash", "accountId", "expiresAt") VALUES ($1, 'ACTIVATION', $2, $3, now() + interval '1 day')`,
      [randomUUID(), hashSecret(secret), accountId],
    );

    // This migration and any later ones.
    expect(await applyMigrations(runner)).toContain(UPGRADE);
    const [invitation] = await runner.query<{ status: string; acceptedAt: Date | null }>(
      `SELECT status::text, "acceptedAt" FROM "Invitation" WHERE "accountId" = $1`,
      [accountId],
    );
    expect(invitation).toMatchObject({ status: 'ACCEPTED', acceptedAt: expect.any(Date) });
    const statusOf = async () =>
      (
        await runner.query<{ status: string }>(`SELECT status::text FROM "ConnectConfiguration" WHERE id = $1`, [
          configurationId,
        ])
      )[0]!.status;
    expect(await statusOf()).toBe('AWAITING_ACCEPTANCE');

    // Activation (its link from before the upgrade) is all that account still has to do.
    const database = await released.open();
    app = await buildApp(loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error' }), {
      database: { ...database, close: () => database.prisma.$disconnect() },
    });
    const { url } = await app.start();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: print(ActivateAccountDocument),
        variables: { input: { token: secret, password: 'a password after the upgrade' } },
      }),
    });
    expect(((await response.json()) as { data: { activateAccount: { __typename: string } } }).data).toMatchObject({
      activateAccount: { __typename: 'AccountPayload' },
    });
    expect(await statusOf()).toBe('AWAITING_PASSWORD');
  });
});
