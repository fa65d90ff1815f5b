import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/index.js';
import { createScratchDatabase } from './helpers/database.js';
import { gql, startMain } from './helpers/main.js';
import { newNip } from './helpers/nip.js';
import { startSmtpCapture, type SmtpCapture } from './helpers/smtp.js';
import { unusedPort } from './helpers/wait.js';

/** Where the servers keep their data: a temporary PGlite directory, or a fresh PostgreSQL database. */
async function freshStore(): Promise<{
  env: Record<string, string>;
  open: () => ReturnType<typeof openDatabase>;
  dispose: () => Promise<unknown>;
}> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'konekt-crash-'));
    return {
      env: { DATA_DIR: dataDir, DATABASE_URL: '' },
      open: () => openDatabase({ dataDir }),
      dispose: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const { url, drop } = await createScratchDatabase(serverUrl, 'konekt_crash');
  return {
    env: { DATABASE_URL: url },
    open: () => openDatabase({ databaseUrl: url }),
    dispose: drop,
  };
}

const store = await freshStore();
afterAll(() => store.dispose());

// A mail server that takes the connection and never answers: a delivery stays under way until killed.
const smtpPort = await unusedPort();
const held: Socket[] = [];
let connected: () => void = () => undefined;
const firstConnection = new Promise<void>((resolve) => (connected = resolve));
const silent = createServer((socket) => {
  held.push(socket);
  connected();
});
await new Promise<void>((resolve) => silent.listen(smtpPort, '127.0.0.1', resolve));
const closeSilent = () => {
  for (const socket of held) socket.destroy();
  return new Promise<void>((resolve) => silent.close(() => resolve()));
};
let smtp: SmtpCapture | undefined;
afterAll(async () => {
  if (silent.listening) await closeSilent();
  await smtp?.close();
});

describe('a server killed between commit and delivery', () => {
  it('leaves the mail to the next start, which sends it exactly once', async () => {
    const env = {
      ...store.env,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // A claim of 8 s: each SMTP wait is cut at 2 s, well before another server could take the mail.
      MAIL_CLAIM_MS: '8000',
      MAIL_POLL_INTERVAL_MS: '200',
      MAIL_RETRY_DELAY_MS: '100',
    };
    const first = await startMain(env);
    const email = `crash-${randomBytes(4).toString('hex')}@example.pl`;
    const registered = await gql(
      first.url,
      'mutation ($input: RegisterInput!) { register(input: $input) { __typename } }',
      {
        input: { companyName: 'Awaria', nip: newNip(), email, plan: 'FREE', locale: 'PL' },
      },
    );
    expect(registered.data.register).toEqual({ __typename: 'RegisterPayload' });

    // The answer came after the commit; the delivery has begun and hangs: now the process dies.
    await firstConnection;
    await first.kill();

    await closeSilent();
    smtp = await startSmtpCapture(smtpPort);
    const second = await startMain(env);
    const mail = await smtp.waitFor(email, /Aktywuj/, 30_000);
    expect(mail.links[0]).toContain('/activate?token=');
    // Stopped gracefully, so no delivery is under way when the mails are counted.
    expect(await second.stop()).toBe(0);
    expect(smtp.mailsTo(email)).toHaveLength(1);

    const database = await store.open();
    try {
      const rows = await database.prisma.outboxMail.findMany({ where: { recipient: email } });
      // Sent, with the secret link gone; the attempt the crash cut short counts too.
      expect(rows).toEqual([expect.objectContaining({ status: 'SENT', text: null, link: null })]);
      expect(rows[0]!.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await database.close();
    }
  }, 120_000);
});
