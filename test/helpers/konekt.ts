import { spawn } from 'node:child_process';
import path from 'node:path';
import { disposeAfterAll } from './dispose.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The real `konekt` executable as a child process, killed after the test file if still running. */
export function startKonekt(args: string[]) {
  const env = { ...process.env };
  delete env.KONEKT_PROFILE;
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'konekt.js'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  disposeAfterAll(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const wake = () => {
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    wake();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
      wake();
    }),
  );
  return {
    child,
    exited,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    write(...lines: string[]) {
      for (const line of lines) child.stdin.write(`${line}\n`);
    },
    /** Resolves once `pattern` shows on stdout or stderr (`count` times). */
    waitFor(pattern: string | RegExp, count = 1, timeoutMs = 20_000) {
      const regex =
        typeof pattern === 'string'
          ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g')
          : new RegExp(pattern.source, 'g');
      const seen = () => (`${stdout}\n${stderr}`.match(regex)?.length ?? 0) >= count;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no ${regex} ×${count} in:\n${stdout}\n${stderr}`)), timeoutMs);
        const check = () => {
          if (seen()) done();
          else if (child.exitCode !== null) done(new Error(`konekt exited before ${regex}:\n${stdout}\n${stderr}`));
        };
        function done(error?: Error) {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        }
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs `konekt` to its end with no input; resolves with its exit code and output. */
export async function runKonekt(args: string[]) {
  const konekt = startKonekt(args);
  konekt.child.stdin.end();
  const code = await konekt.exited;
  return { code, stdout: konekt.stdout, stderr: konekt.stderr };
}
