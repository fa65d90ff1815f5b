import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/index.js';
import {
  ConnectConfigurationDocument,
  FinishConnectWizardDocument,
  InviteMemberDocument,
  RegisterCompanyDocument,
  RegisterDocument,
  RequestPasswordResetDocument,
  RevokeInvitationDocument,
  SetExchangeParticipantsDocument,
  ConnectWizardSignInDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import { activateFromMail, companyIdOf, startWizard, uniqueEmail } from './helpers/connect.js';
import { newNip } from './helpers/nip.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { eventually } from './helpers/wait.js';

const HOUR = 60 * 60 * 1000;

// Each server counts mails as production does, with small limits and a window far longer than the
// tests, so that no window ends in the middle of one; every test uses fresh addresses.
const WINDOW = String(365 * 24 * HOUR);
const perRecipient = await startTestServer({ MAIL_LIMIT_PER_RECIPIENT: '3', MAIL_LIMIT_WINDOW_MS: WINDOW });
const perClient = await startTestServer({ MAIL_LIMIT_PER_CLIENT: '4', MAIL_LIMIT_WINDOW_MS: WINDOW });
// No limits, and a clock the last test moves forward.
const server = await startTestServer();

const register = (target: TestServer, email: string, nip = newNip(), companyName = 'Firma Testowa') =>
  target.query(RegisterDocument, { input: { companyName, nip, email, plan: 'FREE', locale: 'PL' } });

describe('mail limits', () => {
  it('mails one address at most the limit of times, whoever asks, and stores nothing beyond it', async () => {
    const victim = uniqueEmail('victim');
    for (let i = 0; i < 3; i++) {
      expect((await register(perRecipient, victim)).register.__typename).toBe('RegisterPayload');
    }
    const nip = newNip();
    const refused = await register(perRecipient, victim, nip);
    expect(refused.register).toMatchObject({
      __typename: 'MailRateLimitError',
      code: 'MAIL_RATE_LIMITED',
      limit: 'RECIPIENT',
      retryAfterSeconds: expect.any(Number),
    });
    if (refused.register.__typename === 'MailRateLimitError') {
      expect(refused.register.retryAfterSeconds).toBeGreaterThan(0);
    }
    // A reset request for the address gets the usual answer and no mail.
    const reset = await perRecipient.query(RequestPasswordResetDocument, { email: victim });
    expect(reset.requestPasswordReset.__typename).toBe('RequestPasswordResetPayload');
    // The refused registration kept nothing: its NIP is free.
    expect((await register(perRecipient, uniqueEmail('other'), nip)).register.__typename).toBe('RegisterPayload');

    const outbox = perRecipient.app.services.outbox;
    await eventually('every queued mail is delivered', async () => (await outbox.metrics()).pending === 0);
    expect(perRecipient.smtp.mailsTo(victim).map((mail) => mail.subject)).toEqual([
      'Aktywuj konto w Konekt',
      'Masz już konto w Konekt',
      'Masz już konto w Konekt',
    ]);
  });

  it('limits invitations and the wizard participant mails to one address the same way', async () => {
    const owner = await registerOwner(perRecipient);
    const companyId = await companyIdOf(perRecipient, owner.token, owner.nip);
    const stranger = uniqueEmail('stranger');
    const invite = () =>
      perRecipient.query(InviteMemberDocument, { input: { companyId, email: stranger, role: 'SENDER' } }, owner.token);
    // Invite, withdraw, invite again: each invitation mails the address.
    for (let i = 0; i < 2; i++) {
      const { inviteMember } = await invite();
      if (inviteMember.__typename !== 'InvitationPayload') throw new Error(inviteMember.__typename);
      await perRecipient.query(RevokeInvitationDocument, { invitationId: inviteMember.invitation.id }, owner.token);
    }
    const { configurationId, wizardToken } = await startWizard(perRecipient, {
      program: 'HANDEL',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    await perRecipient.query(
      ConnectWizardSignInDocument,
      { input: { configurationId, email: owner.email, password: PASSWORD } },
      wizardToken,
    );
    await perRecipient.query(
      SetExchangeParticipantsDocument,
      { input: { configurationId, senderEmail: stranger, receiverEmail: uniqueEmail('receiver') } },
      wizardToken,
    );
    // The third mail in the window is the wizard's: allowed. The fourth, an invitation: refused.
    const finished = await perRecipient.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
    expect(finished.finishConnectWizard.__typename).toBe('FinishConnectWizardPayload');
    expect((await invite()).inviteMember).toMatchObject({ __typename: 'MailRateLimitError', limit: 'RECIPIENT' });

    // A wizard whose participant was mailed too often is refused at Finish and stays at its summary.
    const second = await startWizard(perRecipient, { program: 'HANDEL', companyNip: owner.nip, path: 'OWNER' });
    await perRecipient.query(
      ConnectWizardSignInDocument,
      { input: { configurationId: second.configurationId, email: owner.email, password: PASSWORD } },
      second.wizardToken,
    );
    await perRecipient.query(
      SetExchangeParticipantsDocument,
      {
        input: { configurationId: second.configurationId, senderEmail: uniqueEmail('s'), receiverEmail: stranger },
      },
      second.wizardToken,
    );
    const refused = await perRecipient.query(
      FinishConnectWizardDocument,
      { configurationId: second.configurationId },
      second.wizardToken,
    );
    expect(refused.finishConnectWizard).toMatchObject({ __typename: 'MailRateLimitError', limit: 'RECIPIENT' });
    const { connectConfiguration } = await perRecipient.query(
      ConnectConfigurationDocument,
      { id: second.configurationId },
      second.wizardToken,
    );
    expect(connectConfiguration).toMatchObject({ status: 'DRAFT', currentStep: 'SUMMARY' });
  });

  it('limits the mails one client address may cause', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await register(perClient, uniqueEmail(`client-${i}`))).register.__typename).toBe('RegisterPayload');
    }
    const email = uniqueEmail('client-over');
    expect((await register(perClient, email)).register).toMatchObject({
      __typename: 'MailRateLimitError',
      limit: 'CLIENT',
      message: expect.stringMatching(/^Too many mails were requested from your address; try again in \d+ s$/),
    });
    expect((await perClient.query(RequestPasswordResetDocument, { email })).requestPasswordReset).toMatchObject({
      __typename: 'MailRateLimitError',
      limit: 'CLIENT',
    });
  });
});

