import { describe, expect, it } from 'vitest';
import {
  ActivateAccountDocument,
  MeDocument,
  PlansDocument,
  RegisterCompanyDocument,
  RegisterDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  SignInDocument,
  SignOutDocument,
} from './generated/graphql.js';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import { newNip, withBadChecksum } from './helpers/nip.js';
import { openLiveSocket } from './helpers/connect.js';
import { startTestServer, tokenOf } from './helpers/server.js';

const server = await startTestServer();
const HOUR = 60 * 60 * 1000;

const uniqueEmail = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}@example.pl`;

describe('plans', () => {
  it('lists the free plan with 5 documents a month and at least two paid plans', async () => {
    const { plans } = await server.query(PlansDocument, {});
    expect(plans.find((plan) => plan.code === 'FREE')).toMatchObject({
      monthlyDocumentLimit: 5,
      monthlyPriceNet: '0.00',
    });
    const paid = plans.filter((plan) => plan.code !== 'FREE');
    expect(paid.length).toBeGreaterThanOrEqual(2);
    for (const plan of paid) expect(plan.monthlyDocumentLimit).toBeGreaterThan(5);
  });
});

describe('register → activate → sign in', () => {
  it('runs the whole flow through the activation e-mail', async () => {
    const email = uniqueEmail('Owner');
    const nip = newNip();
    const dashed = `${nip.slice(0, 3)}-${nip.slice(3, 6)}-${nip.slice(6, 8)} ${nip.slice(8)}`;
    const { register } = await server.query(RegisterDocument, {
      input: { companyName: 'Biuro Rachunkowe Bilans', nip: dashed, email, plan: 'STANDARD', locale: 'PL' },
    });
    expect(register).toMatchObject({ __typename: 'RegisterPayload', email: email.toLowerCase() });

    const mail = await server.smtp.take(email, /Aktywuj konto/);
    expect(mail.text).toContain('Biuro Rachunkowe Bilans');
    expect(mail.html).toContain('<a href=');
    const link = mail.links[0]!;
    expect(link.startsWith(`${server.baseUrl.replace('127.0.0.1', 'localhost')}/activate?token=`)).toBe(true);
    const token = tokenOf(link);
    expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);

    // Before activation the account cannot sign in, with the same answer as a wrong password.
    const early = await server.query(SignInDocument, { input: { email, password: PASSWORD } });
    expect(early.signIn).toMatchObject({ __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS' });

    const weak = await server.query(ActivateAccountDocument, { input: { token, password: 'short' } });
    expect(weak.activateAccount).toMatchObject({
      __typename: 'WeakPasswordError',
      code: 'WEAK_PASSWORD',
      minLength: 10,
    });
    const repetitive = await server.query(ActivateAccountDocument, { input: { token, password: 'aaaaaaaaaaaa' } });
    expect(repetitive.activateAccount.__typename).toBe('WeakPasswordError');

    const activated = await server.query(ActivateAccountDocument, { input: { token, password: PASSWORD } });
    expect(activated.activateAccount).toMatchObject({ __typename: 'AccountPayload', account: { status: 'ACTIVE' } });

    const reused = await server.query(ActivateAccountDocument, { input: { token, password: 'another long password' } });
    expect(reused.activateAccount).toMatchObject({ __typename: 'InvalidTokenError', reason: 'USED' });

    const { signIn } = await server.query(SignInDocument, {
      input: { email: email.toUpperCase(), password: PASSWORD },
    });
    if (signIn.__typename !== 'SignInPayload') throw new Error(`sign-in failed: ${JSON.stringify(signIn)}`);
    expect(signIn.account.email).toBe(email.toLowerCase());

    const { me } = await server.query(MeDocument, {}, signIn.token);
    expect(me).toMatchObject({ email: email.toLowerCase(), status: 'ACTIVE', locale: 'PL' });
    expect(me?.memberships).toEqual([
      expect.objectContaining({
        role: 'OWNER',
        company: expect.objectContaining({ nip, plan: { code: 'STANDARD', monthlyDocumentLimit: 200 } }),
      }),
    ]);

    // The same token works over graphql-ws, sent as connectionParams.authorization.
    const ws = server.wsClient(signIn.token);
    const overSocket = await new Promise<unknown>((resolve, reject) => {
      ws.subscribe({ query: '{ me { email } }' }, { next: resolve, error: reject, complete: () => undefined });
    });
    expect(overSocket).toEqual({ data: { me: { email: email.toLowerCase() } } });

    expect((await server.query(SignOutDocument, {}, signIn.token)).signOut).toBe(true);
    const meAfterSignOut = await server.gql(MeDocument, {}, signIn.token);
    expect(meAfterSignOut.status).toBe(401);
    expect(meAfterSignOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(meAfterSignOut.errors?.[0]?.message).toMatch(/not valid.*revoked/);
    const afterSignOut = await server.gql(SignOutDocument, {}, signIn.token);
    expect(afterSignOut.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('sends English mails and pages to an English-speaking owner', async () => {
    const email = uniqueEmail('en');
    await server.query(RegisterDocument, {
      input: { companyName: 'Acme Ltd', nip: newNip(), email, plan: 'FREE', locale: 'EN' },
    });
    const mail = await server.smtp.take(email, /Activate your Konekt account/);
    expect(mail.links[0]).toContain('lang=en');
    const page = await fetch(mail.links[0]!.replace(/^http:\/\/localhost/, 'http://127.0.0.1'));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('>Save</button>');
    expect(html).toContain('lang="en"');
  });
});

describe('registration refusals', () => {
  it('refuses a NIP with a wrong check digit or length, and stores nothing', async () => {
    const email = uniqueEmail('badnip');
    for (const nip of [withBadChecksum(newNip()), '12345', 'abcdefghij']) {
      const { register } = await server.query(RegisterDocument, {
        input: { companyName: 'Zła Firma', nip, email, plan: 'FREE', locale: 'PL' },
      });
      expect(register).toMatchObject({ __typename: 'InvalidNipError', code: 'INVALID_NIP', nip });
    }
    expect(server.smtp.mailsTo(email)).toHaveLength(0);
  });

  it('refuses an invalid e-mail address and a too short company name', async () => {
    const badEmail = await server.query(RegisterDocument, {
      input: { companyName: 'Firma', nip: newNip(), email: 'not-an-email', plan: 'FREE', locale: 'PL' },
    });
    expect(badEmail.register).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
    const badName = await server.query(RegisterDocument, {
      input: { companyName: ' ', nip: newNip(), email: uniqueEmail('x'), plan: 'FREE', locale: 'PL' },
    });
    expect(badName.register).toMatchObject({ __typename: 'ValidationError' });
  });

  it('refuses a NIP that is already registered', async () => {
    const nip = newNip();
    await server.query(RegisterDocument, {
      input: { companyName: 'Pierwsza', nip, email: uniqueEmail('first'), plan: 'FREE', locale: 'PL' },
    });
    const second = uniqueEmail('second');
    const { register } = await server.query(RegisterDocument, {
      input: { companyName: 'Druga', nip, email: second, plan: 'FREE', locale: 'PL' },
    });
    expect(register).toMatchObject({ __typename: 'NipAlreadyRegisteredError', code: 'NIP_ALREADY_REGISTERED' });
    expect(server.smtp.mailsTo(second)).toHaveLength(0);
  });

  it('does not reveal an existing e-mail: same answer, and that address is told it has an account', async () => {
    const owner = await registerOwner(server);
    const nip = newNip();
    const { register } = await server.query(RegisterDocument, {
      input: { companyName: 'Ktoś Inny', nip, email: owner.email, plan: 'FREE', locale: 'PL' },
    });
    const fresh = uniqueEmail('fresh');
    const { register: normal } = await server.query(RegisterDocument, {
      input: { companyName: 'Nowa', nip: newNip(), email: fresh, plan: 'FREE', locale: 'PL' },
    });
    expect(register.__typename).toBe(normal.__typename);
    expect(Object.keys(register).sort()).toEqual(Object.keys(normal).sort());

    const mail = await server.smtp.take(owner.email, /Masz już konto/);
    expect(mail.links[0]).toContain('/reset-password?token=');
    expect(server.smtp.mailsTo(owner.email).filter((m) => /Aktywuj/.test(m.subject))).toHaveLength(0);
    // Nothing was attached to the existing account, and the NIP is still free.
    const { me } = await server.query(MeDocument, {}, owner.token);
    expect(me?.memberships).toHaveLength(1);
    const { registerCompany } = await server.query(
      RegisterCompanyDocument,
      { input: { companyName: 'Druga firma', nip, plan: 'FREE' } },
      owner.token,
    );
    expect(registerCompany).toMatchObject({ __typename: 'RegisterCompanyPayload', company: { nip } });
    expect((await server.query(MeDocument, {}, owner.token)).me?.memberships).toHaveLength(2);
  });

  it('mails a fresh activation link when the existing account was never activated', async () => {
    const email = uniqueEmail('pending');
    await server.query(RegisterDocument, {
      input: { companyName: 'Pierwsza', nip: newNip(), email, plan: 'FREE', locale: 'PL' },
    });
    await server.smtp.take(email, /Aktywuj konto/);
    await server.query(RegisterDocument, {
      input: { companyName: 'Druga', nip: newNip(), email, plan: 'FREE', locale: 'PL' },
    });
    const mail = await server.smtp.take(email, /Masz już konto/);
    const { activateAccount } = await server.query(ActivateAccountDocument, {
      input: { token: tokenOf(mail.links[0]!), password: PASSWORD },
    });
    expect(activateAccount.__typename).toBe('AccountPayload');
  });
});

describe('links', () => {
  it('refuses a forged token on the page and in the API', async () => {
    const page = await fetch(`${server.baseUrl}/activate?token=forged-${'x'.repeat(40)}`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('Ten link jest nieprawidłowy');
    const missing = await fetch(`${server.baseUrl}/activate`);
    expect(missing.status).toBe(404);
    const { activateAccount } = await server.query(ActivateAccountDocument, {
      input: { token: 'forged', password: PASSWORD },
    });
    expect(activateAccount).toMatchObject({ __typename: 'InvalidTokenError', reason: 'UNKNOWN' });
  });

  it('shows a used link as used', async () => {
    const email = uniqueEmail('used');
    await server.query(RegisterDocument, {
      input: { companyName: 'Użyta', nip: newNip(), email, plan: 'FREE', locale: 'PL' },
    });
    const link = (await server.smtp.take(email, /Aktywuj/)).links[0]!.replace('localhost', '127.0.0.1');
    expect((await fetch(link)).status).toBe(200);
    await server.query(ActivateAccountDocument, { input: { token: tokenOf(link), password: PASSWORD } });
    const page = await fetch(link, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This link has already been used');
  });

  it('expires activation links after 72 hours and reset links after 1 hour', async () => {
    const email = uniqueEmail('late');
    await server.query(RegisterDocument, {
      input: { companyName: 'Spóźniona', nip: newNip(), email, plan: 'FREE', locale: 'PL' },
    });
    const activation = tokenOf((await server.smtp.take(email, /Aktywuj/)).links[0]!);
    server.advanceClock(72 * HOUR + 1000);
    const expired = await server.query(ActivateAccountDocument, { input: { token: activation, password: PASSWORD } });
    expect(expired.activateAccount).toMatchObject({ __typename: 'InvalidTokenError', reason: 'EXPIRED' });
    const page = await fetch(`${server.baseUrl}/activate?token=${activation}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Ten link wygasł');

    const owner = await registerOwner(server);
    await server.query(RequestPasswordResetDocument, { email: owner.email });
    const reset = tokenOf((await server.smtp.take(owner.email, /nowe hasło/)).links[0]!);
    server.advanceClock(HOUR + 1000);
    const late = await server.query(ResetPasswordDocument, {
      input: { token: reset, password: 'a brand new password' },
    });
    expect(late.resetPassword).toMatchObject({ __typename: 'InvalidTokenError', reason: 'EXPIRED' });
  });
});

