import { createClient, type Client } from 'graphql-ws';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { schema } from '../src/schema/index.js';
import { SendDocumentDocument } from './generated/graphql.js';
import { PASSWORD } from './helpers/accounts.js';
import { connectCompany, startWizard, type ConnectedCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { ArgumentGenerator, callOf, type IdsByType } from './helpers/generate.js';
import { officeWithClients, send } from './helpers/offices.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();
const db = server.app.services.db;
const clients: Client[] = [];
afterAll(async () => {
  for (const client of clients) await client.dispose();
});

type TokenKind = 'anonymous' | 'wizard' | 'session' | 'sender' | 'receiver' | 'office';
const KINDS: TokenKind[] = ['anonymous', 'wizard', 'session', 'sender', 'receiver', 'office'];
/** Answers a foreign token may get: refusals, and the typed results of its own attempts. */
const REFUSALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT']);

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;

async function gqlData<T>(query: string, variables: Record<string, unknown>, token: string) {
  const result = await server.gql<T, unknown>(query, variables, token);
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** The victim: a connected company with documents, memberships, configurations and a draft. */
async function victimCompany() {
  const company = await connectCompany(server);
  for (const key of ['first', 'second']) {
    await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: key, document: invoice(company.nip) as never } },
      company.sender.token,
    );
  }
  // A draft of the victim's owner, signed in and waiting for its participants.
  const draft = await startWizard(server, { program: 'HANDEL', companyNip: company.nip, path: 'OWNER' });
  await gqlData(
    'mutation ($input: ConnectWizardSignInInput!) { connectWizardSignIn(input: $input) { __typename } }',
    { input: { configurationId: draft.configurationId, email: company.owner.email, password: PASSWORD } },
    draft.wizardToken,
  );
  const { me } = await gqlData<{ me: { id: string; memberships: { company: { id: string; name: string } }[] } }>(
    '{ me { id memberships { company { id name } } } }',
    {},
    company.owner.token,
  );
  const companyId = me.memberships[0]!.company.id;
  const { companyMembers } = await gqlData<{ companyMembers: { id: string; account: { id: string } }[] }>(
    'query ($id: ID!) { companyMembers(companyId: $id) { id account { id } } }',
    { id: companyId },
    company.owner.token,
  );
  const { documents } = await gqlData<{ documents: { edges: { node: { id: string; number: string } }[] } }>(
    '{ documents { edges { node { id number } } } }',
    {},
    company.sender.token,
  );
  // An invitation the victim's owner sent and nobody answered yet.
  const invitedEmail = `invited-${Math.random().toString(36).slice(2, 10)}@example.pl`;
  const { inviteMember } = await gqlData<{ inviteMember: { invitation?: { id: string } } }>(
    'mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { ... on InvitationPayload { invitation { id } } } }',
    { input: { companyId, email: invitedEmail, role: 'RECEIVER' } },
    company.owner.token,
  );
  const ids: IdsByType = {
    Invitation: [inviteMember.invitation!.id],
    Document: documents.edges.map((edge) => edge.node.id),
    ConnectConfiguration: [company.sender.configurationId, company.receiver.configurationId, draft.configurationId],
    Membership: companyMembers.map((member) => member.id),
    Company: [companyId],
  };
  const accounts = [...new Set(companyMembers.map((member) => member.account.id))];
  // What must never reach another company: every id (global and raw), the NIP, the e-mails, the numbers.
  const secrets = [
    ...Object.values(ids).flat(),
    ...Object.values(ids).flat().map(rawId),
    ...accounts,
    ...accounts.map(rawId),
    company.nip,
    company.owner.email,
    company.sender.email,
    company.receiver.email,
    invitedEmail,
    me.memberships[0]!.company.name,
    ...documents.edges.map((edge) => edge.node.number),
  ];
  return { company, ids, secrets, companyId: rawId(companyId), accountIds: accounts.map(rawId) };
}

type Victim = Awaited<ReturnType<typeof victimCompany>>;

