import { fileURLToPath } from 'node:url';
import { cpuSeconds, startChild, startServer, type Child } from './children.js';
import { limitsForFleet } from './fleet.js';
import { DOCUMENTS_PAGE, sendDocument } from './graphql.js';
import { runLoad, type LoadRequest, type LoadResult, type LoadSpec } from './load.js';
import {
  catchUp,
  idleReceivers,
  liveUnderLoad,
  type CatchUpResult,
  type IdleResult,
  type LiveResult,
} from './throughput-receivers.js';
import type { ServeInfo } from './serve.js';
import type { Settings } from './settings.js';

/** A load run with the CPU time the server process used for it (the kernel's count), per answered request. */
export type ServerLoad = LoadResult & { serverCpuMsPerRequest: number };

export interface KonektThroughput {
  typename: ServerLoad;
  documents: ServerLoad;
  sendOneCompany: ServerLoad;
  sendTenCompanies: ServerLoad;
  catchUp: CatchUpResult;
  live: LiveResult;
  idle: IdleResult;
}

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const BASELINE_SERVER = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));
const START_TIMEOUT_MS = 10 * 60_000;
/** Documents of the company whose first page is read. */
const READ_DOCUMENTS = 20;
/** Sends of a warm-up at most, so that warming up never eats a company's quota. */
const WARM_UP_SENDS = 500;
const CREATED = '"outcome":"CREATED"';
/** Besides the companies of the live receivers: the reader, the warm-up sender, the one company, the ten. */
const OTHER_COMPANIES = 13;

/** An unmeasured warm-up run (by default the same, shorter), then the measured one. */
async function warmThenMeasure(
  server: number,
  spec: LoadSpec,
  settings: Settings,
  warmUp?: LoadSpec,
): Promise<ServerLoad> {
  await runLoad(warmUp ?? { ...spec, seconds: settings.warmUpSeconds });
  const cpuBefore = await cpuSeconds(server);
  const load = await runLoad(spec);
  return { ...load, serverCpuMsPerRequest: (((await cpuSeconds(server)) - cpuBefore) * 1000) / load.requests };
}

/** The HTTP + GraphQL floor: bare graphql-yoga with a one-field schema, in a child process like Konekt. */
export async function measureYoga(settings: Settings): Promise<ServerLoad> {
  const child = await startChild<{ url: string }>(BASELINE_SERVER, process.env, START_TIMEOUT_MS);
  try {
    const request: LoadRequest = { kind: 'query', query: '{ hello }' };
    const spec = { url: child.info.url, connections: settings.connections, seconds: settings.seconds, request };
    return await warmThenMeasure(child.pid, { ...spec, expect: '"hello":"world"' }, settings);
  } finally {
    await child.stop();
  }
}

/** Every Konekt scenario against one server child: PGlite in a data directory, or `databaseUrl`. */
export async function benchKonektThroughput(
  databaseUrl: string | undefined,
  settings: Settings,
): Promise<KonektThroughput> {
  const child = await startServer(
    SERVE,
    {
      ...process.env,
      DATABASE_URL: databaseUrl ?? '',
      BENCH_COMPANIES: String(settings.liveCompanies + OTHER_COMPANIES),
      BENCH_REPLAY_EVENTS: String(settings.replayEvents),
      ...limitsForFleet(settings.idleReceivers + settings.liveReceivers),
    },
    START_TIMEOUT_MS,
  );
  try {
    return await runScenarios(child, settings);
  } finally {
    await child.stop();
  }
}

async function runScenarios(child: Child<ServeInfo>, settings: Settings): Promise<KonektThroughput> {
  const { url, companies } = child.info;
  const live = companies.slice(0, settings.liveCompanies);
  const [reader, warm, one, ...ten] = companies.slice(settings.liveCompanies);
  const base = { url, connections: settings.connections, seconds: settings.seconds };
  const sendsFor = (chosen: typeof companies, spread: 'shared' | 'perConnection', prefix: string): LoadSpec => ({
    ...base,
    request: { kind: 'send', companies: chosen, spread, prefix },
    expect: CREATED,
  });
  const warmUpSends = (prefix: string) => ({
    ...sendsFor([warm!], 'shared', prefix),
    seconds: settings.warmUpSeconds,
    maxRequests: WARM_UP_SENDS,
  });

  const typename = await warmThenMeasure(
    child.pid,
    { ...base, request: { kind: 'query', query: '{ __typename }' }, expect: '"__typename":"Query"' },
    settings,
  );
  for (let i = 0; i < READ_DOCUMENTS; i += 1) await sendDocument(url, reader!, `READ/${i}`);
  const documents = await warmThenMeasure(
    child.pid,
    { ...base, request: { kind: 'query', query: DOCUMENTS_PAGE, token: reader!.receiverToken }, expect: '"edges":[{' },
    settings,
  );
  const sendOneCompany = await warmThenMeasure(
    child.pid,
    { ...sendsFor([one!], 'shared', 'ONE'), maxRequests: settings.maxPerCompany },
    settings,
    warmUpSends('WARM-ONE'),
  );
  const sendTenCompanies = await warmThenMeasure(
    child.pid,
    { ...sendsFor(ten, 'perConnection', 'TEN'), connections: ten.length, maxPerConnection: settings.maxPerCompany },
    settings,
    warmUpSends('WARM-TEN'),
  );
  return {
    typename,
    documents,
    sendOneCompany,
    sendTenCompanies,
    catchUp: await catchUp(child),
    live: await liveUnderLoad(child, live, settings),
    idle: await idleReceivers(child, live, settings),
  };
}
