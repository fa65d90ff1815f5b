import { describe, expect, it } from 'vitest';
import { FollowDocumentEventsDocument, SendDocumentDocument } from './generated/graphql.js';
import { connectCompany, openLiveSocket } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { besideTestServer, startMain } from './helpers/main.js';
import { startPostgresCluster } from './helpers/postgres-cluster.js';
import { startTestServer, type TestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';
import { startTcpProxy } from './helpers/tcp-proxy.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const cluster = await startPostgresCluster();

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Two servers sharing one database and Redis: the healthy one in this process, the other as `npm
 * start` runs it (so that a crash shows as an exit), reaching the database through a proxy the test cuts.
 */
async function twoServers(running: NonNullable<typeof cluster>) {
  const databaseUrl = await running.createDatabase('partition');
  const proxy = await startTcpProxy(running.port);
  const healthy = await startTestServer({ REDIS_URL: redisUrl }, { databaseUrl });
  const cutOff = await startMain(
    await besideTestServer(healthy, redisUrl, {
      DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/partition`,
      HOST: '127.0.0.1',
    }),
  );
  return { proxy, healthy, cutOff };
}
const servers = cluster && (await twoServers(cluster));

describe.runIf(cluster)('two servers on Redis, one of them cut off from the database', () => {
  it('keeps the cut-off server up when signals arrive, and its clients get close codes and typed errors, never 1006', async () => {
    const { proxy, healthy, cutOff } = servers!;
    const exited = new Promise((resolve) => cutOff.child.once('exit', (code, signal) => resolve({ code, signal })));
    const atCutOff = { url: cutOff.url } as TestServer;
    const baseUrl = cutOff.url.replace(/\/graphql$/, '');

    const company = await connectCompany(healthy);
    const ownerSocket = await openLiveSocket(atCutOff, company.owner.token);
    const receiverSocket = await openLiveSocket(atCutOff, company.receiver.token);
    const feed = subscribe(receiverSocket.client, FollowDocumentEventsDocument, {});
    const send = (key: string) =>
      healthy.query(
        SendDocumentDocument,
        { input: { idempotencyKey: key, document: invoice(company.nip) as never } },
        company.sender.token,
      );
    await send('before');
    expect((await feed.take(1))[0]!.sequence).toBe(1);

    proxy.cut();

    // Signed out through the healthy server: the cut-off one cannot re-check the owner's socket.
    const signedOut = await healthy.gql('mutation { signOut }', {}, company.owner.token);
    expect(signedOut.data).toEqual({ signOut: true });
    expect(await ownerSocket.closed()).toEqual({ code: 1013, reason: 'Try again later' });

    // A document sent through the healthy server wakes the subscriber on the cut-off one, which
    // cannot read it: that subscription ends with a typed error, the socket stays.
    await send('during');
    await expect(feed.take(1)).rejects.toThrow(/SERVICE_UNAVAILABLE/);
    expect(receiverSocket.isClosed()).toBe(false);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(503);

    proxy.restore();
    await until('the cut-off server to be ready again', async () => (await fetch(`${baseUrl}/readyz`)).ok);
    const again = subscribe(receiverSocket.client, FollowDocumentEventsDocument, { after: '1' });
    expect((await again.take(1))[0]!.sequence).toBe(2);
    again.close();

    expect(cutOff.child.exitCode).toBeNull();
    expect(await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('running'), 500))])).toBe(
      'running',
    );
    expect(cutOff.log()).not.toMatch(/unhandled promise rejection|uncaught exception/);
  });
});
