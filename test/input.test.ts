import { describe, expect, it } from 'vitest';
import { PASSWORD } from './helpers/accounts.js';
import { companyIdOf, connectCompany, openLiveSocket } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';
import { FollowDocumentEventsDocument, SendDocumentDocument } from './generated/graphql.js';

const server = await startTestServer();
const company = await connectCompany(server);
const companyId = await companyIdOf(server, company.owner.token, company.nip);

const globalId = (text: string) => Buffer.from(text).toString('base64');
const NOT_A_UUID = globalId('Document:not-a-uuid');
const { configurationId } = company.sender;
// A real document, so that a bad id beside a good one is what is refused.
const sent = await server.query(
  SendDocumentDocument,
  { input: { idempotencyKey: 'input-base', document: invoice(company.nip) as never } },
  company.sender.token,
);
if (sent.sendDocument.__typename !== 'SendDocumentPayload') throw new Error('the base document was refused');
const documentId = sent.sendDocument.document.id;

interface Case {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  token: string;
  field: string;
  /** A field below the root: its parent is read first, but nothing of the field itself runs. */
  nested?: true;
}

/** Runs the request twice: once to let the token lookup happen, once to count the SQL it runs. */
async function refusedBeforeSql({ query, variables, token }: Case) {
  await server.gql(query, variables, token);
  let answer: Awaited<ReturnType<typeof server.gql>> | undefined;
  const statements = await server.queriesDuring(async () => {
    answer = await server.gql(query, variables, token);
  });
  return { answer: answer!, statements };
}

const idCases = (): Case[] => [
  {
    name: 'acknowledgeDocuments ids[1]',
    query: 'mutation ($ids: [ID!]!) { acknowledgeDocuments(ids: $ids) { __typename } }',
    variables: { ids: [documentId, NOT_A_UUID] },
    token: company.receiver.token,
    field: 'ids[1]',
  },
  {
    name: 'setDocumentStatus input.documentId',
    query: 'mutation ($input: SetDocumentStatusInput!) { setDocumentStatus(input: $input) { __typename } }',
    variables: { input: { documentId: NOT_A_UUID, status: 'IMPORTED' } },
    token: company.receiver.token,
    field: 'input.documentId',
  },
  {
    name: 'cancelDocument id',
    query: 'mutation ($id: ID!) { cancelDocument(id: $id) { __typename } }',
    variables: { id: NOT_A_UUID },
    token: company.sender.token,
    field: 'id',
  },
  {
    name: 'documents companyId',
    query: 'query ($companyId: ID) { documents(companyId: $companyId) { edges { cursor } } }',
    variables: { companyId: globalId('Company:1; DROP TABLE "Company"') },
    token: company.owner.token,
    field: 'companyId',
  },
  {
    name: 'removeMember membershipId',
    query: 'mutation ($id: ID!) { removeMember(membershipId: $id) { __typename } }',
    variables: { id: globalId('Membership:00000000-0000-0000-0000-00000000000g') },
    token: company.owner.token,
    field: 'membershipId',
  },
  {
    name: 'inviteMember input.companyId',
    query: 'mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { __typename } }',
    variables: { input: { companyId: 'garbage', email: 'x@example.pl', role: 'SENDER' } },
    token: company.owner.token,
    field: 'input.companyId',
  },
  {
    name: 'synchronize configurationId',
    query: 'mutation ($id: ID!) { synchronize(configurationId: $id) { __typename } }',
    variables: { id: globalId('ConnectConfiguration:') },
    token: company.owner.token,
    field: 'configurationId',
  },
];

