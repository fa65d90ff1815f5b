import { RECEIVE_PAGE } from '../src/cli/receive.js';
import { print, type FormattedExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentEventsDocument, SendDocumentDocument } from '../packages/client/src/generated/graphql.js';
import { registerOwner } from './helpers/accounts.js';
import { connectCompany, openLiveSocket } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { startTestServer, type GraphQLResponse } from './helpers/server.js';

const server = await startTestServer();
// A deadline no operation that touches the database or argon2 can meet.
const hurried = await startTestServer({ QUERY_TIMEOUT_MS: '1' });

const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
const nested = (levels: number) => `{ me { ${'memberships { account { '.repeat(levels)}id${' } }'.repeat(levels)} } }`;
const limitOf = (result: GraphQLResponse<unknown>) => result.errors?.[0]?.extensions as Record<string, unknown>;

describe('operation limits', () => {
  it('refuses 10,000 aliases of me while another client is answered meanwhile', async () => {
    const owner = await registerOwner(server);
    const [attack, other] = await Promise.all([
      server.gql(aliases(10_000), {}, owner.token),
      server.gql('{ plans { code monthlyDocumentLimit } }'),
    ]);
    expect(attack.status).toBe(400);
    expect(attack.data ?? null).toBeNull();
    expect(limitOf(attack)).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'tokens', max: 2000 });
    expect(attack.errors![0]!.message).toContain('more than 2000 tokens');
    expect(other.errors).toBeUndefined();
    expect(other.data).toMatchObject({ plans: expect.arrayContaining([{ code: 'FREE', monthlyDocumentLimit: 5 }]) });
  });

  it('refuses more aliases than allowed even when the operation is short', async () => {
    const result = await server.gql(aliases(16));
    expect(result.status).toBe(400);
    expect(limitOf(result)).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'aliases', max: 15, found: 16 });
    expect((await server.gql(aliases(15))).errors).toBeUndefined();
  });

  it('refuses deep nesting before any SQL statement runs', async () => {
    const owner = await registerOwner(server);
    let result: GraphQLResponse<unknown> | undefined;
    const statements = await server.queriesDuring(async () => {
      result = await server.gql(nested(40), {}, owner.token);
    });
    expect(limitOf(result!)).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'depth', max: 8 });
    expect(statements).toEqual([]);
    expect((await server.gql(nested(3), {}, owner.token)).errors).toBeUndefined();
  });

  it('refuses more directives than allowed', async () => {
    const result = await server.gql(`{ plans { ${'code @include(if: true) '.repeat(11)} } }`);
    expect(limitOf(result)).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'directives', max: 10 });
  });

  it('costs a list by its first, written in the query or passed as a variable', async () => {
    const company = await connectCompany(server);
    await server.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'costed', document: invoice(company.nip) as never } },
      company.sender.token,
    );
    const literal = print(DocumentEventsDocument).replace('first: $first', 'first: 500');
    let refused: GraphQLResponse<unknown> | undefined;
    const statements = await server.queriesDuring(async () => {
      refused = await server.gql(literal, {}, company.receiver.token);
    });
    expect(limitOf(refused!)).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'cost', max: 100_000 });
    expect(refused!.errors![0]!.message).toMatch(/would cost \d+/);
    expect(statements).toEqual([]);

    const asVariable = await server.gql(DocumentEventsDocument, { first: 500 }, company.receiver.token);
    expect(limitOf(asVariable)).toMatchObject({ code: 'OPERATION_LIMIT', limit: 'cost' });
    // The client's own page size (konekt receive's) stays within the limit.
    const page = await server.query(DocumentEventsDocument, { first: RECEIVE_PAGE }, company.receiver.token);
    expect(page.documentEvents.edges).toHaveLength(1);
  });

  it('says a limit in the language of whoever asks, also for a cached operation', async () => {
    const ask = async (lang: string) => {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': lang },
        body: JSON.stringify({ query: aliases(20) }),
      });
      return ((await response.json()) as GraphQLResponse<unknown>).errors![0]!.message;
    };
    expect(await ask('en')).toBe('The operation uses more than 15 aliases');
    expect(await ask('pl')).toBe('Operacja używa więcej niż 15 aliasów');
    expect(await ask('en')).toBe('The operation uses more than 15 aliases');
  });

  it('applies the same limits over WebSocket, and the socket stays usable', async () => {
    const owner = await registerOwner(server);
    const socket = await openLiveSocket(server, owner.token);
    await expect(socket.run(aliases(10_000))).rejects.toMatchObject([
      { extensions: { code: 'OPERATION_LIMIT', limit: 'tokens' } },
    ]);
    await expect(socket.run(nested(20))).rejects.toEqual(
      expect.arrayContaining([expect.objectContaining({ extensions: expect.objectContaining({ limit: 'depth' }) })]),
    );
    expect(await socket.run('{ me { email } }')).toEqual({ data: { me: { email: owner.email } } });
    expect(socket.isClosed()).toBe(false);
  });

  it('stops an operation that runs past the time limit, over HTTP and WebSocket', async () => {
    const signIn =
      'mutation { signIn(input: { email: "late@example.pl", password: "not the password" }) { __typename } }';
    const overHttp = await hurried.gql(signIn);
    expect(limitOf(overHttp)).toMatchObject({ code: 'TIMEOUT', timeoutMs: 1 });
    expect(overHttp.errors![0]!.message).toBe('The operation did not finish within 1 ms and was stopped');

    // Over WebSocket the operation gets the same answer, and the socket is not closed for it.
    const client = hurried.wsClient();
    const run = (query: string) =>
      new Promise<FormattedExecutionResult>((resolve, reject) => {
        client.subscribe({ query }, { next: resolve, error: reject, complete: () => undefined });
      });
    expect((await run(signIn)).errors?.[0]?.extensions).toMatchObject({ code: 'TIMEOUT' });
  });
});