// Counts live in the database: another server on it sees them. Only PostgreSQL is shared by two servers.
const postgres = process.env.DATABASE_URL;
const sibling = postgres ? await startSibling(perClient) : undefined;

async function startSibling(of: TestServer) {
  const database = await openDatabase({ databaseUrl: of.databaseUrl! });
  const app = await buildApp(
    loadConfig({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      MAIL_LIMIT_PER_CLIENT: '4',
      MAIL_LIMIT_WINDOW_MS: WINDOW,
    }),
    { database: { ...database, close: () => database.prisma.$disconnect() } },
  );
  const { url } = await app.start();
  afterAll(() => app.stop());
  return url;
}

describe.runIf(sibling)('mail limits on several servers', () => {
  it('are shared: a second server refuses the client the first one counted', async () => {
    const response = await fetch(sibling!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation ($input: RegisterInput!) { register(input: $input) { __typename ... on MailRateLimitError { limit } } }',
        variables: {
          input: {
            companyName: 'Drugi serwer',
            nip: newNip(),
            email: uniqueEmail('sibling'),
            plan: 'FREE',
            locale: 'PL',
          },
        },
      }),
    });
    expect(await response.json()).toEqual({
      data: { register: { __typename: 'MailRateLimitError', limit: 'CLIENT' } },
    });
  });
});

