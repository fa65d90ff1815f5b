/**
 * A deploy as an operator runs it: three servers as `npm start` runs them, on one PostgreSQL
 * database and Redis, behind HAProxy, each stopped with SIGTERM and started afresh on its port in
 * turn while senders keep sending and a receiver follows through the balancer. Nothing is lost and
 * nothing is stored or delivered twice.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  CLOSE_RESTARTING,
  KonektClient,
  KonektConnectionLostError,
  KonektUnreachableError,
  SendDocumentDocument,
  type EventFieldsFragment,
  type SendDocumentMutation,
} from '../packages/client/src/index.js';
import { connectCompany } from './helpers/connect.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { invoice } from './helpers/documents.js';
import { CHECK_FALL, missingForCluster, startHaproxy } from './helpers/haproxy.js';
import { besideTestServer, startMain } from './helpers/main.js';
import { deadPort } from './helpers/ports.js';
import { startTestServer } from './helpers/server.js';
import { collectEvents } from './helpers/subscriptions.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const missing = await missingForCluster(redisUrl, { haproxy: true });
if (missing) console.log(missing);

const SENDERS = 2;
/** A sender's pause between two documents: traffic all through the deploy, yet a modest count of documents. */
const PAUSE_MS = 150;
/** A sender's pause before sending again what got no answer; a deploy is over long before it gives up. */
const RETRY_MS = 100;
const MAX_ATTEMPTS = 200;
/** HAProxy checks /readyz four times a second: a stopping server is out, and its successor in, within a second. */
const CHECK_INTERVAL_MS = 250;
/** Twice the longest the balancer takes to see /readyz fail CHECK_FALL times after a server begins to stop. */
const STOP_DRAIN_MS = 2 * CHECK_INTERVAL_MS * CHECK_FALL;

async function threeServers() {
  // The in-process server creates and migrates the database, and connects the company (it reads the mails).
  const setup = await startTestServer({ REDIS_URL: redisUrl });
  const env = await besideTestServer(setup, redisUrl, { STOP_DRAIN_MS: String(STOP_DRAIN_MS) });
  // Fixed ports: a server started afresh takes its predecessor's place in the balancer's list.
  const ports = await Promise.all([deadPort(), deadPort(), deadPort()]);
  const start = (port: number) => startMain({ ...env, PORT: String(port) });
  const [company, ...servers] = await Promise.all([connectCompany(setup), ...ports.map(start)]);
  const balancer = await startHaproxy(
    servers.map((server) => server.url),
    undefined,
    CHECK_INTERVAL_MS,
  );
  disposeAfterAll(() => balancer.stop());
  await balancer.waitForUp(3);
  return { company, servers, ports, start, balancer, databaseUrl: setup.databaseUrl! };
}

const cluster = missing ? undefined : await threeServers();

/** The document numbers stored, each as often as it is stored. */
async function storedNumbers(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ number: string }>('SELECT number FROM "Document"');
    return rows.map((row) => row.number);
  } finally {
    await client.end();
  }
}

