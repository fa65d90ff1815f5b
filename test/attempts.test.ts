import { describe, expect, it } from 'vitest';
import { PASSWORD, registerOwner } from './helpers/accounts.js';
import { activateFromMail, ownerWizard, startWizard } from './helpers/connect.js';
import { startServerOnSameDatabase } from './helpers/second-server.js';
import { startTestServer, type TestServer } from './helpers/server.js';

// Enough connections for a burst, and time for the server to read all of them on a busy machine:
// these tests are about attempts, not about connection limits. Idle connections are kept for the
// whole file: a burst reusing the last one's connections while the server closes them as idle
// would be reset (ECONNRESET) rather than answered.
const roomy = {
  MAX_CONNECTIONS_PER_ADDRESS: '2000',
  HTTP_HEADERS_TIMEOUT_MS: '120000',
  HTTP_REQUEST_TIMEOUT_MS: '120000',
  HTTP_KEEP_ALIVE_TIMEOUT_MS: '120000',
};
// Behind a proxy on 127.0.0.1 that names each client in X-Forwarded-For.
const env = { ...roomy, TRUST_PROXY: '127.0.0.1' };
const server = await startTestServer(env);
const direct = await startTestServer(roomy);
const second = await startServerOnSameDatabase(server, env);

const BURST = 400;
const RIGHT_AT = 30;
const FREE = 5;

type Answer = { __typename: string; retryAfterSeconds?: number; token?: string; programToken?: string };

async function call(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: { token?: string; from?: string } = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(headers.token ? { authorization: `Bearer ${headers.token}` } : {}),
      ...(headers.from ? { 'x-forwarded-for': headers.from } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, Answer>; errors?: unknown };
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return Object.values(body.data)[0]!;
}

