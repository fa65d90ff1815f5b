import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { registerCleanup } from './cleanup.js';
import type { ServeInfo } from './serve.js';

export interface Child<Info> {
  pid: number;
  /** The JSON line the child printed once it was ready. */
  info: Info;
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 10_000;

/**
 * Runs `node [nodeOptions] --expose-gc --import tsx <script>` and waits for the one JSON line it prints when it is
 * ready. Its stdin stays open: a child exits by itself when it closes, so none outlives the bench.
 */
export async function startChild<Info>(
  script: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  nodeOptions: string[] = [],
): Promise<Child<Info>> {
  const child = spawn(process.execPath, [...nodeOptions, '--expose-gc', '--import', 'tsx', script], {
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const unregister = registerCleanup(() => stopChild(child));
  const stop = async () => {
    unregister();
    await stopChild(child);
  };
  try {
    const info = JSON.parse(await readyLine(child, script, timeoutMs)) as Info;
    return { pid: child.pid!, info, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The flags `npm start` gives node (package.json's start script): bench servers run with them too. */
export const SERVER_NODE_OPTIONS: string[] = (
  JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .filter((word) => word.startsWith('--'));

/**
 * A Konekt server (bench/serve.ts, of this checkout or another) as `npm start` runs it: node's flags,
 * and NODE_ENV production unless the environment names one (scripts/start.js).
 */
export function startServer(
  script: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  nodeOptions: string[] = [],
): Promise<Child<ServeInfo>> {
  return startChild<ServeInfo>(script, { NODE_ENV: 'production', ...env }, timeoutMs, [
    ...SERVER_NODE_OPTIONS,
    ...nodeOptions,
  ]);
}

/**
 * Runs `node --expose-gc --import tsx <script> <args…>` to its end and returns the last JSON line it printed:
 * for one-shot measurements that must not share a process with the bench (load generators, floors).
 */
export async function runChild<Result>(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<Result> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, ...args], {
    env,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const unregister = registerCleanup(() => stopChild(child));
  let last: string | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) last = line;
  });
  try {
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => void stopChild(child), timeoutMs);
      // 'close', not 'exit': by then every line of its stdout has been read.
      child.once('close', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    if (code !== 0 || !last) throw new Error(`${script} ${args.join(' ')} failed (exit ${code})`);
    return JSON.parse(last) as Result;
  } finally {
    unregister();
  }
}

function readyLine(child: ChildProcess, script: string, timeoutMs: number): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${script} was not ready within ${timeoutMs} ms`)), timeoutMs);
    const onExit = (code: number | null) => finish(new Error(`${script} exited (${code}) before it was ready`));
    function finish(outcome: string | Error) {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
      // Keep draining stdout so a chatty child never blocks on a full pipe.
      child.stdout!.resume();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    }
    child.once('exit', onExit);
    lines.on('line', (line) => {
      if (line.startsWith('{')) finish(line);
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  child.kill('SIGTERM');
  if (!(await exited)) child.kill('SIGKILL');
}

/** Resident set size of a process, in KiB, as the kernel reports it. */
export async function residentKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/** CPU time (user + system) a process has used so far, in seconds, as the kernel counts it. */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, hence the last parenthesis); utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}
