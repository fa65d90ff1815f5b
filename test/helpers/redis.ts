import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { disposeAfterAll } from './dispose.js';
import { unusedPort } from './wait.js';

/** Whether `redis-server` can be run here; the tests that need their own Redis are skipped otherwise. */
export const hasRedisServer = () => spawnSync('redis-server', ['--version']).status === 0;

export interface ThrowawayRedis {
  url: string;
  /** SIGKILL, as a crash: every connection drops at once. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/** A Redis of the test's own on a free port, keeping nothing on disk; killed after the test file. */
export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await unusedPort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      started.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) resolve();
      });
      started.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
    });
  };
  const kill = async () => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  disposeAfterAll(kill);
  await start();
  return { url: `redis://127.0.0.1:${port}`, kill, start };
}