const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { __typename
  ... on SignInPayload { token } ... on TooManyAttemptsError { retryAfterSeconds } } }`;
const WIZARD_SIGN_IN = `mutation ($input: ConnectWizardSignInInput!) { connectWizardSignIn(input: $input) { __typename } }`;
const ENTER_PASSWORD = `mutation ($input: EnterExchangePasswordInput!) { enterExchangePassword(input: $input) { __typename
  ... on EnterExchangePasswordPayload { programToken } } }`;

/** BURST attempts at once, all wrong but the one at RIGHT_AT; how many were checked, and what the right one got. */
async function burst(attempt: (password: string, i: number) => Promise<Answer>) {
  const answers = await Promise.all(
    Array.from({ length: BURST }, (_, i) => attempt(i === RIGHT_AT ? PASSWORD : `wrong password ${i}`, i)),
  );
  const kinds = answers.map((answer) => answer.__typename);
  return {
    evaluated: kinds.filter((kind) => kind === 'InvalidCredentialsError').length,
    refused: kinds.filter((kind) => kind === 'TooManyAttemptsError').length,
    right: answers[RIGHT_AT]!,
  };
}

const signIn = (target: TestServer | { url: string }, email: string, password: string, from?: string) =>
  call(target.url, SIGN_IN, { input: { email, password } }, { from });

describe('attempt limits that hold', () => {
  it(`checks at most ${FREE} of ${BURST} parallel signIn attempts, and the right password among them gets no token`, async () => {
    const owner = await registerOwner(server);
    const result = await burst((password) => signIn(server, owner.email, password, '203.0.113.7'));
    expect(result.evaluated).toBeLessThanOrEqual(FREE);
    expect(result.evaluated + result.refused).toBe(BURST);
    expect(result.right).toMatchObject({ __typename: 'TooManyAttemptsError' });
    expect(result.right.retryAfterSeconds).toBeGreaterThan(0);
  });

  it(`checks at most ${FREE} parallel connectWizardSignIn attempts, and the draft stays at sign-in`, async () => {
    const owner = await registerOwner(server);
    const { configurationId, wizardToken } = await startWizard(server, {
      program: 'HANDEL',
      companyNip: owner.nip,
      path: 'OWNER',
    });
    const result = await burst((password) =>
      call(
        server.url,
        WIZARD_SIGN_IN,
        { input: { configurationId, email: owner.email, password } },
        { token: wizardToken, from: '203.0.113.8' },
      ),
    );
    expect(result.evaluated).toBeLessThanOrEqual(FREE);
    expect(result.right.__typename).toBe('TooManyAttemptsError');
    const draft = await server.gql<{ connectConfiguration: { currentStep: string } }, unknown>(
      'query ($id: ID!) { connectConfiguration(id: $id) { currentStep } }',
      { id: configurationId },
      wizardToken,
    );
    expect(draft.data?.connectConfiguration.currentStep).toBe('SIGN_IN');
  });

  it(`checks at most ${FREE} parallel enterExchangePassword attempts, and no program token is issued`, async () => {
    const owner = await registerOwner(server);
    const wizard = await ownerWizard(server, owner);
    await activateFromMail(server, wizard.senderEmail);
    const result = await burst((password) =>
      call(
        server.url,
        ENTER_PASSWORD,
        { input: { configurationId: wizard.configurationId, password } },
        { from: '203.0.113.9' },
      ),
    );
    expect(result.evaluated).toBeLessThanOrEqual(FREE);
    expect(result.right).toEqual({ __typename: 'TooManyAttemptsError' });
    const configuration = await server.gql<{ connectConfiguration: { status: string } }, unknown>(
      'query ($id: ID!) { connectConfiguration(id: $id) { status } }',
      { id: wizard.configurationId },
      owner.token,
    );
    expect(configuration.data?.connectConfiguration.status).toBe('AWAITING_PASSWORD');
  });

  it('counts signIn and enterExchangePassword against the same account', async () => {
    const owner = await registerOwner(server);
    const wizard = await ownerWizard(server, owner, { senderEmail: owner.email });
    const from = '203.0.113.10';
    for (let i = 0; i < FREE; i += 1) {
      expect((await signIn(server, owner.email, `wrong password ${i}`, from)).__typename).toBe(
        'InvalidCredentialsError',
      );
    }
    const entered = await call(
      server.url,
      ENTER_PASSWORD,
      { input: { configurationId: wizard.configurationId, password: PASSWORD } },
      { from },
    );
    expect(entered.__typename).toBe('TooManyAttemptsError');
  });

  it('two servers on one database together check no more than the limit', async () => {
    const owner = await registerOwner(server);
    const result = await burst((password, i) =>
      signIn(i % 2 === 0 ? server : second, owner.email, password, '203.0.113.11'),
    );
    expect(result.evaluated).toBeLessThanOrEqual(FREE);
    expect(result.right.__typename).toBe('TooManyAttemptsError');
  });

  it('lets the owner in from another address while the attacking address waits', async () => {
    const owner = await registerOwner(server);
    const attacker = '203.0.113.12';
    await burst((password) => signIn(server, owner.email, password.replace(PASSWORD, 'still wrong'), attacker));
    expect((await signIn(server, owner.email, PASSWORD, attacker)).__typename).toBe('TooManyAttemptsError');
    const atHome = await signIn(server, owner.email, PASSWORD, '198.51.100.20');
    expect(atHome.__typename).toBe('SignInPayload');
    expect(atHome.token).toBeTruthy();
  });

  it('makes each further attempt wait longer instead of locking the account', async () => {
    const owner = await registerOwner(server);
    const from = '203.0.113.13';
    for (let i = 0; i < FREE; i += 1) await signIn(server, owner.email, `wrong password ${i}`, from);
    const first = await signIn(server, owner.email, 'wrong again', from);
    expect(first).toMatchObject({ __typename: 'TooManyAttemptsError', retryAfterSeconds: 30 });
    server.advanceClock(30_000);
    expect((await signIn(server, owner.email, 'wrong again', from)).__typename).toBe('InvalidCredentialsError');
    expect(await signIn(server, owner.email, PASSWORD, from)).toMatchObject({ retryAfterSeconds: 60 });
    server.advanceClock(60_000);
    expect((await signIn(server, owner.email, PASSWORD, from)).__typename).toBe('SignInPayload');
  });

  it('believes X-Forwarded-For only from a configured proxy', async () => {
    const owner = await registerOwner(direct);
    // Without TRUST_PROXY every request here comes from 127.0.0.1, whatever the header claims.
    const result = await burst((password, i) => signIn(direct, owner.email, password, `192.0.2.${i % 250}`));
    expect(result.evaluated).toBeLessThanOrEqual(FREE);
    expect(result.right.__typename).toBe('TooManyAttemptsError');
  });
});