describe('what a registration may contain', () => {
  it('refuses company names with web addresses or link-like text, and accepts ordinary ones', async () => {
    for (const companyName of [
      'Promocja http://evil.example',
      'Kliknij www.evil',
      'evil.pl sp. z o.o.',
      'Odbierz nagrodę na example.com',
      'HTTP Partners',
      'kontakt@evil.pl',
      'Sklep.Online',
    ]) {
      const { register: answer } = await register(server, uniqueEmail('name'), newNip(), companyName);
      expect(answer, companyName).toMatchObject({
        __typename: 'ValidationError',
        field: 'companyName',
        message: expect.stringContaining('web address'),
      });
    }
    for (const companyName of [
      'Biuro Rachunkowe Bilans s.c.',
      'ABC Sp. z o.o.',
      'P.P.H.U. Kowalski',
      'Łódź-Handel S.A.',
    ]) {
      const { register: answer } = await register(server, uniqueEmail('name'), newNip(), companyName);
      expect(answer.__typename, companyName).toBe('RegisterPayload');
    }
    const owner = await registerOwner(server);
    const { registerCompany } = await server.query(
      RegisterCompanyDocument,
      { input: { companyName: 'Druga https://evil.example', nip: newNip(), plan: 'FREE' } },
      owner.token,
    );
    expect(registerCompany).toMatchObject({ __typename: 'ValidationError', field: 'companyName' });
  });

  it('accepts one plain mailbox as the address, stores it as the mail goes to it, and refuses anything else', async () => {
    for (const email of [
      'a;b@example.pl',
      'a,b@example.pl',
      '"A" <a@example.pl>',
      'Anna <a@example.pl>',
      'a@example.pl b@example.pl',
      'a@example',
      'a@@example.pl',
      '.a@example.pl',
      'a..b@example.pl',
      'a@-example.pl',
      'a@example..pl',
      'zażółć@example.pl',
      `${'a'.repeat(65)}@example.pl`,
      `a@${`${'d'.repeat(60)}.`.repeat(5)}pl`,
    ]) {
      const { register: answer } = await register(server, email);
      expect(answer, email).toMatchObject({ __typename: 'ValidationError', field: 'email' });
    }
    expect(server.smtp.mailsTo('b@example.pl')).toHaveLength(0);

    const { register: answer } = await register(server, '  Jan.Kowalski+faktury@Example.PL ');
    expect(answer).toMatchObject({ __typename: 'RegisterPayload', email: 'jan.kowalski+faktury@example.pl' });
    await server.smtp.take('jan.kowalski+faktury@example.pl', /Aktywuj/);

    // The same rule wherever an address is typed.
    const owner = await registerOwner(server);
    const companyId = await companyIdOf(server, owner.token, owner.nip);
    const invited = await server.query(
      InviteMemberDocument,
      { input: { companyId, email: 'a;b@example.pl', role: 'SENDER' } },
      owner.token,
    );
    expect(invited.inviteMember).toMatchObject({ __typename: 'ValidationError', field: 'email' });
    const reset = await server.query(RequestPasswordResetDocument, { email: '"Owner" <x@example.pl>' });
    expect(reset.requestPasswordReset).toMatchObject({ __typename: 'ValidationError' });
    const draft = await startWizard(server, { program: 'HANDEL', companyNip: owner.nip, path: 'OWNER' });
    await server.query(
      ConnectWizardSignInDocument,
      { input: { configurationId: draft.configurationId, email: owner.email, password: PASSWORD } },
      draft.wizardToken,
    );
    const participants = await server.query(
      SetExchangeParticipantsDocument,
      {
        input: {
          configurationId: draft.configurationId,
          senderEmail: uniqueEmail('s'),
          receiverEmail: 'r@example.pl, other@example.pl',
        },
      },
      draft.wizardToken,
    );
    expect(participants.setExchangeParticipants).toMatchObject({
      __typename: 'ValidationError',
      field: 'receiverEmail',
    });
  });
});

describe('a registration never activated', () => {
  it('holds its NIP while its link lives, then frees it and its address for a new registration', async () => {
    const nip = newNip();
    const abandoned = uniqueEmail('abandoned');
    await register(server, abandoned, nip, 'Porzucona');
    await server.smtp.take(abandoned, /Aktywuj/);
    expect((await register(server, uniqueEmail('early'), nip)).register.__typename).toBe('NipAlreadyRegisteredError');

    server.advanceClock(72 * HOUR + 1000);
    const owner = uniqueEmail('new-owner');
    expect((await register(server, owner, nip, 'Nowa właścicielka')).register.__typename).toBe('RegisterPayload');
    const mail = await activateFromMail(server, owner);
    expect(mail.text).toContain('Nowa właścicielka');
    expect((await register(server, uniqueEmail('late'), nip)).register.__typename).toBe('NipAlreadyRegisteredError');

    // The abandoned address registers afresh: an activation mail, not "you already have an account".
    await register(server, abandoned, newNip(), 'Druga próba');
    const again = await server.smtp.take(abandoned);
    expect(again.subject).toMatch(/Aktywuj konto/);
    expect(again.text).toContain('Druga próba');
  });
});