describe('input that cannot be stored is refused before any SQL, naming the field', () => {
  it.each(idCases().map((c) => [c.name, c] as const))('a global id that is not a UUID: %s', async (_name, c) => {
    const { answer, statements } = await refusedBeforeSql(c);
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: c.field } });
    expect(answer.errors?.[0]?.message).toContain('is not an id Konekt gave out');
    expect(statements).toEqual([]);
  });

  it('an id of another type is refused as such, not as an unexpected error', async () => {
    const { answer, statements } = await refusedBeforeSql({
      name: 'company id as a document id',
      query: 'mutation ($id: ID!) { cancelDocument(id: $id) { __typename } }',
      variables: { id: companyId },
      token: company.sender.token,
      field: 'id',
    });
    expect(answer.errors?.[0]).toMatchObject({
      message: 'id: this is the id of a Company, not of a Document',
      extensions: { code: 'BAD_USER_INPUT', field: 'id' },
    });
    expect(statements).toEqual([]);
  });

  it('refuses a NUL character or a lone surrogate in any text, nested fields and field arguments included', async () => {
    const document = invoice(company.nip) as { seller: Record<string, unknown>; lines: Record<string, unknown>[] };
    const cases: Case[] = [
      {
        name: 'NUL in a seller name',
        query: 'mutation ($input: SendDocumentInput!) { sendDocument(input: $input) { __typename } }',
        variables: {
          input: { idempotencyKey: 'nul', document: { ...document, seller: { ...document.seller, name: 'A\u0000B' } } },
        },
        token: company.sender.token,
        field: 'input.document.seller.name',
      },
      {
        name: 'lone surrogate in a line name',
        query: 'mutation ($input: SendDocumentInput!) { sendDocument(input: $input) { __typename } }',
        variables: {
          input: {
            idempotencyKey: 'surrogate',
            document: { ...document, lines: [{ ...document.lines[0], name: 'pół\uD83D' }, ...document.lines.slice(1)] },
          },
        },
        token: company.sender.token,
        field: 'input.document.lines[0].name',
      },
      {
        name: 'NUL in a search filter',
        query: 'query ($search: String) { documents(filter: { search: $search }) { edges { cursor } } }',
        variables: { search: 'FV\u0000' },
        token: company.receiver.token,
        field: 'filter.search',
      },
      {
        name: "a low surrogate alone in the search of a configuration's documents",
        query:
          'query ($id: ID!, $search: String) { connectConfiguration(id: $id) { documents(filter: { search: $search }) { edges { cursor } } } }',
        variables: { id: configurationId, search: '\uDC00x' },
        token: company.owner.token,
        field: 'filter.search',
        nested: true,
      },
      {
        name: 'NUL in an idempotency key',
        query: 'mutation ($input: SendDocumentInput!) { sendDocument(input: $input) { __typename } }',
        variables: { input: { idempotencyKey: 'k\u0000', document } },
        token: company.sender.token,
        field: 'input.idempotencyKey',
      },
    ];
    for (const c of cases) {
      const { answer, statements } = await refusedBeforeSql(c);
      expect(answer.errors?.[0]?.extensions, c.name).toMatchObject({ code: 'BAD_USER_INPUT', field: c.field });
      if (c.nested) expect(statements.filter((sql) => sql.includes('"Document"'))).toEqual([]);
      else expect(statements, c.name).toEqual([]);
    }
    const registered = await server.gql(
      'mutation ($input: RegisterInput!) { register(input: $input) { __typename } }',
      { input: { companyName: 'Firma\u0000', nip: company.nip, email: 'nul@example.pl' } },
    );
    expect(registered.errors?.[0]).toMatchObject({
      message: 'input.companyName contains a NUL character (U+0000), which text may not contain',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.companyName' },
    });
    const signIn = await server.gql('mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }', {
      input: { email: company.owner.email, password: `${PASSWORD}\uD800` },
    });
    expect(signIn.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.password' });
  });

  it('refuses event cursors beyond the integer column and list cursors with a bad id, over HTTP and WebSocket', async () => {
    for (const after of ['2147483648', '9999999999']) {
      const page = await server.gql(
        'query ($after: String) { documentEvents(after: $after) { edges { cursor } } }',
        { after },
        company.receiver.token,
      );
      expect(page.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      const feed = subscribe(server.wsClient(company.receiver.token), FollowDocumentEventsDocument, { after });
      await expect(feed.take(1)).rejects.toThrow(/BAD_USER_INPUT/);
      feed.close();
    }
    const cursor = (text: string) => Buffer.from(text).toString('base64url');
    for (const after of [
      cursor('2026-11-28T10:00:00.000Z|not-a-uuid'),
      cursor("2026-11-28T10:00:00.000Z|00000000-0000-0000-0000-000000000000' OR 1=1"),
      cursor('+275760-09-13T00:00:00.000Z|00000000-0000-0000-0000-000000000000|x'),
      cursor('0000-01-01|00000000-0000-0000-0000-000000000000'),
    ]) {
      const { answer, statements } = await refusedBeforeSql({
        name: 'list cursor',
        query: 'query ($after: String) { documents(after: $after) { edges { cursor } } }',
        variables: { after },
        token: company.receiver.token,
        field: 'after',
      });
      expect(answer.errors?.[0]).toMatchObject({
        message: 'Not a cursor of this list',
        extensions: { code: 'BAD_USER_INPUT', field: 'after' },
      });
      expect(statements).toEqual([]);
    }
  });

  it('ends only the operation that does not parse over WebSocket, not the socket', async () => {
    const socket = await openLiveSocket(server, company.receiver.token);
    await expect(socket.run('subscription { documentEvents(after: ')).rejects.toEqual([
      expect.objectContaining({ message: expect.stringContaining('Syntax Error') }),
    ]);
    const feed = subscribe(socket.client, FollowDocumentEventsDocument, {});
    expect(await feed.take(1)).toHaveLength(1);
    feed.close();
    expect(socket.isClosed()).toBe(false);
  });

  it('refuses dates PostgreSQL cannot store, naming the variable', async () => {
    const answer = await server.gql(
      'query ($from: Date) { documents(filter: { dateFrom: $from }) { edges { cursor } } }',
      { from: '0000-01-01' },
      company.receiver.token,
    );
    expect(answer.status).toBe(400);
    expect(answer.errors?.[0]?.message).toContain('0000-01-01 is not a calendar date');
    expect(answer.errors?.[0]?.message).toContain('$from');
  });
});
