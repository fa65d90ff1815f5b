/**
 * Two servers as `npm start` runs them, on one PostgreSQL database and Redis; one is killed in the
 * middle of 500 concurrent sends. What a sender was told is stored is stored once and delivered once,
 * and a sender that retries what failed with the same keys gets REPLAY for what had been stored.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { KonektClient, type EventFieldsFragment } from '../packages/client/src/index.js';
import { connectCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { missingForCluster } from './helpers/haproxy.js';
import { besideTestServer, startMain, type MainProcess } from './helpers/main.js';
import { startTestServer } from './helpers/server.js';
import { collectEvents } from './helpers/subscriptions.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const missing = await missingForCluster(redisUrl, { haproxy: false });
if (missing) console.log(missing);

const SENDS = 500;
/** The first server dies once it has answered this many of its sends: well inside the run. */
const KILL_AFTER = 50;

const SEND = `mutation ($input: SendDocumentInput!) {
  sendDocument(input: $input) { __typename ... on SendDocumentPayload { outcome } }
}`;

type Answer = { outcome: string } | { failure: string };

async function send(url: string, token: string, nip: string, key: string): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: SEND,
        variables: { input: { idempotencyKey: key, document: invoice(nip, { number: key }) } },
      }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { data?: { sendDocument?: { __typename: string; outcome?: string } } };
    const outcome = body.data?.sendDocument?.outcome;
    return response.status === 200 && outcome ? { outcome } : { failure: `HTTP ${response.status}: ${text}` };
  } catch (error) {
    return { failure: String(error) };
  }
}

async function twoServers() {
  const setup = await startTestServer({ REDIS_URL: redisUrl });
  // Every send comes from 127.0.0.1.
  const env = await besideTestServer(setup, redisUrl, { MAX_CONNECTIONS_PER_ADDRESS: String(SENDS * 2) });
  const [company, doomed, survivor] = await Promise.all([connectCompany(setup), startMain(env), startMain(env)]);
  return { company, doomed, survivor, databaseUrl: setup.databaseUrl! };
}

const servers = missing ? undefined : await twoServers();

/** The document numbers stored, once no statement of the killed server can still commit. */
async function storedNumbers(databaseUrl: string): Promise<Set<string>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // A statement the killed server had sent runs to its end (PostgreSQL notices the lost client only
    // afterwards): wait until none is running; the surviving server has nothing in flight by now.
    for (;;) {
      const { rows } = await client.query<{ running: number }>(
        `SELECT count(*)::int AS running FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      if (rows[0]!.running === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { rows } = await client.query<{ number: string }>('SELECT number FROM "Document"');
    return new Set(rows.map((row) => row.number));
  } finally {
    await client.end();
  }
}

describe.runIf(servers)('a server killed in the middle of 500 concurrent sends', () => {
  it('stores and delivers once what was acknowledged; retries with the same keys get REPLAY for what was stored', async () => {
    const { company, doomed, survivor, databaseUrl } = servers!;
    const { events, onEvent, arrived } = collectEvents<EventFieldsFragment>();
    const stop = new AbortController();
    const following = new KonektClient({ url: survivor.url, token: company.receiver.token }).follow({
      signal: stop.signal,
      onEvent,
    });
    try {
      // The receiver is live before the first send: its replay is empty.
      expect(await send(survivor.url, company.sender.token, company.nip, 'KILL/warm-up')).toEqual({
        outcome: 'CREATED',
      });
      await arrived(1);

      let answeredByDoomed = 0;
      let killed: Promise<void> | undefined;
      const keys = Array.from({ length: SENDS }, (_, i) => `KILL/${i}`);
      const first = await Promise.all(
        keys.map(async (key, i) => {
          const server: MainProcess = i % 2 === 0 ? doomed : survivor;
          const answer = await send(server.url, company.sender.token, company.nip, key);
          if (server === doomed && 'outcome' in answer && ++answeredByDoomed === KILL_AFTER) killed = doomed.kill();
          return answer;
        }),
      );
      await killed;
      const acknowledged = keys.filter((_, i) => 'outcome' in first[i]!);
      const failed = keys.filter((_, i) => 'failure' in first[i]!);
      expect(failed.length).toBeGreaterThan(0);
      expect(first.filter((answer) => 'outcome' in answer).every((a) => a.outcome === 'CREATED')).toBe(true);

      const stored = await storedNumbers(databaseUrl);
      for (const key of acknowledged) expect(stored.has(key)).toBe(true);

      const retried = await Promise.all(
        failed.map((key) => send(survivor.url, company.sender.token, company.nip, key)),
      );
      expect(retried).toEqual(failed.map((key) => ({ outcome: stored.has(key) ? 'REPLAY' : 'CREATED' })));

      // Sent last and delivered in order: once it is here, every earlier event (and any duplicate) is too.
      expect(await send(survivor.url, company.sender.token, company.nip, 'KILL/last')).toEqual({ outcome: 'CREATED' });
      await arrived(SENDS + 2);
      expect(events.map((event) => event.sequence)).toEqual(Array.from({ length: SENDS + 2 }, (_, i) => i + 1));
      const numbers = events.map((event) => event.document.number);
      expect([...numbers].sort()).toEqual(['KILL/warm-up', ...keys, 'KILL/last'].sort());
      expect(await storedNumbers(databaseUrl)).toEqual(new Set(numbers));
    } finally {
      stop.abort();
      await following;
    }
  });
});
