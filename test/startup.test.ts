import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startMain, stopMain as stop } from './helpers/main-process.js';
import { newNip } from './helpers/nip.js';

async function gql(url: string, query: string, variables: unknown = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data: Record<string, Record<string, unknown>> };
}

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

      const outbox = path.join(dataDir, 'outbox');
      const files = await readdir(outbox);
      expect(files).toHaveLength(1);
      const eml = await readFile(path.join(outbox, files[0]!), 'utf8');
      expect(eml).toMatch(/^To: outbox-owner@example\.pl$/m);
      expect(eml).toContain('Content-Type: text/html');
      const logged = /link: (http:\/\/localhost:\d+\/activate\?token=[\w-]+)/.exec(first.log());
      expect(logged, first.log()).not.toBeNull();
      expect(logged![1]!.startsWith(first.url.replace('/graphql', ''))).toBe(true);
      expect(await stop(first.child)).toBe(0);

      const second = await startMain({ DATA_DIR: dataDir, DATABASE_URL: '' });
      const token = new URL(logged![1]!).searchParams.get('token');
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