describe('password reset', () => {
  it('sets a new password, signs out old sessions, and answers unknown addresses the same', async () => {
    const owner = await registerOwner(server);
    const known = await server.query(RequestPasswordResetDocument, { email: owner.email });
    const unknownEmail = uniqueEmail('nobody');
    const unknown = await server.query(RequestPasswordResetDocument, { email: unknownEmail });
    expect(unknown).toEqual(known);

    const mail = await server.smtp.take(owner.email, /nowe hasło/);
    expect(mail.links[0]).toContain('/reset-password?token=');
    const page = await fetch(mail.links[0]!.replace('localhost', '127.0.0.1'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('>Zapisz</button>');

    const newPassword = 'an entirely new secret';
    const { resetPassword } = await server.query(ResetPasswordDocument, {
      input: { token: tokenOf(mail.links[0]!), password: newPassword },
    });
    expect(resetPassword.__typename).toBe('AccountPayload');
    expect((await server.gql(MeDocument, {}, owner.token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const old = await server.query(SignInDocument, { input: { email: owner.email, password: PASSWORD } });
    expect(old.signIn.__typename).toBe('InvalidCredentialsError');
    await server.signIn(owner.email, newPassword);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.smtp.mailsTo(unknownEmail)).toHaveLength(0);
  });
});

describe('sign-in', () => {
  it('answers a wrong password and an unknown e-mail alike, and throttles repeated failures', async () => {
    const owner = await registerOwner(server);
    const wrong = await server.query(SignInDocument, { input: { email: owner.email, password: 'not the password' } });
    const unknown = await server.query(SignInDocument, {
      input: { email: uniqueEmail('ghost'), password: 'not the password' },
    });
    expect(wrong.signIn).toEqual(unknown.signIn);
    expect(wrong.signIn).toMatchObject({ __typename: 'InvalidCredentialsError', code: 'INVALID_CREDENTIALS' });

    for (let i = 0; i < 4; i += 1) {
      await server.query(SignInDocument, { input: { email: owner.email, password: `wrong ${i} password` } });
    }
    // Even the right password is refused while the address is throttled.
    const throttled = await server.query(SignInDocument, { input: { email: owner.email, password: PASSWORD } });
    expect(throttled.signIn).toMatchObject({ __typename: 'TooManyAttemptsError', code: 'TOO_MANY_ATTEMPTS' });
    if (throttled.signIn.__typename === 'TooManyAttemptsError')
      expect(throttled.signIn.retryAfterSeconds).toBeGreaterThan(0);
    server.advanceClock(16 * 60 * 1000);
    expect(await server.signIn(owner.email, PASSWORD)).toBeTruthy();
  });
});

describe('revocation', () => {
  it('closes the open WebSocket connections of a session when it signs out or its password is reset', async () => {
    const owner = await registerOwner(server);
    const signedOut = await openLiveSocket(server, owner.token);
    const other = await server.signIn(owner.email, PASSWORD);
    const otherSocket = await openLiveSocket(server, other);
    await server.query(SignOutDocument, {}, owner.token);
    expect((await signedOut.closed()).code).toBe(4403);
    expect(otherSocket.isClosed()).toBe(false);

    await server.query(RequestPasswordResetDocument, { email: owner.email });
    const mail = await server.smtp.take(owner.email, /nowe hasło/);
    await server.query(ResetPasswordDocument, {
      input: { token: tokenOf(mail.links[0]!), password: 'yet another password' },
    });
    expect((await otherSocket.closed()).code).toBe(4403);
  });
});

describe('transport', () => {
  it('rejects unknown fields and malformed documents with a 400 and a clear message', async () => {
    const unknownField = await server.gql('{ launchRockets }');
    expect(unknownField.status).toBe(400);
    expect(unknownField.errors?.[0]?.message).toContain('launchRockets');
    const malformed = await server.gql('{ plans { code ');
    expect(malformed.status).toBe(400);
    const noQuery = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: '{}',
    });
    expect(noQuery.status).toBe(400);
  });

  it('refuses oversized bodies with 413 before parsing them', async () => {
    const huge = JSON.stringify({ query: `{ plans { code } }`, variables: { padding: 'x'.repeat(11 * 1024 * 1024) } });
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });

  it('requires a session for account operations', async () => {
    const anonymous = await server.gql(RegisterCompanyDocument, {
      input: { companyName: 'X', nip: newNip(), plan: 'FREE' },
    });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await server.gql(
      RegisterCompanyDocument,
      { input: { companyName: 'X', nip: newNip(), plan: 'FREE' } },
      'forged-token',
    );
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves GraphiQL to a browser', async () => {
    const response = await fetch(server.url, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('GraphiQL');
  });
});
