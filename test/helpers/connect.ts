import { createClient, type Client } from 'graphql-ws';
import { afterAll, expect } from 'vitest';
import WebSocket from 'ws';
import {
  ActivateAccountDocument,
  ConnectWizardSignInDocument,
  EnterExchangePasswordDocument,
  FinishConnectWizardDocument,
  MeDocument,
  SetExchangeParticipantsDocument,
  StartConnectWizardDocument,
  type ProgramKind,
} from '../generated/graphql.js';
import { PASSWORD } from './accounts.js';
import { tokenOf, type TestServer } from './server.js';

// Registered when this module loads: a hook registered inside a test body would never run.
const liveClients = new Set<Client>();
afterAll(() => Promise.all([...liveClients].map((client) => client.dispose())));

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

/** Takes the activation mail sent to `email` and sets the password through it. */
export async function activateFromMail(server: TestServer, email: string, password = PASSWORD) {
  const mail = await server.smtp.take(email, /Aktywuj/);
  const { activateAccount } = await server.query(ActivateAccountDocument, {
    input: { token: tokenOf(mail.links[0]!), password },
  });
  expect(activateAccount).toMatchObject({ __typename: 'AccountPayload', account: { status: 'ACTIVE' } });
  return mail;
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
  const { configurationId, wizardToken } = await startWizard(server, {
    program: options.program ?? 'HANDEL',
    companyNip: owner.nip,
    path: 'OWNER',
  });
  const signIn = await server.query(
    ConnectWizardSignInDocument,
    { input: { configurationId, email: owner.email, password: owner.password } },
    wizardToken,
  );
  expect(signIn.connectWizardSignIn).toMatchObject({ configuration: { currentStep: 'PARTICIPANTS' } });
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
  liveClients.add(client);
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
