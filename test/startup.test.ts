import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newNip } from './helpers/nip.js';

const root = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Runs `src/main.ts` as `npm start` does and waits for the line that says where it listens. */
async function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', SMTP_URL: '', PUBLIC_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /listening on (http:\/\/\S+\/graphql)/.exec(log);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${log}`)));
  });
  /** Resolves with the first match of `pattern` in the server's output, waiting for it to be written. */
  const waitForLog = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve) => {
      const look = () => {
        const match = pattern.exec(log);
        if (!match) return false;
        child.stdout!.off('data', look);
        child.stderr!.off('data', look);
        resolve(match);
        return true;
      };
      if (!look()) {
        child.stdout!.on('data', look);
        child.stderr!.on('data', look);
      }
    });
  return { child, url, log: () => log, waitForLog };
}

async function gql(url: string, query: string, variables: unknown = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: Record<string, Record<string, unknown>> };
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

describe('the server as `npm start` runs it', () => {
  it('creates and migrates the embedded database, writes mails to the outbox, and keeps data across restarts', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'konekt-start-'));
    try {
      const first = await startMain({ DATA_DIR: dataDir, DATABASE_URL: '' });
      const email = 'outbox-owner@example.pl';
      const registered = await gql(
        first.url,
        'mutation ($input: RegisterInput!) { register(input: $input) { __typename } }',
        {
          input: { companyName: 'Outbox', nip: newNip(), email, plan: 'FREE', locale: 'PL' },
        },
      );
      expect(registered.data.register).toEqual({ __typename: 'RegisterPayload' });

      // The mail is delivered after the answer, from the database's outbox: its link is logged then.
      const logged = await first.waitForLog(/link: (http:\/\/localhost:\d+\/activate\?token=[\w-]+)/);
      const outbox = path.join(dataDir, 'outbox');
      const files = await readdir(outbox);
      expect(files).toHaveLength(1);
      const eml = await readFile(path.join(outbox, files[0]!), 'utf8');
      expect(eml).toMatch(/^To: outbox-owner@example\.pl$/m);
      expect(eml).toContain('Content-Type: text/html');
      expect(logged[1]!.startsWith(first.url.replace('/graphql', ''))).toBe(true);
      expect(await stop(first.child)).toBe(0);

      const second = await startMain({ DATA_DIR: dataDir, DATABASE_URL: '' });
      const token = new URL(logged[1]!).searchParams.get('token');
      const activated = await gql(
        second.url,
        'mutation ($input: SetPasswordInput!) { activateAccount(input: $input) { __typename } }',
        {
          input: { token, password: 'persisted password' },
        },
      );
      expect(activated.data.activateAccount).toEqual({ __typename: 'AccountPayload' });
      expect(await stop(second.child)).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
