import { spawn } from 'node:child_process';
import { disposeAfterAll } from './dispose.js';

/** A Node.js program as a child process, its output collected, killed after the test file if still running. */
export function startNode(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
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
          else if (child.exitCode !== null)
            done(new Error(`the program exited before ${regex}:\n${stdout}\n${stderr}`));
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
