import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { RegisterDocument } from './generated/graphql.js';
import { newNip } from './helpers/nip.js';
import { startTestServer } from './helpers/server.js';

const APP = 'https://app.example.pl';
const server = await startTestServer({ CORS_ORIGINS: APP, PUBLIC_URL: 'https://konekt.example.pl' });
const closed = await startTestServer({ GRAPHQL_INTROSPECTION: 'false', GRAPHIQL: 'false' });

const REGISTER = (nip: string, email: string) =>
  `mutation { register(input: { companyName: "Forma", nip: "${nip}", email: "${email}", plan: FREE, locale: EN }) { __typename } }`;

/** Whether a company with this NIP exists: registering it again says so. */
async function registered(nip: string) {
  const { register } = await server.query(RegisterDocument, {
    input: { companyName: 'Sprawdzenie', nip, email: `check-${nip}@example.pl`, plan: 'FREE', locale: 'PL' },
  });
  return register.__typename === 'NipAlreadyRegisteredError';
}

describe('requests a browser can be tricked into sending', () => {
  it('refuses a form-encoded POST and runs nothing', async () => {
    const nip = newNip();
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      body: new URLSearchParams({ query: REGISTER(nip, 'form@example.pl') }).toString(),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      errors: [{ extensions: { code: 'CSRF_PREVENTED' }, message: expect.stringContaining('forms are refused') }],
    });
    expect(await registered(nip)).toBe(false);
  });

  it('refuses a multipart POST and a text/plain POST', async () => {
    const nip = newNip();
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: REGISTER(nip, 'multipart@example.pl') }));
    form.set('map', '{}');
    const multipart = await fetch(server.url, { method: 'POST', body: form });
    expect(multipart.status).toBe(403);
    const text = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: REGISTER(nip, 'text@example.pl') }),
    });
    expect(text.status).toBe(403);
    expect(await registered(nip)).toBe(false);
  });

  it('runs a GET query only with the header that forces a preflight', async () => {
    const url = `${server.url}?query=${encodeURIComponent('{ plans { code } }')}`;
    expect((await fetch(url)).status).toBe(403);
    const allowed = await fetch(url, { headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(await allowed.json()).toMatchObject({ data: { plans: expect.arrayContaining([{ code: 'FREE' }]) } });
  });

  it('answers CORS only for the allowed origins, never with credentials', async () => {
    const preflight = (origin: string) =>
      fetch(server.url, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    for (const origin of [APP, 'https://konekt.example.pl']) {
      const allowed = await preflight(origin);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    }
    const sandboxed = await preflight('null');
    expect(sandboxed.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('checks the same list on WebSocket upgrades', async () => {
    const upgrade = (origin?: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws', {
          ...(origin ? { origin } : {}),
        });
        socket.on('error', () => undefined);
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('open', () => {
          resolve(101);
          socket.close();
        });
      });
    expect(await upgrade('https://evil.example')).toBe(403);
    expect(await upgrade(APP)).toBe(101);
    expect(await upgrade(server.baseUrl)).toBe(101);
    // A program sends no Origin at all.
    expect(await upgrade()).toBe(101);
  });

  it('sends nosniff with every answer', async () => {
    const answers = await Promise.all([
      fetch(`${server.baseUrl}/healthz`),
      fetch(`${server.baseUrl}/activate?token=nothing`),
      fetch(`${server.baseUrl}/nowhere`),
      fetch(server.url, { headers: { accept: 'text/html' } }),
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ plans { code } }"}',
      }),
      fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'not json' }),
    ]);
    for (const answer of answers) expect(answer.headers.get('x-content-type-options'), answer.url).toBe('nosniff');
  });
});

describe('developer tools', () => {
  it('serves GraphiQL and answers introspection by default', async () => {
    const page = await fetch(server.url, { headers: { accept: 'text/html', 'accept-language': 'en' } });
    expect(await page.text()).toContain('<title>Konekt · GraphiQL</title>');
    const introspection = await server.gql('{ __schema { queryType { name } } }');
    expect(introspection.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('switches both off by settings, keeping __typename', async () => {
    const page = await fetch(closed.url, { headers: { accept: 'text/html', 'accept-language': 'en' } });
    expect(await page.text()).not.toContain('GraphiQL');
    const introspection = await closed.gql('{ __schema { queryType { name } } }');
    expect(introspection.errors).toMatchObject([
      { extensions: { code: 'INTROSPECTION_DISABLED' }, message: 'Introspection is switched off on this server' },
    ]);
    expect((await closed.gql('{ __type(name: "Query") { name } }')).errors?.[0]?.extensions?.code).toBe(
      'INTROSPECTION_DISABLED',
    );
    expect((await closed.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});