describe.runIf(cluster)('a rolling restart of three servers behind HAProxy under load', () => {
  it('loses and duplicates nothing: every send acknowledged once, every event delivered once and in order', async () => {
    const { company, servers, ports, start, balancer, databaseUrl } = cluster!;
    const sender = new KonektClient({ url: balancer.url, token: company.sender.token, timeoutMs: 15_000 });
    /** Why attempts were sent again ("HTTP 503", "ECONNRESET" …), with how often. */
    const retries = new Map<string, number>();
    const outcomes = new Map<string, string>();
    let inFlight = 0;
    /** How many sends were waiting for their answer as each server was told to stop. */
    const inFlightAtStops: number[] = [];

    // As a real sender does with @konekt/client: no answer (a connection error, or the balancer's 502,
    // 503 or 504) means send again with the same key; any other failure fails the test. Each such
    // retry is counted, and the deploy must have caused none.
    const send = async (key: string) => {
      for (let attempt = 1; ; attempt += 1) {
        inFlight += 1;
        const answer = await sender
          .request(SendDocumentDocument, {
            input: { idempotencyKey: key, document: invoice(company.nip, { number: key }) },
          })
          .catch((error: unknown) => error)
          .finally(() => (inFlight -= 1));
        if (!(answer instanceof KonektUnreachableError)) {
          if (answer instanceof Error) throw answer;
          const { sendDocument } = answer as SendDocumentMutation;
          if (sendDocument.__typename !== 'SendDocumentPayload')
            throw new Error(`${key}: ${JSON.stringify(sendDocument)}`);
          outcomes.set(key, sendDocument.outcome);
          return;
        }
        if (attempt === MAX_ATTEMPTS) throw answer;
        retries.set(answer.detail, (retries.get(answer.detail) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    };

    const { events, onEvent, arrived } = collectEvents<EventFieldsFragment>();
    const reconnects: Error[] = [];
    const stopFollowing = new AbortController();
    const following = new KonektClient({ url: balancer.url, token: company.receiver.token }).follow({
      signal: stopFollowing.signal,
      maxDelayMs: 200,
      onReconnect: (_attempt, _delay, reason) => reconnects.push(reason),
      onEvent,
    });

    let deployed = false;
    const sendUntilDeployed = async (label: number) => {
      for (let n = 1; !deployed; n += 1) {
        await send(`ROLL/${label}/${n}`);
        await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      }
    };
    let senders: Promise<unknown> = Promise.resolve();
    let senderFailed: unknown;
    try {
      // The receiver is live before the load starts: its replay is empty.
      await send('ROLL/first');
      await arrived(1);

      senders = Promise.all(Array.from({ length: SENDERS }, (_, i) => sendUntilDeployed(i + 1)));
      // A sender's failure ends the deploy at the next step and fails the test below.
      senders.catch((error: unknown) => (senderFailed = error));
      try {
        for (const [i, port] of ports.entries()) {
          if (senderFailed) break;
          inFlightAtStops.push(inFlight);
          expect(await servers[i]!.stop()).toBe(0);
          servers[i] = await start(port);
          await balancer.waitForUp(3);
        }
      } finally {
        deployed = true;
        await senders;
      }

      // Sent after all the others and delivered in order: once it is here, any duplicate would be too.
      await send('ROLL/last');
      const keys = [...outcomes.keys()];
      await arrived(keys.length);

      const replayed = keys.filter((key) => outcomes.get(key) === 'REPLAY');
      expect(keys.filter((key) => !['CREATED', 'REPLAY'].includes(outcomes.get(key)!))).toEqual([]);
      expect([...(await storedNumbers(databaseUrl))].sort()).toEqual([...keys].sort());
      expect(events.map((event) => event.sequence)).toEqual(Array.from({ length: keys.length }, (_, i) => i + 1));
      expect(events.map((event) => event.document.number).sort()).toEqual([...keys].sort());
      // Whichever server held the receiver when it was first stopped told it to reconnect at once.
      const restarts = reconnects.filter(
        (reason) => reason instanceof KonektConnectionLostError && reason.closeCode === CLOSE_RESTARTING,
      );
      expect(restarts.length).toBeGreaterThan(0);
      console.log(
        `rolling restart: ${keys.length} documents sent, retries ${JSON.stringify(Object.fromEntries(retries))}, ` +
          `${replayed.length} REPLAY, ` +
          `${reconnects.length} reconnects (${restarts.length} on ${CLOSE_RESTARTING}), ` +
          `sends in flight at the stops ${inFlightAtStops.join('/')}`,
      );
      // With STOP_DRAIN_MS over the balancer's detection time, no server closes a connection the
      // balancer may still send on: no send met a 502 or a cut connection because of a stop.
      expect(Object.fromEntries(retries)).toEqual({});
    } finally {
      deployed = true;
      await senders.catch(() => undefined);
      stopFollowing.abort();
      await following;
    }
  }, 60_000);
});
