import { fileURLToPath } from 'node:url';
import { startChild, type Child } from './children.js';
import { Fleet } from './fleet.js';
import { postGraphQL, sendDocument } from './graphql.js';
import { settledMemory, type Idle } from './konekt.js';
import { runLoad, type LoadResult } from './load.js';
import { connectReceiver } from './receivers.js';
import type { SeededCompany } from './seed.js';
import type { ServeInfo } from './serve.js';
import type { Settings } from './settings.js';
import type { Summary } from './stats.js';

const DELIVERY_TIMEOUT_MS = 60_000;
const REPLAY_TIMEOUT_MS = 10 * 60_000;
const PAGE = 500;
const WS_FLOOR_SERVER = fileURLToPath(new URL('./ws-floor-server.ts', import.meta.url));

export interface Rate {
  events: number;
  seconds: number;
  perSecond: number;
}

export interface CatchUpResult {
  subscription: Rate;
  pages: Rate & { pages: number };
}

export interface LiveResult {
  receivers: number;
  companies: number;
  sends: LoadResult;
  arrivals: number;
  /** From the building of each sendDocument request (in the load generator) to each arrival. */
  requestToArrival: Summary;
}

export interface IdleResult {
  receivers: number;
  rounds: { before: Idle; after: Idle }[];
  /**
   * The largest growth of a round divided by the receivers: a later round may reuse memory an
   * earlier one freed (and grow less), or find it fragmented (and grow more); the target holds
   * only if it holds in every round.
   */
  rssPerReceiverKiB: number;
  heapUsedPerReceiverKiB: number;
}

