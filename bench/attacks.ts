/**
 * npm run bench:attacks — the attacks of the security review, measured again against a Konekt
 * server in its own process, on embedded PGlite and on PostgreSQL: a huge aliased query while
 * another client works, deep nesting, big pages, bursts of wrong passwords (on one and on two
 * servers), idle TCP connections, idle anonymous sockets and one token's subscriptions.
 * Figures, not verdicts: the tests assert the behaviour; this says how long and how many.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { AttackServerInfo } from './attack-server.js';
import { residentKiB, startChild, type Child } from './children.js';
import { cleanUpEverything, registerCleanup } from './cleanup.js';
import { benchServerUrl, withBenchDatabase } from './database.js';
import { summarize, table } from './stats.js';

const SERVER = new URL('./attack-server.ts', import.meta.url).pathname;
/** The attacker speaks from another loopback address than the honest client. */
const ATTACKER = '127.0.0.2';
const BURST = 400;
const IDLE_CONNECTIONS = 10_000;
const ANONYMOUS_SOCKETS = 500;
const SUBSCRIPTIONS = 2_000;
const ATTACKED_PASSWORD = 'the right password 2026';

type Server = Child<AttackServerInfo>;
type Answer = {
  status: number;
  body: {
    data?: Record<string, { __typename?: string }>;
    errors?: { extensions?: { code?: string; limit?: string } }[];
  };
};

async function post(url: string, query: string, variables: unknown = {}, token?: string): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const refusalOf = (answer: Answer) => {
  const extensions = answer.body.errors?.[0]?.extensions;
  return extensions ? `${extensions.code}${extensions.limit ? `/${extensions.limit}` : ''}` : 'answered';
};

/** Latencies of an honest client asking `{ plans { code } }` one after another while `attack` runs. */
async function whileHonestClientWorks<T>(server: Server, attack: () => Promise<T>) {
  const latencies: number[] = [];
  let running = true;
  const honest = (async () => {
    while (running) {
      const started = performance.now();
      await post(server.info.url, '{ plans { code } }');
      latencies.push(performance.now() - started);
    }
  })();
  const startedAt = performance.now();
  const result = await attack();
  const took = performance.now() - startedAt;
  running = false;
  await honest;
  const summary = summarize(latencies);
  return { result, startedAt, tookMs: round(took), honest: { ...summary, maxMs: round(Math.max(...latencies)) } };
}

const round = (value: number) => Math.round(value * 10) / 10;

async function operationAttacks(server: Server) {
  const aliases = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
  const wizards = `mutation { ${Array.from(
    { length: 2_000 },
    (_, i) =>
      `w${i}: startConnectWizard(input: { program: HANDEL, companyNip: "5260001246", path: OWNER }) { __typename }`,
  ).join(' ')} }`;
  const nested = (levels: number) =>
    `{ me { ${'memberships { account { '.repeat(levels)}id${' } }'.repeat(levels)} } }`;
  const page = (first: number) =>
    `{ documentEvents(first: ${first}) { edges { node { cursor sequence kind document { id number issueDate seller { name nip address } buyer { name nip address } lines { name quantity unitNetPrice vatRate netAmount vatAmount grossAmount } totals { netAmount vatAmount grossAmount } attachments { fileName size sha256 } } } } } }`;
  const token = server.info.companies[0]!.receiverToken;
  const quiet = await whileHonestClientWorks(server, () => sleep(2_000));
  const rows: Record<string, unknown> = {
    'nothing (the other client alone)': { answer: '-', perAttackMs: 0, honest: quiet.honest },
  };
  for (const [name, query, bearer] of [
    ['10,000 aliases of me', aliases, undefined],
    ['2,000 aliased startConnectWizard', wizards, undefined],
    ['40 levels of memberships/account', nested(40), undefined],
    ['400 levels of memberships/account', nested(400), undefined],
    ['documentEvents(first: 500), whole documents', page(500), token],
    ['documentEvents(first: 200), whole documents', page(200), token],
  ] as const) {
    const measured = await whileHonestClientWorks(server, async () => {
      const answers: Answer[] = [];
      for (let i = 0; i < 10; i += 1) answers.push(await post(server.info.url, query, {}, bearer));
      return answers;
    });
    rows[name] = {
      answer: refusalOf(measured.result[0]!),
      perAttackMs: round(measured.tookMs / 10),
      honest: measured.honest,
    };
  }
  return rows;
}

