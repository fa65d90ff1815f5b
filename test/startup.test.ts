import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunning } from '../scripts/bundle.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { createScratchDatabase } from './helpers/database.js';
import { CLEAN_ENV, gql, spawnMain, startMain } from './helpers/main.js';
import { newNip } from './helpers/nip.js';
import { deadPort } from './helpers/ports.js';
import { eventually } from './helpers/wait.js';

const scratch = await mkdtemp(path.join(tmpdir(), 'konekt-start-'));
disposeAfterAll(() => rm(scratch, { recursive: true, force: true }));

describe('the server as `npm start` runs it', () => {
  it('creates and migrates the embedded database, writes mails to the outbox, and keeps data across restarts', async () => {
    const dataDir = await mkdtemp(path.join(scratch, 'data-'));
    try {
      const first = await startMain({ DATA_DIR: dataDir, METRICS_PORT: '0' });
      // stderr is no terminal here: the log is JSON lines; the metrics have a port of their own.
      const listening = first
        .log()
        .split('\n')
        .find((line) => line.includes('listening on'));
      expect(JSON.parse(listening!)).toMatchObject({
        level: 'info',
        msg: expect.stringMatching(/^Konekt is listening/),
      });
      const [, metricsUrl] = await first.waitForLog(/metrics at (http:\/\/\S+\/metrics)/);
      expect(await (await fetch(metricsUrl!)).text()).toContain('konekt_documents_sent_total');
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
      expect(await first.stop()).toBe(0);

      const second = await startMain({ DATA_DIR: dataDir });
      const token = new URL(logged[1]!).searchParams.get('token');
      const activated = await gql(
        second.url,
        'mutation ($input: SetPasswordInput!) { activateAccount(input: $input) { __typename } }',
        {
          input: { token, password: 'persisted password' },
        },
      );
      expect(activated.data.activateAccount).toEqual({ __typename: 'AccountPayload' });
      expect(await second.stop()).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Runs `src/main.ts` with one setting wrong; resolves with what it printed and its exit code. */
async function refusedStart(env: Record<string, string>) {
  const dataDir = path.join(scratch, `never-${Math.random().toString(36).slice(2)}`);
  const child = spawnMain({ DATA_DIR: dataDir, ...env });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, stdout, stderr, created: existsSync(dataDir) };
}

const START = 'Konekt cannot start: ';

describe('start-up mistakes: one line naming the setting and what to do, exit status 1, nothing created', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT="abc" is not a port number; use a whole number from 0 to 65535 (0 picks a free port).'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL="verbose" is not a log level; use one of debug, info, warn, error, silent.'],
    [
      { PORT: '4000', METRICS_PORT: '4000' },
      'METRICS_PORT="4000" is not a port of its own; use a whole number from 0 to 65535 (0 picks a free port) that is not PORT\'s, or unset METRICS_PORT to serve no metrics.',
    ],
    [
      { MAX_BODY_BYTES: '10MB' },
      'MAX_BODY_BYTES="10MB" is not a number of bytes; use a whole number of at least 1024, e.g. 10485760 for 10 MiB.',
    ],
    [
      { DATABASE_URL: 'not-a-url' },
      'DATABASE_URL="not-a-url" is not a URL; use postgres://user:password@host:5432/database, or unset DATABASE_URL for the embedded database.',
    ],
    [
      { DATABASE_URL: 'mysql://root:secret@localhost/konekt' },
      'DATABASE_URL="mysql://root:***@localhost/konekt" is not a PostgreSQL URL: Konekt works with PostgreSQL only; use postgres://user:password@host:5432/database, or unset DATABASE_URL for the embedded database.',
    ],
    [
      { DATABASE_DIRECT_URL: 'postgres://127.0.0.1/konekt' },
      'DATABASE_DIRECT_URL="postgres://127.0.0.1/konekt" only goes with DATABASE_URL: set DATABASE_URL too, or unset DATABASE_DIRECT_URL for the embedded database.',
    ],
    [
      { DATABASE_URL: 'postgres://127.0.0.1:6432/konekt', DATABASE_DIRECT_URL: 'db.example.pl:5432' },
      'DATABASE_DIRECT_URL="db.example.pl:5432" is not a PostgreSQL URL; use postgres://user:password@host:5432/database (the database of DATABASE_URL, reached without the pooler).',
    ],
    [
      { DATABASE_URL: 'not-a-url', DATABASE_DIRECT_URL: 'postgres://127.0.0.1/konekt' },
      'DATABASE_URL="not-a-url" is not a URL; use postgres://user:password@host:5432/database, or unset DATABASE_URL for the embedded database.',
    ],
    [
      { DATABASE_PREPARED_STATEMENTS: 'sometimes' },
      'DATABASE_PREPARED_STATEMENTS="sometimes" is not a yes or no; use true or false.',
    ],
    [
      { SMTP_URL: 'mail.example.pl:25' },
      'SMTP_URL="mail.example.pl:25" is not an SMTP URL; use smtp://user:password@host:587 (smtps:// for TLS), or unset SMTP_URL to write mails to DATA_DIR/outbox.',
    ],
    [
      { REDIS_URL: 'http://user:secret@127.0.0.1:6379' },
      'REDIS_URL="http://user:***@127.0.0.1:6379" is not a Redis URL; use redis://host:6379 (rediss:// for TLS), or unset REDIS_URL when only one Konekt server runs.',
    ],
    [
      { PUBLIC_URL: 'konekt.example.pl' },
      'PUBLIC_URL="konekt.example.pl" is not an http:// or https:// URL; use the address people open Konekt at, e.g. https://konekt.example.pl.',
    ],
    [
      { STOP_DRAIN_MS: '2.5s' },
      'STOP_DRAIN_MS="2.5s" is not a number of milliseconds (0: stop at once); use a whole number of at least 0.',
    ],
    [
      { TRUST_PROXY: '10.0.0.5,load-balancer' },
      'TRUST_PROXY="10.0.0.5,load-balancer" is not a list of proxy addresses; use IP addresses or CIDR ranges, e.g. 10.0.0.5,10.1.0.0/16.',
    ],
    [
      { MAIL_FROM: 'Konekt' },
      'MAIL_FROM="Konekt" is not a mail address; use an address, with a name if you like: Konekt <no-reply@example.pl>.',
    ],
  ])('%o', async (env, line) => {
    const started = await refusedStart(env);
    expect(started).toEqual({ code: 1, stdout: '', stderr: `${START}${line}\n`, created: false });
  });

  it('names every wrong setting, one line each', async () => {
    const started = await refusedStart({ PORT: '-1', LOG_LEVEL: 'loud' });
    expect(started.code).toBe(1);
    expect(started.stderr.split('\n')).toEqual([
      expect.stringMatching(/^Konekt cannot start: PORT="-1" is not a port number/),
      expect.stringMatching(/^Konekt cannot start: LOG_LEVEL="loud" is not a log level/),
      '',
    ]);
  });

  it('stops when the npm that runs it is told to stop, as a process manager stops `npm start`', async () => {
    const dataDir = await mkdtemp(path.join(scratch, 'data-'));
    const npm = spawn('npm', ['start'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, ...CLEAN_ENV, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const listening = new Promise<number>((resolve, reject) => {
      let output = '';
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((one) => one.includes('listening on'));
        if (line) resolve((JSON.parse(line) as { pid: number }).pid);
      };
      npm.stdout.on('data', read);
      npm.stderr.on('data', read);
      npm.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
    });
    disposeAfterAll(async () => {
      npm.kill('SIGKILL');
      const pid = await listening.catch(() => undefined);
      if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGKILL');
    });
    const serverPid = await listening;
    npm.kill('SIGTERM');
    await eventually('the server has stopped', () => !isRunning(serverPid));
  });

  it('refuses a port that is in use before creating the database', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    disposeAfterAll(() => new Promise((resolve) => holder.close(resolve)));
    const { port } = holder.address() as { port: number };
    const started = await refusedStart({ PORT: String(port) });
    expect(started).toEqual({
      code: 1,
      stdout: '',
      stderr: `${START}PORT="${port}": the port is already in use on 127.0.0.1; stop the program using it or choose another port (PORT=0 picks a free one).\n`,
      created: false,
    });
  });

  it('refuses a DATA_DIR that is a file', async () => {
    const file = path.join(scratch, 'a-file');
    await writeFile(file, 'not a folder');
    const started = await refusedStart({ DATA_DIR: file });
    expect(started).toMatchObject({
      code: 1,
      stderr: `${START}DATA_DIR=${JSON.stringify(file)} is a file, not a folder; name a folder (it is created when missing).\n`,
    });
  });

  it('refuses a DATABASE_URL where nothing answers, with the password masked', async () => {
    const port = await deadPort();
    const started = await refusedStart({ DATABASE_URL: `postgres://konekt:secret@127.0.0.1:${port}/konekt` });
    expect(started).toEqual({
      code: 1,
      stdout: '',
      stderr: `${START}DATABASE_URL="postgres://konekt:***@127.0.0.1:${port}/konekt": nothing answers at 127.0.0.1:${port} (connection refused); start PostgreSQL there or correct the host and port.\n`,
      created: false,
    });
  });

  it('refuses a DATABASE_DIRECT_URL where nothing answers, naming it: the migrations use it first', async () => {
    const [pooled, direct] = [await deadPort(), await deadPort()];
    const started = await refusedStart({
      DATABASE_URL: `postgres://konekt:secret@127.0.0.1:${pooled}/konekt`,
      DATABASE_DIRECT_URL: `postgres://konekt:secret@127.0.0.1:${direct}/konekt`,
    });
    expect(started).toEqual({
      code: 1,
      stdout: '',
      stderr: `${START}DATABASE_DIRECT_URL="postgres://konekt:***@127.0.0.1:${direct}/konekt": nothing answers at 127.0.0.1:${direct} (connection refused); start PostgreSQL there or correct the host and port.\n`,
      created: false,
    });
  });

  it.runIf(process.env.DATABASE_URL)(
    'refuses a DATABASE_URL where nothing answers at start, though the migrations went through DATABASE_DIRECT_URL',
    async () => {
      const direct = await createScratchDatabase(process.env.DATABASE_URL!, 'konekt_direct');
      disposeAfterAll(direct.drop);
      const pooled = await deadPort();
      const started = await refusedStart({
        DATABASE_URL: `postgres://konekt:secret@127.0.0.1:${pooled}/konekt`,
        DATABASE_DIRECT_URL: direct.url,
      });
      expect(started).toMatchObject({
        code: 1,
        stderr: `${START}DATABASE_URL="postgres://konekt:***@127.0.0.1:${pooled}/konekt": nothing answers at 127.0.0.1:${pooled} (connection refused); start PostgreSQL there or correct the host and port.\n`,
      });
    },
  );

  it('refuses a REDIS_URL where nothing answers instead of waiting for it', async () => {
    const port = await deadPort();
    const started = await refusedStart({ REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(started).toEqual({
      code: 1,
      stdout: '',
      stderr: `${START}REDIS_URL="redis://127.0.0.1:${port}": nothing answers at 127.0.0.1:${port} (connection refused); start Redis there, correct the URL or unset REDIS_URL when only one Konekt server runs.\n`,
      created: false,
    });
  });

  it.runIf(process.env.DATABASE_URL)('refuses a DATABASE_URL naming a database that does not exist', async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = '/konekt_missing_database';
    const started = await refusedStart({ DATABASE_URL: url.toString() });
    const where = `${url.hostname}:${url.port || '5432'}`;
    expect(started).toEqual({
      code: 1,
      stdout: '',
      stderr: `${START}DATABASE_URL=${JSON.stringify(url.toString().replace(/:[^:@/]*@/, ':***@'))}: the database "konekt_missing_database" does not exist on ${where}; create it (createdb konekt_missing_database) or name an existing one.\n`,
      created: false,
    });
  });
});
