import { expect } from 'vitest';
import { sampleInvoice } from '../../src/client/sample.js';
import { PASSWORD, registerOwner } from './accounts.js';
import { tokenOf, type TestServer } from './server.js';

type Plan = 'FREE' | 'STANDARD' | 'BUSINESS';
type Program =
  | 'FAKTURA_START'
  | 'HANDEL_START'
  | 'HANDEL'
  | 'HANDEL_MAGAZYN'
  | 'MALA_KSIEGOWOSC_START'
  | 'FINANSE_KSIEGOWOSC';

async function must<T>(server: TestServer, query: string, variables: unknown, token?: string): Promise<T> {
  const result = await server.gql<T, unknown>(query, variables, token);
  if (result.errors?.length || !result.data)
    throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/**
 * A company connected end to end through the public API: the owner runs the wizard for the sales
 * program, both exchange users activate from their mails, the sales program enters its password,
 * and the receiving user configures the accounting program along the invited path.
 */
export async function connectCompany(
  server: TestServer,
  options: { plan?: Plan; salesProgram?: Program; accountingProgram?: Program; nip?: string } = {},
) {
  const owner = await registerOwner(server, { plan: options.plan ?? 'BUSINESS', nip: options.nip });
  const suffix = Math.random().toString(36).slice(2, 10);
  const senderEmail = `sender-${suffix}@example.pl`;
  const receiverEmail = `receiver-${suffix}@example.pl`;

  const start = `mutation ($input: StartConnectWizardInput!) { startConnectWizard(input: $input) {
    ... on StartConnectWizardPayload { wizardToken configuration { id } } ... on Error { code message } } }`;
  const started = await must<{ startConnectWizard: { wizardToken: string; configuration: { id: string } } }>(
    server,
    start,
    {
      input: { program: options.salesProgram ?? 'HANDEL', companyNip: owner.nip, path: 'OWNER' },
    },
  );
  const salesId = started.startConnectWizard.configuration.id;
  const wizard = started.startConnectWizard.wizardToken;
  await must(
    server,
    `mutation ($input: ConnectWizardSignInInput!) { connectWizardSignIn(input: $input) { __typename } }`,
    {
      input: { configurationId: salesId, email: owner.email, password: PASSWORD },
    },
    wizard,
  );
  await must(
    server,
    `mutation ($input: SetExchangeParticipantsInput!) { setExchangeParticipants(input: $input) { __typename } }`,
    {
      input: { configurationId: salesId, senderEmail, receiverEmail },
    },
    wizard,
  );
  const finished = await must<{ finishConnectWizard: { __typename: string } }>(
    server,
    `mutation ($id: ID!) { finishConnectWizard(configurationId: $id) { __typename } }`,
    { id: salesId },
    wizard,
  );
  expect(finished.finishConnectWizard.__typename).toBe('FinishConnectWizardPayload');

  for (const email of [senderEmail, receiverEmail]) {
    const mail = await server.smtp.take(email, /Aktywuj/);
    await must(server, `mutation ($input: SetPasswordInput!) { activateAccount(input: $input) { __typename } }`, {
      input: { token: tokenOf(mail.links[0]!), password: PASSWORD },
    });
  }
  const entered = await must<{ enterExchangePassword: { programToken?: string } }>(
    server,
    `mutation ($input: EnterExchangePasswordInput!) { enterExchangePassword(input: $input) { ... on EnterExchangePasswordPayload { programToken } ... on Error { code message } } }`,
    { input: { configurationId: salesId, password: PASSWORD } },
  );
  const senderToken = entered.enterExchangePassword.programToken!;
  expect(senderToken).toBeTruthy();

  const invited = await must<{ startConnectWizard: { wizardToken: string; configuration: { id: string } } }>(
    server,
    start,
    {
      input: { program: options.accountingProgram ?? 'FINANSE_KSIEGOWOSC', companyNip: owner.nip, path: 'INVITED' },
    },
  );
  const accountingId = invited.startConnectWizard.configuration.id;
  await must(
    server,
    `mutation ($input: ConnectWizardSignInInput!) { connectWizardSignIn(input: $input) { __typename } }`,
    {
      input: { configurationId: accountingId, email: receiverEmail, password: PASSWORD },
    },
    invited.startConnectWizard.wizardToken,
  );
  const done = await must<{ finishConnectWizard: { programToken?: string } }>(
    server,
    `mutation ($id: ID!) { finishConnectWizard(configurationId: $id) { ... on FinishConnectWizardPayload { programToken } } }`,
    { id: accountingId },
    invited.startConnectWizard.wizardToken,
  );
  const receiverToken = done.finishConnectWizard.programToken!;
  expect(receiverToken).toBeTruthy();

  return {
    owner,
    nip: owner.nip,
    sender: { email: senderEmail, token: senderToken, configurationId: salesId },
    receiver: { email: receiverEmail, token: receiverToken, configurationId: accountingId },
  };
}

export type ConnectedCompany = Awaited<ReturnType<typeof connectCompany>>;

let documentCounter = 0;

/** A valid invoice from the company: 2 × 100.00 at 23% plus 1 × 10.00 at 8%. */
export function invoice(sellerNip: string, overrides: Record<string, unknown> = {}) {
  documentCounter += 1;
  return { ...sampleInvoice(sellerNip, `FV/${documentCounter}/${Date.now()}`), ...overrides };
}