const EVENTS_PAGE = `query ($after: String) {
  documentEvents(first: ${PAGE}, after: $after) {
    edges { node { cursor sequence kind document { id number status } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

type EventsPage = {
  documentEvents: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

/** An accounting program that was away reads the whole backlog: over the subscription, then page by page. */
export async function catchUp(child: Child<ServeInfo>): Promise<CatchUpResult> {
  const { replay, url, wsUrl } = child.info;
  if (!replay) throw new Error('the server was started without an event log to replay');
  const token = replay.company.receiverToken;
  return {
    subscription: await replayOverSubscription(wsUrl, token, replay.events),
    pages: await replayInPages(url, token, replay.events),
  };
}

export async function replayOverSubscription(wsUrl: string, token: string, events: number): Promise<Rate> {
  let received = 0;
  let finish: (error?: Error) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = (error) => (error ? reject(error) : resolve());
  });
  const timer = setTimeout(() => finish(new Error(`${received} of ${events} events replayed`)), REPLAY_TIMEOUT_MS);
  const sink = {
    arrived: () => {
      received += 1;
      if (received === events) finish();
    },
    failed: (reason: string) => finish(new Error(`replay failed: ${reason}`)),
  };
  const started = performance.now();
  const receiver = await connectReceiver(wsUrl, token, 0, sink, DELIVERY_TIMEOUT_MS);
  try {
    await finished;
  } finally {
    clearTimeout(timer);
    await receiver.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { events, seconds, perSecond: events / seconds };
}

async function replayInPages(url: string, token: string, total: number): Promise<CatchUpResult['pages']> {
  const started = performance.now();
  let events = 0;
  let pages = 0;
  let after: string | null = '0';
  while (after !== null) {
    const page: EventsPage = await postGraphQL<EventsPage>(url, EVENTS_PAGE, { after }, token);
    events += page.documentEvents.edges.length;
    pages += 1;
    after = page.documentEvents.pageInfo.hasNextPage ? page.documentEvents.pageInfo.endCursor : null;
  }
  const seconds = (performance.now() - started) / 1000;
  if (events !== total) throw new Error(`read ${events} of ${total} events in pages`);
  return { events, seconds, perSecond: events / seconds, pages };
}

/** `settings.liveReceivers` receivers over the live companies while the load generator sends for all of them. */
export async function liveUnderLoad(
  child: Child<ServeInfo>,
  companies: SeededCompany[],
  settings: Settings,
): Promise<LiveResult> {
  const receivers = settings.liveReceivers;
  if (receivers % companies.length !== 0) throw new Error('live receivers must be spread evenly over the companies');
  const fleet = await startFleet(child, companies, receivers);
  try {
    await proveLive(fleet, child, companies, receivers);
    const sends = await runLoad({
      url: child.info.url,
      connections: settings.connections,
      seconds: settings.seconds,
      request: { kind: 'send', companies, spread: 'rotate', prefix: 'LIVE' },
      expect: '"outcome":"CREATED"',
    });
    // Every answered send reaches each receiver of its company (and a few sent as the load stopped).
    const summary = await fleet.waitForArrivals((sends.requests * receivers) / companies.length, DELIVERY_TIMEOUT_MS);
    if (!summary.requestToArrival) throw new Error('no stamped document arrived');
    return {
      receivers,
      companies: companies.length,
      sends,
      arrivals: summary.arrivals,
      requestToArrival: summary.requestToArrival,
    };
  } finally {
    await fleet.stop();
  }
}

/**
 * Server memory with no receiver, then with `settings.idleReceivers` connected, subscribed and
 * idle, in rounds (one round can land on a lucky or unlucky garbage collection).
 */
export function idleReceivers(
  child: Child<ServeInfo>,
  companies: SeededCompany[],
  settings: Settings,
  whileConnected?: () => Promise<void>,
) {
  return idleMemory(
    child,
    settings,
    async () => {
      const fleet = await startFleet(child, companies, settings.idleReceivers);
      await proveLive(fleet, child, companies, settings.idleReceivers);
      return fleet;
    },
    whileConnected,
  );
}

/** The same for a bare `ws` server and bare WebSocket connections: what an idle connection cannot cost less than. */
export async function idleWebSocketFloor(settings: Settings): Promise<IdleResult> {
  const child = await startChild<{ wsUrl: string; gcUrl: string }>(WS_FLOOR_SERVER, process.env, 60_000);
  try {
    const spec = { wsUrl: child.info.wsUrl, receivers: settings.idleReceivers, bare: true, companies: [] };
    return await idleMemory(child, settings, () => Fleet.start(spec));
  } finally {
    await child.stop();
  }
}

async function idleMemory(
  server: Child<{ gcUrl: string }>,
  settings: Settings,
  connect: () => Promise<Fleet>,
  whileConnected?: () => Promise<void>,
): Promise<IdleResult> {
  const receivers = settings.idleReceivers;
  const rounds: IdleResult['rounds'] = [];
  for (let round = 0; round < settings.idleRounds; round += 1) {
    const before = await settledMemory(server);
    const fleet = await connect();
    try {
      rounds.push({ before, after: await settledMemory(server) });
      await whileConnected?.();
    } finally {
      await fleet.stop();
    }
  }
  const growth = (key: keyof Idle) => Math.max(...rounds.map((r) => (r.after[key] - r.before[key]) / receivers));
  return { receivers, rounds, rssPerReceiverKiB: growth('rssKiB'), heapUsedPerReceiverKiB: growth('heapUsedKiB') };
}

/** Receivers following each company from its last event, so that nothing is replayed to them. */
async function startFleet(child: Child<ServeInfo>, companies: SeededCompany[], receivers: number): Promise<Fleet> {
  const response = await fetch(child.info.cursorsUrl, { signal: AbortSignal.timeout(10_000) });
  const cursors = (await response.json()) as Record<string, number>;
  return Fleet.start({
    wsUrl: child.info.wsUrl,
    receivers,
    companies: companies.map((c) => ({ nip: c.nip, token: c.receiverToken, after: cursors[c.nip]! })),
  });
}

let probes = 0;

/** One document per company, each waited for at all its receivers: every subscription is live. Then a reset. */
async function proveLive(fleet: Fleet, child: Child<ServeInfo>, companies: SeededCompany[], receivers: number) {
  await fleet.reset();
  for (const company of companies) await sendDocument(child.info.url, company, `PROBE/${(probes += 1)}`);
  await fleet.waitForArrivals(receivers, DELIVERY_TIMEOUT_MS);
  await fleet.reset();
}
