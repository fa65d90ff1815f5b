import { createClient, type Client } from 'graphql-ws';
import { expect } from 'vitest';
import WebSocket from 'ws';
import {
  AcceptInvitationDocument,
  ActivateAccountDocument,
  ConnectConfigurationDocument,
  ConnectWizardSignInDocument,
  EnterExchangePasswordDocument,
  FinishConnectWizardDocument,
  MeDocument,
  MyInvitationsDocument,
  SetExchangeParticipantsDocument,
  StartConnectWizardDocument,
  TestConnectionDocument,
  type ProgramKind,
} from '../generated/graphql.js';
import { PASSWORD, registerOwner } from './accounts.js';
import { disposeAfterAll } from './dispose.js';
import { tokenOf, type GraphQLResponse, type TestServer } from './server.js';

export const uniqueEmail = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}@example.pl`;

/** Step 1 of the wizard; returns the draft's id and the wizard token for the next steps. */
export async function startWizard(
  server: TestServer,
  input: { program: ProgramKind; companyNip: string; path: 'OWNER' | 'INVITED' },
) {
  const { startConnectWizard } = await server.query(StartConnectWizardDocument, { input });
  if (startConnectWizard.__typename !== 'StartConnectWizardPayload') {
    throw new Error(`startConnectWizard failed: ${JSON.stringify(startConnectWizard)}`);
  }
  return {
    configurationId: startConnectWizard.configuration.id,
    wizardToken: startConnectWizard.wizardToken,
    configuration: startConnectWizard.configuration,
  };
}

type Draft = { configurationId: string; wizardToken: string };

/** Step 1 of the owner path for the owner's own company. */
export function ownerDraft(server: TestServer, owner: { nip: string }, program: ProgramKind = 'HANDEL') {
  return startWizard(server, { program, companyNip: owner.nip, path: 'OWNER' });
}

/** connectWizardSignIn with the draft's wizard token (the test password unless another is given). */
export async function signInToDraft(server: TestServer, draft: Draft, account: { email: string; password?: string }) {
  const { connectWizardSignIn } = await server.query(
    ConnectWizardSignInDocument,
    { input: { configurationId: draft.configurationId, email: account.email, password: account.password ?? PASSWORD } },
    draft.wizardToken,
  );
  return connectWizardSignIn;
}

/** The owner path up to the participants step: a draft the owner has signed in to. */
export async function ownerSignedIn(
  server: TestServer,
  owner: { email: string; nip: string; password: string },
  program: ProgramKind = 'HANDEL',
) {
  const draft = await ownerDraft(server, owner, program);
  expect(await signInToDraft(server, draft, owner)).toMatchObject({ configuration: { currentStep: 'PARTICIPANTS' } });
  return draft;
}

/** The configuration as the bearer of `token` sees it. */
export async function configurationAs(server: TestServer, id: string, token: string) {
  return (await server.query(ConnectConfigurationDocument, { id }, token)).connectConfiguration;
}

/** Every check of "Test połączenia" passes with the program token. */
export async function expectConnected(server: TestServer, configurationId: string, programToken: string) {
  const { testConnection } = await server.query(TestConnectionDocument, { configurationId }, programToken);
  for (const check of testConnection.checks) expect(check, check.name).toMatchObject({ ok: true });
  expect(testConnection.ok).toBe(true);
  return testConnection;
}

/** The `extensions.code` of the first GraphQL error. */
export const codeOf = (result: GraphQLResponse<unknown>) => result.errors?.[0]?.extensions?.code;

/** Takes the activation mail sent to `email` and sets the password through it. */
export async function activateFromMail(server: TestServer, email: string, password = PASSWORD) {
  const mail = await server.smtp.take(email, /Aktywuj/);
  const { activateAccount } = await server.query(ActivateAccountDocument, {
    input: { token: tokenOf(mail.links[0]!), password },
  });
  expect(activateAccount).toMatchObject({ __typename: 'AccountPayload', account: { status: 'ACTIVE' } });
  return mail;
}

/** The invited account signs in and accepts its pending invitation to the company (the first, with several roles). */
export async function acceptInvitationAs(server: TestServer, email: string, companyId: string, password = PASSWORD) {
  const session = await server.signIn(email, password);
  const { myInvitations } = await server.query(MyInvitationsDocument, {}, session);
  const invitation = myInvitations.find((i) => i.company.id === companyId);
  if (!invitation) throw new Error(`${email} has no invitation to ${companyId}`);
  const { acceptInvitation } = await server.query(AcceptInvitationDocument, { invitationId: invitation.id }, session);
  expect(acceptInvitation).toMatchObject({ __typename: 'InvitationPayload', invitation: { status: 'ACCEPTED' } });
  return { session, invitation };
}

/** The global id of the (only) company the signed-in owner owns with this NIP. */
export async function companyIdOf(server: TestServer, ownerToken: string, nip: string) {
  const { me } = await server.query(MeDocument, {}, ownerToken);
  const company = me?.memberships.find((m) => m.role === 'OWNER' && m.company.nip === nip)?.company;
  if (!company) throw new Error(`the owner owns no company with NIP ${nip}`);
  return company.id;
}

/**
 * The owner path through Finish: sign in as the owner, name both participants, finish. The
 * participants' accounts are then pending activation (unless they existed already).
 */
export async function ownerWizard(
  server: TestServer,
  owner: { email: string; nip: string; password: string },
  options: { program?: ProgramKind; senderEmail?: string; receiverEmail?: string } = {},
) {
  const senderEmail = options.senderEmail ?? uniqueEmail('sender');
  const receiverEmail = options.receiverEmail ?? uniqueEmail('receiver');
  const { configurationId, wizardToken } = await ownerSignedIn(server, owner, options.program);
  const participants = await server.query(
    SetExchangeParticipantsDocument,
    { input: { configurationId, senderEmail, receiverEmail } },
    wizardToken,
  );
  expect(participants.setExchangeParticipants).toMatchObject({ configuration: { currentStep: 'SUMMARY' } });
  const { finishConnectWizard } = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
  if (finishConnectWizard.__typename !== 'FinishConnectWizardPayload') {
    throw new Error(`finishConnectWizard failed: ${JSON.stringify(finishConnectWizard)}`);
  }
  return { configurationId, wizardToken, senderEmail, receiverEmail, finished: finishConnectWizard };
}

/** "Wprowadź hasło" without a bearer: returns the program token. */
export async function enterPassword(server: TestServer, configurationId: string, password = PASSWORD) {
  const { enterExchangePassword } = await server.query(EnterExchangePasswordDocument, {
    input: { configurationId, password },
  });
  if (enterExchangePassword.__typename !== 'EnterExchangePasswordPayload') {
    throw new Error(`enterExchangePassword failed: ${JSON.stringify(enterExchangePassword)}`);
  }
  expect(enterExchangePassword.configuration.status).toBe('ACTIVE');
  return enterExchangePassword.programToken;
}

/**
 * The owner path to the end: participants activated from their mails, the program's password
 * entered. Returns the program token of the (sales, by default) configuration.
 */
export async function activeOwnerConfiguration(
  server: TestServer,
  owner: { email: string; nip: string; password: string },
  options: { program?: ProgramKind } = {},
) {
  const wizard = await ownerWizard(server, owner, options);
  await activateFromMail(server, wizard.senderEmail);
  await activateFromMail(server, wizard.receiverEmail);
  const programToken = await enterPassword(server, wizard.configurationId);
  return { ...wizard, programToken };
}

/**
 * The invited path to the end: the invited account signs in, Finish gives the program token at
 * once. Returns the configuration's id and that token.
 */
export async function invitedConfiguration(
  server: TestServer,
  input: { program: ProgramKind; companyNip: string; email: string; password?: string },
) {
  const { configurationId, wizardToken } = await startWizard(server, {
    program: input.program,
    companyNip: input.companyNip,
    path: 'INVITED',
  });
  const { connectWizardSignIn } = await server.query(
    ConnectWizardSignInDocument,
    { input: { configurationId, email: input.email, password: input.password ?? PASSWORD } },
    wizardToken,
  );
  expect(connectWizardSignIn).toMatchObject({ configuration: { currentStep: 'SUMMARY' } });
  const { finishConnectWizard } = await server.query(FinishConnectWizardDocument, { configurationId }, wizardToken);
  if (finishConnectWizard.__typename !== 'FinishConnectWizardPayload' || !finishConnectWizard.programToken) {
    throw new Error(`finishConnectWizard failed: ${JSON.stringify(finishConnectWizard)}`);
  }
  return { configurationId, programToken: finishConnectWizard.programToken };
}

/**
 * A company connected end to end through the public API: the owner runs the wizard for the sales
 * program, both exchange users activate from their mails, the sales program enters its password,
 * and the receiving user configures the accounting program along the invited path.
 */
export async function connectCompany(
  server: TestServer,
  options: {
    plan?: 'FREE' | 'STANDARD' | 'BUSINESS';
    salesProgram?: ProgramKind;
    accountingProgram?: ProgramKind;
    nip?: string;
  } = {},
) {
  const owner = await registerOwner(server, { plan: options.plan ?? 'BUSINESS', nip: options.nip });
  const sales = await activeOwnerConfiguration(server, owner, { program: options.salesProgram ?? 'HANDEL' });
  const accounting = await invitedConfiguration(server, {
    program: options.accountingProgram ?? 'FINANSE_KSIEGOWOSC',
    companyNip: owner.nip,
    email: sales.receiverEmail,
  });
  return {
    owner,
    nip: owner.nip,
    sender: { email: sales.senderEmail, token: sales.programToken, configurationId: sales.configurationId },
    receiver: {
      email: sales.receiverEmail,
      token: accounting.programToken,
      configurationId: accounting.configurationId,
    },
  };
}

export type ConnectedCompany = Awaited<ReturnType<typeof connectCompany>>;

export interface LiveSocket {
  client: Client;
  /** Resolves with the close code and reason once the socket closes; rejects if it is still open after `timeoutMs`. */
  closed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  isClosed(): boolean;
  /** Runs one operation over the socket and resolves with its single result. */
  run(query: string, variables?: Record<string, unknown>): Promise<unknown>;
}

/**
 * A graphql-ws client that connects at once and keeps its socket open between operations (the
 * lazy client of server.wsClient closes it after the last operation, which would hide whether the
 * server closed it). Disposed after the test file.
 */
export async function openLiveSocket(server: TestServer, token: string): Promise<LiveSocket> {
  let closedWith: { code: number; reason: string } | undefined;
  let onClosed: (value: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  let onConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createClient({
    url: server.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closedWith = { code, reason };
        onClosed(closedWith);
      },
    },
  });
  disposeAfterAll(() => client.dispose());
  await Promise.race([
    connected,
    closed.then((event) => {
      throw new Error(`the socket closed before it was acknowledged: ${JSON.stringify(event)}`);
    }),
  ]);
  return {
    client,
    closed: (timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the socket is still open after ${timeoutMs} ms`)), timeoutMs);
        void closed.then((event) => {
          clearTimeout(timer);
          resolve(event);
        });
      }),
    isClosed: () => closedWith !== undefined,
    run: (query, variables) =>
      new Promise((resolve, reject) => {
        client.subscribe({ query, variables }, { next: resolve, error: reject, complete: () => undefined });
      }),
  };
}
