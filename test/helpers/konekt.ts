import path from 'node:path';
import { startNode } from './process.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The real `konekt` executable as a child process, killed after the test file if still running. */
export function startKonekt(args: string[]) {
  const env = { ...process.env };
  delete env.KONEKT_PROFILE;
  return startNode([path.join(ROOT, 'bin', 'konekt.js'), ...args], { cwd: ROOT, env });
}

/** Runs `konekt` to its end with no input; resolves with its exit code and output. */
export async function runKonekt(args: string[]) {
  const konekt = startKonekt(args);
  konekt.child.stdin.end();
  const code = await konekt.exited;
  return { code, stdout: konekt.stdout, stderr: konekt.stderr };
}
