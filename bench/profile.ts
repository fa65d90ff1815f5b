/**
 * npm run bench:profile — the Konekt server under `node --cpu-prof` while autocannon drives, in
 * turn, the documents(first: 10) read, sendDocument (one company, 10 connections), sendDocument to
 * companies each followed by live receivers (the fan-out of live delivery) and a receiver replaying
 * 20,000 events over the subscription; on PGlite and PostgreSQL. Prints where the time
 * goes within each window, by package and by function, writes the summary to bench/results/ and
 * keeps the raw .cpuprofile files in .scratch/profiles/ (open them in Chrome DevTools or speedscope).
 */
import { readdir, readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, startServer, type Child } from './children.js';
import { runBounded } from './cleanup.js';
import { benchServerUrl, withBenchDatabase } from './database.js';
import { Fleet, limitsForFleet } from './fleet.js';
import { DOCUMENTS_PAGE, sendDocument } from './graphql.js';
import { runLoad, type LoadResult, type LoadSpec } from './load.js';
import { loadAverage, machine, printMachine, writeResults } from './report.js';
import { summarizeProfile, type CpuProfile, type ProfileSummary, type Share } from './profile-summary.js';
import type { ServeInfo } from './serve.js';
import { readSettings } from './settings.js';
import { replayOverSubscription } from './throughput-receivers.js';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));
const PROFILES = fileURLToPath(new URL('../.scratch/profiles/', import.meta.url));
const SAMPLING_US = 250;
const WARM_UP_SENDS = 500;
const REPLAY_EVENTS = 20_000;
/** Companies followed by live receivers while their documents are sent, and the receivers of each. */
const LIVE_COMPANIES = 20;
const RECEIVERS_PER_COMPANY = 10;

interface Window {
  load: LoadResult;
  /** CPU time the server process used in the window (kernel's count), per answered request. */
  cpuMsPerRequest: number;
  profile: ProfileSummary;
}

interface ProfiledWindow {
  name: string;
  from: number;
  to: number;
  load: LoadResult;
  cpuMsPerRequest: number;
}

/** The profile's clock: V8 stamps samples with CLOCK_MONOTONIC in microseconds, as process.hrtime does. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

async function profileDatabase(databaseUrl: string | undefined, seconds: number, warmUpSeconds: number) {
  const dir = path.join(PROFILES, `${databaseUrl ? 'postgres' : 'pglite'}-${Date.now()}`);
  await mkdir(dir, { recursive: true });
  const child = await startServer(
    SERVE,
    {
      ...process.env,
      DATABASE_URL: databaseUrl ?? '',
      BENCH_COMPANIES: String(3 + LIVE_COMPANIES),
      BENCH_REPLAY_EVENTS: String(REPLAY_EVENTS),
      ...limitsForFleet(LIVE_COMPANIES * RECEIVERS_PER_COMPANY),
    },
    5 * 60_000,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${SAMPLING_US}`],
  );
  const windows: ProfiledWindow[] = [];
  try {
    const { url, companies } = child.info;
    const [reader, warm, sender, ...followed] = companies;
    for (let i = 0; i < 20; i += 1) await sendDocument(url, reader!, `READ/${i}`);
    const measure = async (name: string, spec: LoadSpec, warmUp: LoadSpec) => {
      await runLoad(warmUp);
      const cpuBefore = await cpuSeconds(child.pid);
      const from = monotonicUs();
      const load = await runLoad(spec);
      const to = monotonicUs();
      const cpuMsPerRequest = (((await cpuSeconds(child.pid)) - cpuBefore) * 1000) / load.requests;
      windows.push({ name, from, to, load, cpuMsPerRequest });
    };
    const base = { url, connections: 10, seconds };
    const read: LoadSpec = {
      ...base,
      request: { kind: 'query', query: DOCUMENTS_PAGE, token: reader!.receiverToken },
      expect: '"edges":[{',
    };
    await measure('documents(first: 10)', read, { ...read, seconds: warmUpSeconds });
    const sends = (company: typeof sender, prefix: string): LoadSpec => ({
      ...base,
      request: { kind: 'send', companies: [company!], spread: 'shared', prefix },
      expect: '"outcome":"CREATED"',
      maxRequests: 4_900,
    });
    await measure('sendDocument, one company', sends(sender, 'PROFILE'), {
      ...sends(warm, 'WARM'),
      seconds: warmUpSeconds,
      maxRequests: WARM_UP_SENDS,
    });
    const fleet = await followLive(child, followed);
    try {
      const fanOut = (prefix: string): LoadSpec => ({
        ...base,
        request: { kind: 'send', companies: followed, spread: 'rotate', prefix },
        expect: '"outcome":"CREATED"',
      });
      await measure(`sendDocument, ${RECEIVERS_PER_COMPANY} live receivers per company (per send)`, fanOut('LIVE'), {
        ...fanOut('LIVE-WARM'),
        seconds: warmUpSeconds,
      });
    } finally {
      await fleet.stop();
    }
    await measureReplay(child, windows);
  } finally {
    // The profile is written as the server exits.
    await child.stop();
  }
  const [file] = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
  const result: Record<string, Window> = {};
  for (const w of windows) {
    result[w.name] = {
      load: w.load,
      cpuMsPerRequest: w.cpuMsPerRequest,
      profile: summarizeProfile(profile, w.from, w.to),
    };
  }
  return { file: path.join(dir, file), windows: result };
}

/** RECEIVERS_PER_COMPANY receivers following each of `companies` from its last event. */
async function followLive(child: Child<ServeInfo>, companies: ServeInfo['companies']) {
  const cursors = (await (await fetch(child.info.cursorsUrl)).json()) as Record<string, number>;
  return Fleet.start({
    wsUrl: child.info.wsUrl,
    receivers: companies.length * RECEIVERS_PER_COMPANY,
    companies: companies.map((c) => ({ nip: c.nip, token: c.receiverToken, after: cursors[c.nip]! })),
  });
}

