import { describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/index.js';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import {
  DeleteConnectConfigurationDocument,
  FollowDocumentEventsDocument,
  SendDocumentDocument,
} from './generated/graphql.js';
import { connectCompany, openLiveSocket } from './helpers/connect.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { invoice } from './helpers/documents.js';
import { startTestServer } from './helpers/server.js';
import { subscribe } from './helpers/subscriptions.js';

// Two servers share one database only on PostgreSQL; the embedded database belongs to one process.
const postgres = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.runIf(postgres)('several servers behind one PostgreSQL and Redis', () => {
  it('delivers live to a receiver on another server, and closes its socket there when access ends', async () => {
    const first = await startTestServer({ REDIS_URL: redisUrl });
    // The second server opens the first one's database: same data, its own process state.
    const secondDatabase = await openDatabase({ databaseUrl: first.databaseUrl! });
    // Disconnecting twice is harmless; this one also covers a buildApp that fails.
    disposeAfterAll(() => secondDatabase.prisma.$disconnect());
    const second = await buildApp(
      loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', REDIS_URL: redisUrl }),
      {
        database: { ...secondDatabase, close: () => secondDatabase.prisma.$disconnect() },
      },
    );
    disposeAfterAll(() => second.stop());
    const { url: secondUrl } = await second.start();

    const company = await connectCompany(first, { plan: 'BUSINESS' });
    const elsewhere = createClient({
      url: secondUrl.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${company.receiver.token}` },
      retryAttempts: 0,
    });
    disposeAfterAll(() => elsewhere.dispose());
    const feed = subscribe(elsewhere, FollowDocumentEventsDocument, {});
    await feed.ready;
    await first.query(
      SendDocumentDocument,
      { input: { idempotencyKey: 'across', document: invoice(company.nip) as never } },
      company.sender.token,
    );
    const [event] = await feed.take(1, 4000);
    expect(event!.kind).toBe('SENT');
    feed.close();

    const socket = await openLiveSocket({ ...first, url: secondUrl }, company.sender.token);
    await first.query(
      DeleteConnectConfigurationDocument,
      { configurationId: company.sender.configurationId },
      company.owner.token,
    );
    expect((await socket.closed()).code).toBe(4403);
  });
});
