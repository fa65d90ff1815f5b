import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { isRunning } from '../scripts/bundle.js';
import { SERVER_NODE_OPTIONS } from './children.js';
import { registerCleanup } from './cleanup.js';
import { withBenchDatabase } from './database.js';
import { summarize } from './stats.js';

export interface Start {
  /** From spawning `npm start` to the first answer of /healthz. */
  totalMs: number;
  /** What the server itself logs: from its first line of code to listening. */
  serverMs: number;
  /** CPU time of every process of the start (npm, sh, the checks, the server) until listening, from /proc. */
  cpuMs: number;
}

export interface StartupResult {
  /** On an empty data directory (PGlite) or database (PostgreSQL): migrations run. */
  fresh: Start[];
  /** On the same one again. */
  existing: Start[];
  /** `node scripts/start.js` with the flags `npm start` gives it, on the same one again: what `npm start` costs without npm. */
  withoutNpm: Start[];
  freshMedianMs: number;
  existingMedianMs: number;
  withoutNpmMedianMs: number;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 10_000;
const LISTENING = /listening on http:\/\/localhost:(\d+)\/graphql \(GraphiQL there\) in (\d+) ms/;

/** `npm start` exactly as a user runs it, on a fresh data directory or database and then again on it. */
export async function measureStartup(serverUrl: string | undefined, repetitions: number): Promise<StartupResult> {
  const fresh: Start[] = [];
  const existing: Start[] = [];
  const withoutNpm: Start[] = [];
  for (let i = 0; i < repetitions; i += 1) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'konekt-start-'));
    try {
      const twice = async (databaseUrl: string) => {
        fresh.push(await timeStart(NPM_START, dataDir, databaseUrl));
        existing.push(await timeStart(NPM_START, dataDir, databaseUrl));
        withoutNpm.push(await timeStart(START_SCRIPT, dataDir, databaseUrl));
      };
      if (serverUrl) await withBenchDatabase(serverUrl, twice);
      else await twice('');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  const median = (starts: Start[]) => summarize(starts.map((s) => s.totalMs)).medianMs;
  return {
    fresh,
    existing,
    withoutNpm,
    freshMedianMs: median(fresh),
    existingMedianMs: median(existing),
    withoutNpmMedianMs: median(withoutNpm),
  };
}

const NPM_START = ['npm', 'start'];
const START_SCRIPT = [process.execPath, ...SERVER_NODE_OPTIONS, 'scripts/start.js'];

async function timeStart([command, ...args]: string[], dataDir: string, databaseUrl: string): Promise<Start> {
  const started = performance.now();
  // Its own process group, so that stopping it also stops what npm started (sh, prisma, tsx, node).
  const child = spawn(command!, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SMTP_URL: '',
      REDIS_URL: '',
      PUBLIC_URL: '',
    },
  });
  const unregister = registerCleanup(() => stopGroup(child));
  try {
    const { port, serverMs } = await listening(child);
    const cpuMs = await groupCpuMs(child.pid!);
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`/healthz answered ${response.status}`);
    return { totalMs: performance.now() - started, serverMs, cpuMs };
  } finally {
    unregister();
    await stopGroup(child);
  }
}

function listening(child: ChildProcess): Promise<{ port: number; serverMs: number }> {
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start not listening after ${READY_TIMEOUT_MS} ms: ${log}`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = LISTENING.exec(log);
      if (!match) return;
      clearTimeout(timer);
      resolve({ port: Number(match[1]), serverMs: Number(match[2]) });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}): ${log}`));
    });
  });
}

const CLOCK_TICK_MS = 10;

/**
 * User and system time of the live processes of a group, each with its waited-for children (so
 * prisma's check, run and ended, counts too): the start's cost whatever the machine's load.
 */
async function groupCpuMs(group: number): Promise<number> {
  let ticks = 0;
  for (const pid of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    // Fields after the command name: state ppid pgrp … utime(14) stime cutime cstime(17), numbered from pid = 1.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== group) continue;
    ticks += fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
  }
  return ticks * CLOCK_TICK_MS;
}

/** Stops the whole process group, and waits until none of it is left (the server closes its database last). */
async function stopGroup(child: ChildProcess): Promise<void> {
  const group = -child.pid!;
  if (!isRunning(group)) return;
  process.kill(group, 'SIGTERM');
  const deadline = performance.now() + STOP_GRACE_MS;
  while (isRunning(group)) {
    if (performance.now() > deadline) process.kill(group, 'SIGKILL');
    await sleep(50);
  }
}
