import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/index.js';
import {
  ActivateAccountDocument,
  CompanyInvitationsDocument,
  InviteMemberDocument,
  RegisterDocument,
} from './generated/graphql.js';
import { registerOwner } from './helpers/accounts.js';
import { companyIdOf, uniqueEmail } from './helpers/connect.js';
import { newNip } from './helpers/nip.js';
import { startTestServer, tokenOf } from './helpers/server.js';
import { startSmtpCapture, type SmtpCapture } from './helpers/smtp.js';
import { eventually, unusedPort } from './helpers/wait.js';

const FAST_RETRIES = { MAIL_RETRY_DELAY_MS: '50', MAIL_RETRY_MAX_DELAY_MS: '200' };

// A server whose mail server is down: nothing listens where SMTP_URL points, until a test starts one there.
const smtpPort = await unusedPort();
const smtpDown = await startTestServer({
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  MAIL_MAX_ATTEMPTS: '1000',
  ...FAST_RETRIES,
});
let smtpBack: SmtpCapture | undefined;
afterAll(() => smtpBack?.close());

// A server whose mail server refuses some recipients for a while, giving up after three attempts.
const server = await startTestServer({ MAIL_MAX_ATTEMPTS: '3', ...FAST_RETRIES });

// Two servers share one database only on PostgreSQL; the embedded database belongs to one process.
const postgres = process.env.DATABASE_URL;
const pair = postgres ? await startPair() : undefined;

/** Two servers on one PostgreSQL database and one mail server, both looking for due mails often. */
async function startPair() {
  const first = await startTestServer({ MAIL_POLL_INTERVAL_MS: '20' });
  const database = await openDatabase({ databaseUrl: first.databaseUrl! });
  const second = await buildApp(
    loadConfig({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      SMTP_URL: first.smtp.url,
      MAIL_POLL_INTERVAL_MS: '20',
      MAIL_LIMIT_PER_CLIENT: '0',
      MAIL_LIMIT_PER_RECIPIENT: '0',
    }),
    // The first server drops the database when it stops; this one only lets go of it.
    { database: { ...database, close: () => database.prisma.$disconnect() } },
  );
  const { url } = await second.start();
  afterAll(() => second.stop());
  return { first, second, secondUrl: url };
}

const register = (target: typeof server, email: string) =>
  target.query(RegisterDocument, {
    input: { companyName: 'Skrzynka', nip: newNip(), email, plan: 'FREE', locale: 'PL' },
  });

describe('mail through the outbox', () => {
  it('answers register while SMTP is down and delivers the mail once SMTP is back', async () => {
    const email = uniqueEmail('smtp-down');
    const { register: answer } = await register(smtpDown, email);
    expect(answer).toMatchObject({ __typename: 'RegisterPayload', email });

    const outbox = smtpDown.app.services.outbox;
    await eventually('two failed attempts', async () => (await outbox.metrics()).failedAttempts >= 2);
    expect(await outbox.metrics()).toMatchObject({ pending: 1, failed: 0, delivered: 0 });

    smtpBack = await startSmtpCapture(smtpPort);
    const mail = await smtpBack.take(email, /Aktywuj/);
    const { activateAccount } = await smtpDown.query(ActivateAccountDocument, {
      input: { token: tokenOf(mail.links[0]!), password: 'the password after the outage' },
    });
    expect(activateAccount).toMatchObject({ __typename: 'AccountPayload', account: { status: 'ACTIVE' } });
    await eventually('the queue is empty', async () => (await outbox.metrics()).pending === 0);
    expect(await outbox.metrics()).toMatchObject({ pending: 0, failed: 0, delivered: 1 });
    expect(smtpBack.mailsTo(email)).toHaveLength(0);
  });

  it('retries a refused recipient, gives up after the last attempt, and shows the owner the failed invitation mail', async () => {
    const owner = await registerOwner(server);
    const companyId = await companyIdOf(server, owner.token, owner.nip);
    const unreachable = uniqueEmail('unreachable');
    server.smtp.refused.add(unreachable);
    const before = await server.app.services.outbox.metrics();

    const { inviteMember } = await server.query(
      InviteMemberDocument,
      { input: { companyId, email: unreachable, role: 'RECEIVER' } },
      owner.token,
    );
    expect(inviteMember).toMatchObject({ __typename: 'InvitationPayload', invitation: { status: 'PENDING' } });
    const mailStatusOf = async (email: string) =>
      (await server.query(CompanyInvitationsDocument, { companyId }, owner.token)).companyInvitations.find(
        (invitation) => invitation.email === email,
      )?.mailStatus;
    await eventually('the invitation mail failed', async () => (await mailStatusOf(unreachable)) === 'FAILED');
    const after = await server.app.services.outbox.metrics();
    expect(after.failedAttempts - before.failedAttempts).toBe(3);
    expect(after.givenUp - before.givenUp).toBe(1);
    expect(after.failed).toBeGreaterThanOrEqual(1);

    // Inviting again once the mailbox works sends a new mail, and the owner sees it sent.
    server.smtp.refused.delete(unreachable);
    await server.query(
      InviteMemberDocument,
      { input: { companyId, email: unreachable, role: 'RECEIVER' } },
      owner.token,
    );
    await server.smtp.take(unreachable, /Aktywuj/);
    await eventually('the new invitation mail was sent', async () => (await mailStatusOf(unreachable)) === 'SENT');
  });
});

describe.runIf(pair)('two servers on one PostgreSQL', () => {
  it('deliver each mail exactly once', async () => {
    const { first, second, secondUrl } = pair!;
    const emails = Array.from({ length: 24 }, (_, i) => uniqueEmail(`twice-${i}`));
    await Promise.all(
      emails.map(async (email, i) => {
        const response = await fetch(i % 2 === 0 ? first.url : secondUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            query: 'mutation ($input: RegisterInput!) { register(input: $input) { __typename } }',
            variables: { input: { companyName: 'Dwa serwery', nip: newNip(), email, plan: 'FREE', locale: 'PL' } },
          }),
        });
        expect(await response.json()).toEqual({ data: { register: { __typename: 'RegisterPayload' } } });
      }),
    );
    for (const email of emails) await first.smtp.waitFor(email, /Aktywuj/);
    await eventually('both queues are empty', async () => (await second.services.outbox.metrics()).pending === 0);
    // Stopped, so no delivery can still be under way when the mails are counted.
    await Promise.all([first.app.services.outbox.stop(), second.services.outbox.stop()]);
    for (const email of emails) expect(first.smtp.mailsTo(email), email).toHaveLength(1);
    const delivered = [first.app.services.outbox, second.services.outbox].map((outbox) => outbox.metrics());
    const [a, b] = await Promise.all(delivered);
    expect(a!.delivered + b!.delivered).toBe(emails.length);
  }, 60_000);
});