/** A receiver that was away replays the whole seeded log over the subscription; "per request" is per event. */
async function measureReplay(child: Child<ServeInfo>, windows: ProfiledWindow[]) {
  const { replay, wsUrl } = child.info;
  if (!replay) throw new Error('the server was started without an event log to replay');
  const cpuBefore = await cpuSeconds(child.pid);
  const from = monotonicUs();
  const rate = await replayOverSubscription(wsUrl, replay.company.receiverToken, replay.events);
  const to = monotonicUs();
  const cpuMsPerRequest = (((await cpuSeconds(child.pid)) - cpuBefore) * 1000) / rate.events;
  const load = { requests: rate.events, seconds: rate.seconds, perSecond: rate.perSecond } as LoadResult;
  windows.push({
    name: `catch-up of ${rate.events} events over the subscription (per event)`,
    from,
    to,
    load,
    cpuMsPerRequest,
  });
}

/** Each share as a per cent of the busy samples and as CPU milliseconds per request. */
const share = (rows: Share[], limit: number, cpuMsPerRequest: number) =>
  rows
    .slice(0, limit)
    .map((row) => {
      const msPerRequest = ((row.percent / 100) * cpuMsPerRequest).toFixed(3);
      return `  ${row.percent.toFixed(1).padStart(5)}%  ${msPerRequest.padStart(6)} ms  ${row.name}`;
    })
    .join('\n');

function print(title: string, windows: Record<string, Window>) {
  for (const [name, { load, cpuMsPerRequest, profile }] of Object.entries(windows)) {
    const idle = (100 * (1 - profile.busySamples / profile.samples)).toFixed(0);
    console.log(
      `\n=== ${title}: ${name} — ${Math.round(load.perSecond)} req/s, server CPU ${cpuMsPerRequest.toFixed(3)} ms ` +
        `per request; ${profile.busySamples} busy samples (idle ${idle}% of the window)`,
    );
    const show = (heading: string, rows: Share[], limit: number) =>
      console.log(`${heading} (% of busy samples, CPU ms per request):\n${share(rows, limit, cpuMsPerRequest)}`);
    show('Self time by package', profile.selfByGroup, 25);
    show('Inclusive (on the stack) by package', profile.inclusiveByGroup, 25);
    show('Top self time by function', profile.selfByFunction, 25);
    show('Top inclusive by function', profile.inclusiveByFunction, 60);
  }
}

async function main() {
  const settings = readSettings(process.argv.slice(2));
  const seconds = settings.quick ? 2 : 10;
  const loadAtStart = loadAverage();
  printMachine(loadAtStart);
  const results: Record<string, Awaited<ReturnType<typeof profileDatabase>>> = {};
  for (const kind of settings.databases) {
    results[kind] =
      kind === 'postgres'
        ? await withBenchDatabase(benchServerUrl(), (url) => profileDatabase(url, seconds, settings.warmUpSeconds))
        : await profileDatabase(undefined, seconds, settings.warmUpSeconds);
    print(kind, results[kind].windows);
  }
  const file = await writeResults('profile', {
    date: new Date().toISOString(),
    machine,
    loadAverage: { start: loadAtStart, end: loadAverage() },
    samplingIntervalUs: SAMPLING_US,
    results,
  });
  console.log(`\nSummary written to ${file}`);
}

await runBounded('bench:profile', 20 * 60_000, main);