const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { __typename } }`;
const ENTER = `mutation ($input: EnterExchangePasswordInput!) { enterExchangePassword(input: $input) { __typename } }`;

/** BURST wrong passwords at once (the right one at position 30), spread over the servers. */
async function burst(servers: Server[], query: string, input: (password: string) => unknown) {
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      post(servers[i % servers.length]!.info.url, query, {
        input: input(i === 30 ? ATTACKED_PASSWORD : `wrong password ${i}`),
      }),
    ),
  );
  const kinds = answers.map((answer) => Object.values(answer.body.data ?? {})[0]?.__typename ?? refusalOf(answer));
  const answered: Record<string, number> = {};
  for (const kind of kinds) answered[kind] = (answered[kind] ?? 0) + 1;
  return {
    evaluated: answered.InvalidCredentialsError ?? 0,
    answered,
    rightPasswordGot: kinds[30],
    tookMs: round(performance.now() - started),
  };
}

const openFiles = async (pid: number) => (await readdir(`/proc/${pid}/fd`)).length;

/** Idle TCP connections from the attacker's address; how many were refused or closed, and whether /healthz still answers. */
async function idleConnections(server: Server) {
  const port = Number(new URL(server.info.url).port);
  const sockets: net.Socket[] = [];
  let closed = 0;
  let failed = 0;
  await Promise.all(
    Array.from(
      { length: IDLE_CONNECTIONS },
      () =>
        new Promise<void>((resolve) => {
          const socket = net.connect({ port, host: '127.0.0.1', localAddress: ATTACKER });
          sockets.push(socket);
          socket.once('close', () => (closed += 1));
          socket.once('connect', () => resolve());
          socket.once('error', () => {
            failed += 1;
            resolve();
          });
        }),
    ),
  );
  const connected = sockets.filter((socket) => !socket.destroyed).length;
  const started = performance.now();
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  const healthMs = round(performance.now() - started);
  // What the server holds: its open file descriptors, and how many of the attacker's connections are closed.
  const held: { afterS: number; serverFds: number; closedByServer: number }[] = [];
  for (const afterS of [1, 3, 12, 20]) {
    await sleep(afterS * 1000 - (performance.now() - started));
    held.push({ afterS, serverFds: await openFiles(server.pid), closedByServer: closed });
  }
  for (const socket of sockets) socket.destroy();
  return { connections: IDLE_CONNECTIONS, connectFailed: failed, connected, healthz: health.status, healthMs, held };
}

/** Anonymous sockets that send connection_init and then nothing: how many were let in, and how long they stayed. */
async function anonymousSockets(server: Server) {
  const results = await Promise.all(
    Array.from(
      { length: ANONYMOUS_SOCKETS },
      () =>
        new Promise<{ opened: boolean; status?: number; closedAfterMs?: number; code?: number }>((resolve) => {
          const socket = new WebSocket(server.info.wsUrl, 'graphql-transport-ws', { localAddress: ATTACKER });
          registerCleanup(() => Promise.resolve(socket.terminate()));
          socket.on('error', () => undefined);
          socket.once('unexpected-response', (_request, response) =>
            resolve({ opened: false, status: response.statusCode }),
          );
          socket.once('open', () => {
            const opened = performance.now();
            socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
            socket.once('close', (code) => resolve({ opened: true, closedAfterMs: performance.now() - opened, code }));
          });
        }),
    ),
  );
  const opened = results.filter((r) => r.opened);
  return {
    sockets: ANONYMOUS_SOCKETS,
    opened: opened.length,
    refused429: results.filter((r) => r.status === 429).length,
    closeCodes: [...new Set(opened.map((r) => r.code))],
    openForMs: opened.length ? summarize(opened.map((r) => r.closedAfterMs!)) : null,
  };
}

/** One program token asking for SUBSCRIPTIONS subscriptions on one socket while an honest client works. */
async function subscriptionsOfOneToken(server: Server) {
  const token = server.info.companies[0]!.receiverToken;
  const socket = new WebSocket(server.info.wsUrl, 'graphql-transport-ws');
  registerCleanup(() => Promise.resolve(socket.terminate()));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await new Promise((resolve) => socket.once('message', resolve));
  const answers = new Map<string, string>();
  let lastAnswerAt = 0;
  socket.on('message', (data) => {
    const message = JSON.parse((data as Buffer).toString()) as {
      id?: string;
      type: string;
      payload?: { extensions?: { code?: string } }[];
    };
    if (!message.id || answers.has(message.id)) return;
    answers.set(
      message.id,
      message.type === 'error' ? (message.payload?.[0]?.extensions?.code ?? 'error') : message.type,
    );
    lastAnswerAt = performance.now();
  });
  const measured = await whileHonestClientWorks(server, async () => {
    for (let i = 0; i < SUBSCRIPTIONS; i += 1) {
      socket.send(
        JSON.stringify({
          id: String(i),
          type: 'subscribe',
          payload: { query: 'subscription { documentEvents { sequence } }' },
        }),
      );
    }
    // A live subscription on an empty log answers nothing: wait until the refusals stop coming.
    let seen = -1;
    while (answers.size !== seen) {
      seen = answers.size;
      await sleep(1_000);
    }
  });
  const refused = [...answers.values()].filter((kind) => kind === 'TOO_MANY_SUBSCRIPTIONS').length;
  socket.close();
  return {
    asked: SUBSCRIPTIONS,
    refused,
    live: SUBSCRIPTIONS - answers.size,
    allRefusedAfterMs: round(lastAnswerAt - measured.startedAt),
    honest: measured.honest,
  };
}

async function attack(databaseUrl: string | undefined) {
  const env = { ...process.env, DATABASE_URL: databaseUrl ?? '', BENCH_PASSWORD: ATTACKED_PASSWORD };
  const server = await startChild<AttackServerInfo>(SERVER, env, 180_000);
  const second = databaseUrl
    ? await startChild<AttackServerInfo>(SERVER, { ...env, BENCH_SEED: 'no' }, 180_000)
    : undefined;
  try {
    const rssBeforeKiB = await residentKiB(server.pid);
    const operations = await operationAttacks(server);
    // A fresh account for each burst: one account's attempts count across all three ways in.
    const [first, other, third] = server.info.senders;
    const bursts = {
      signIn: await burst([server], SIGN_IN, (password) => ({ email: first!.email, password })),
      enterExchangePassword: await burst([server], ENTER, (password) => ({
        configurationId: other!.configurationId,
        password,
      })),
      ...(second
        ? {
            signInOnTwoServers: await burst([server, second], SIGN_IN, (password) => ({
              email: third!.email,
              password,
            })),
          }
        : {}),
    };
    const idle = await idleConnections(server);
    const anonymous = await anonymousSockets(server);
    const subscriptions = await subscriptionsOfOneToken(server);
    const rssAfterKiB = await residentKiB(server.pid);
    return { operations, bursts, idle, anonymous, subscriptions, rssBeforeKiB, rssAfterKiB };
  } finally {
    await second?.stop();
    await server.stop();
  }
}

function print(name: string, result: Awaited<ReturnType<typeof attack>>) {
  console.log(`\n== ${name}`);
  console.log(
    table(
      ['attack (10 in a row)', 'answer', 'ms each', 'other client median', 'p99', 'max'],
      Object.entries(result.operations).map(([attackName, row]) => {
        const r = row as {
          answer: string;
          perAttackMs: number;
          honest: { medianMs: number; p99Ms: number; maxMs: number };
        };
        return [
          attackName,
          r.answer,
          String(r.perAttackMs),
          String(round(r.honest.medianMs)),
          String(round(r.honest.p99Ms)),
          String(r.honest.maxMs),
        ];
      }),
    ),
  );
  console.log(
    table(
      [`burst of ${BURST} wrong passwords`, 'checked', 'all answers', 'right one got', 'ms'],
      Object.entries(result.bursts).map(([burstName, b]) => [
        burstName,
        String(b.evaluated),
        Object.entries(b.answered)
          .map(([kind, count]) => `${count} ${kind}`)
          .join(', '),
        String(b.rightPasswordGot),
        String(b.tookMs),
      ]),
    ),
  );
  console.log('idle TCP connections:', JSON.stringify(result.idle));
  console.log('anonymous sockets:', JSON.stringify(result.anonymous));
  console.log('subscriptions of one token:', JSON.stringify(result.subscriptions));
  console.log(
    `server RSS: ${Math.round(result.rssBeforeKiB / 1024)} MiB before, ${Math.round(result.rssAfterKiB / 1024)} MiB after`,
  );
}

const watchdog = setTimeout(() => {
  console.error('bench:attacks took too long; stopping');
  void cleanUpEverything().then(() => process.exit(1));
}, 20 * 60_000);
process.once('SIGINT', () => void cleanUpEverything().then(() => process.exit(130)));

try {
  console.log(
    `Machine: ${os.cpus()[0]?.model}, ${os.cpus().length} cores, Node ${process.version}; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const results = {
    pglite: await attack(undefined),
    postgres: await withBenchDatabase(benchServerUrl(), (url) => attack(url)),
  };
  print('embedded PGlite', results.pglite);
  print('PostgreSQL (two servers for the shared burst)', results.postgres);
  const file = new URL(`./results/attacks-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url);
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(
    file,
    JSON.stringify(
      { machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version }, results },
      null,
      2,
    ),
  );
  console.log(`\nresults in ${file.pathname}`);
} finally {
  clearTimeout(watchdog);
  await cleanUpEverything();
}
