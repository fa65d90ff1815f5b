import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { deadPort } from './ports.js';

const run = promisify(execFile);

export interface BalancedServer {
  /** haproxy's name for it: s0, s1 … in the order given. */
  name: string;
  /** Its /readyz answers 200: haproxy sends it traffic. */
  up: boolean;
  /** Connections open to it now (a WebSocket counts until it closes). */
  current: number;
  /** Connections it has had since haproxy started. */
  total: number;
}

export interface Balancer {
  /** http://127.0.0.1:port/graphql on the balancer. */
  url: string;
  servers(): Promise<BalancedServer[]>;
  /** Resolves once haproxy counts exactly `count` servers up. */
  waitForUp(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The haproxy binary, or undefined when it is not installed. */
export async function haproxyBinary(): Promise<string | undefined> {
  try {
    const { stdout } = await run('sh', ['-c', 'command -v haproxy']);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a test of several servers behind a balancer lacks on this machine (PostgreSQL named by
 * DATABASE_URL, Redis, haproxy), as one line; undefined when everything is there.
 */
export async function missingForCluster(redisUrl: string, options: { haproxy: boolean }): Promise<string | undefined> {
  const missing: string[] = [];
  if (!process.env.DATABASE_URL) missing.push('PostgreSQL (set DATABASE_URL=postgres://…)');
  if (!(await answers(redisUrl))) missing.push(`Redis at ${redisUrl} (apt-get install redis-server)`);
  if (options.haproxy && !(await haproxyBinary())) missing.push('HAProxy (apt-get install haproxy)');
  return missing.length > 0 ? `skipped: needs ${missing.join(', ')}` : undefined;
}

function answers(redisUrl: string): Promise<boolean> {
  const { hostname, port } = new URL(redisUrl);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Failed checks in a row that take a server out: not one slow answer on a busy machine. */
export const CHECK_FALL = 3;

/**
 * The configuration of a balancer in front of `backends` (host:port of each Konekt server): round
 * robin, WebSocket upgrades passed through and kept open as long as they live, servers checked on
 * /readyz every `checkIntervalMs`, and a request whose server refuses the connection sent to another one.
 */
export function haproxyConfig(
  port: number,
  backends: string[],
  statsSocket: string,
  maxConnections: number,
  checkIntervalMs = 1000,
): string {
  return [
    'global',
    // Each connection takes two descriptors (client and server side), within the process's limit.
    `  maxconn ${maxConnections}`,
    `  stats socket ${statsSocket} mode 600 level admin`,
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 1h',
    '  timeout server 1h',
    '  timeout tunnel 1h',
    '  timeout http-request 10s',
    '  retries 3',
    '  option redispatch',
    // Konekt believes it for the per-address limits when TRUST_PROXY lists the balancer.
    '  option forwardfor',
    'frontend konekt',
    `  bind 127.0.0.1:${port}`,
    `  maxconn ${maxConnections}`,
    '  default_backend konekt_servers',
    'backend konekt_servers',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-check expect status 200',
    '  timeout check 5s',
    `  default-server check inter ${checkIntervalMs}ms fall ${CHECK_FALL} rise 2 maxconn ${maxConnections}`,
    ...backends.map((backend, i) => `  server s${i} ${backend}`),
    '',
  ].join('\n');
}

/**
 * Starts `haproxy -db` in front of the servers at `urls` (http://host:port/…). The caller stops it
 * (a test with disposeAfterAll); this module stays free of vitest so that the benches use it too.
 * A test that restarts servers checks them more often, so that each restart is noticed sooner.
 */
export async function startHaproxy(urls: string[], maxConnections = 2000, checkIntervalMs = 1000): Promise<Balancer> {
  const binary = await haproxyBinary();
  if (!binary) throw new Error('haproxy is not installed (apt-get install haproxy)');
  const dir = await mkdtemp(path.join(tmpdir(), 'konekt-haproxy-'));
  const statsSocket = path.join(dir, 'admin.sock');
  const config = path.join(dir, 'haproxy.cfg');
  const port = await deadPort();
  await writeFile(
    config,
    haproxyConfig(
      port,
      urls.map((url) => new URL(url).host),
      statsSocket,
      maxConnections,
      checkIntervalMs,
    ),
  );
  const child = spawn(binary, ['-f', config, '-db'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const servers = async () => parseStats(await ask(statsSocket, 'show stat\n'));
  const balancer: Balancer = {
    url: `http://127.0.0.1:${port}/graphql`,
    servers,
    async waitForUp(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`haproxy exited: ${log}`);
        const up = (await servers().catch(() => [])).filter((server) => server.up).length;
        if (up === count) return;
        if (Date.now() > deadline) throw new Error(`haproxy counts ${up} servers up, not ${count}: ${log}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop,
  };
  return balancer;
}

/** One command on haproxy's admin socket; resolves with the whole answer. */
function ask(socketPath: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.once('error', reject);
    socket.once('end', () => resolve(answer));
    socket.once('connect', () => socket.write(command));
  });
}

/** The server rows of `show stat` (CSV whose first line names the columns after "# "). */
function parseStats(csv: string): BalancedServer[] {
  const [header, ...rows] = csv.trim().split('\n');
  const columns = header!.replace(/^# /, '').split(',');
  const column = (row: string[], name: string) => row[columns.indexOf(name)] ?? '';
  return rows
    .map((line) => line.split(','))
    .filter((row) => column(row, 'pxname') === 'konekt_servers' && /^s\d+$/.test(column(row, 'svname')))
    .map((row) => ({
      name: column(row, 'svname'),
      up: column(row, 'status').startsWith('UP'),
      current: Number(column(row, 'scur')),
      total: Number(column(row, 'stot')),
    }));
}