/** Every row of the victim's, as stored, by table: any change shows up as a difference. */
async function snapshot(victim: Victim) {
  const companyId = victim.companyId;
  const configurationIds = victim.ids.ConnectConfiguration!.map(rawId);
  const documents = await db.document.findMany({ where: { companyId }, orderBy: { id: 'asc' } });
  const documentIds = documents.map((document) => document.id);
  const rows = {
    company: await db.company.findMany({ where: { id: companyId } }),
    memberships: await db.membership.findMany({ where: { companyId }, orderBy: { id: 'asc' } }),
    invitations: await db.invitation.findMany({ where: { companyId }, orderBy: { id: 'asc' } }),
    accounts: await db.account.findMany({ where: { id: { in: victim.accountIds } }, orderBy: { id: 'asc' } }),
    tokens: await db.authToken.findMany({
      where: { OR: [{ accountId: { in: victim.accountIds } }, { configurationId: { in: configurationIds } }] },
      orderBy: { id: 'asc' },
    }),
    configurations: await db.connectConfiguration.findMany({
      where: { OR: [{ companyId }, { id: { in: configurationIds } }] },
      orderBy: { id: 'asc' },
    }),
    documents,
    versions: await db.documentVersion.findMany({
      where: { documentId: { in: documentIds } },
      orderBy: [{ documentId: 'asc' }, { version: 'asc' }],
    }),
    attachments: await db.attachment.findMany({ where: { documentId: { in: documentIds } }, orderBy: { id: 'asc' } }),
    events: await db.documentEvent.findMany({ where: { companyId }, orderBy: { sequence: 'asc' } }),
    sendRequests: await db.sendRequest.findMany({ where: { companyId }, orderBy: { idempotencyKey: 'asc' } }),
  };
  expect(rows.documents.length).toBeGreaterThan(0);
  const text = (found: unknown) =>
    JSON.stringify(found, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  return Object.fromEntries(Object.entries(rows).map(([table, found]) => [table, text(found)]));
}

/**
 * The attacker's tokens of every kind, an accounting office's program (serving companies of its own)
 * among them; the session is signed in afresh for each call (signOut may end it).
 */
async function attackerTokens(attacker: ConnectedCompany) {
  const { wizardToken } = await startWizard(server, { program: 'HANDEL', companyNip: attacker.nip, path: 'OWNER' });
  const office = await officeWithClients(server, 2);
  // One event in the office's own feed, so that its subscriptions show they are live.
  await send(server, office.clients[0]!, 'own');
  return async (kind: TokenKind): Promise<string | undefined> => {
    switch (kind) {
      case 'anonymous':
        return undefined;
      case 'wizard':
        return wizardToken;
      case 'session':
        return server.signIn(attacker.owner.email, PASSWORD);
      case 'sender':
        return attacker.sender.token;
      case 'receiver':
        return attacker.receiver.token;
      case 'office':
        return office.token;
    }
  };
}

const leaked = (text: string, secrets: string[]) => secrets.filter((secret) => text.includes(secret));

describe('tenant isolation, generated from the schema', () => {
  it(
    'gives no data of another company and changes nothing of it, for every root field and every foreign token',
    { timeout: 240_000 },
    async () => {
      const victim = await victimCompany();
      const attacker = await connectCompany(server);
      const tokenOf = await attackerTokens(attacker);
      const before = await snapshot(victim);

      const roots = [
        ['query', schema.getQueryType()],
        ['mutation', schema.getMutationType()],
      ] as const;
      const called = new Set<string>();
      const problems: string[] = [];
      for (const [operation, type] of roots) {
        for (const field of Object.values(type!.getFields())) {
          const variants = ArgumentGenerator.variantsOf(field, victim.ids);
          for (let variant = 0; variant < variants; variant += 1) {
            const call = callOf(schema, operation, field, new ArgumentGenerator(victim.ids, variant));
            // The kinds of token at once: each call stands alone, as different attackers' would.
            const results = await Promise.all(
              KINDS.map(async (kind) => ({
                kind,
                result: await server.gql(call.query, call.variables, await tokenOf(kind)),
              })),
            );
            called.add(`${type!.name}.${field.name}`);
            for (const { kind, result } of results) {
              for (const secret of leaked(JSON.stringify(result), victim.secrets))
                problems.push(`${field.name} as ${kind} leaked ${secret}`);
              for (const error of result.errors ?? []) {
                const code = error.extensions?.code ?? 'none';
                if (!REFUSALS.has(code)) problems.push(`${field.name} as ${kind}: ${code} ${error.message}`);
              }
            }
          }
        }
      }
      expect(problems).toEqual([]);
      const after = await snapshot(victim);
      expect(Object.keys(before).filter((table) => before[table] !== after[table])).toEqual([]);

      const every = roots.flatMap(([, type]) => Object.keys(type!.getFields()).map((name) => `${type!.name}.${name}`));
      expect([...called].sort()).toEqual(every.sort());
    },
  );

  it('streams nothing of another company to a subscription with a foreign token', { timeout: 120_000 }, async () => {
    const victim = await victimCompany();
    const attacker = await connectCompany(server);
    // One event of the attacker's own, so its program subscriptions show they are live.
    await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'own', document: invoice(attacker.nip) as never } },
      attacker.sender.token,
    );
    const tokenOf = await attackerTokens(attacker);
    const subscriptions = schema.getSubscriptionType()!.getFields();
    const received = new Map<string, unknown[]>();
    const live: Promise<unknown>[] = [];
    for (const field of Object.values(subscriptions)) {
      const call = callOf(schema, 'subscription', field, new ArgumentGenerator(victim.ids, 0));
      for (const kind of [...KINDS, 'victim'] as const) {
        const token = kind === 'victim' ? victim.company.receiver.token : await tokenOf(kind);
        const client = createClient({
          url: server.url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          connectionParams: token ? { authorization: `Bearer ${token}` } : {},
          retryAttempts: 0,
        });
        clients.push(client);
        const messages: unknown[] = [];
        received.set(`${field.name} as ${kind}`, messages);
        live.push(
          new Promise((settle) =>
            client.subscribe(
              { query: call.query, variables: call.variables },
              {
                next: (message) => settle(messages.push(message)),
                error: (error) => settle(messages.push(error)),
                complete: () => settle(0),
              },
            ),
          ),
        );
      }
    }
    // Every subscription has answered (its first event, or its refusal); then the victim sends.
    await Promise.all(live);
    const number = `FV/LIVE/${Date.now()}`;
    await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'live', document: invoice(victim.company.nip, { number }) as never } },
      victim.company.sender.token,
    );
    const own = received.get(`${Object.keys(subscriptions)[0]} as victim`)!;
    await expect.poll(() => JSON.stringify(own)).toContain(number);

    for (const [name, messages] of received) {
      if (name.endsWith('as victim')) continue;
      expect(leaked(JSON.stringify(messages), [...victim.secrets, number]), name).toEqual([]);
    }
    // The attacker's programs got their own event and nothing after it.
    expect(received.get('documentEvents as sender')).toMatchObject([{ data: { documentEvents: { kind: 'SENT' } } }]);
    expect(received.get('officeDocumentEvents as office')).toMatchObject([
      { data: { officeDocumentEvents: { event: { kind: 'SENT' } } } },
    ]);
  });
});
