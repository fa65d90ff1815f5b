import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveProfile } from '../src/cli/profile.js';
import { KonektClient, KonektUnreachableError, sampleInvoice } from '../packages/client/src/index.js';
import { DocumentsDocument, SendDocumentDocument } from './generated/graphql.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { connectCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { runKonekt, startKonekt } from './helpers/konekt.js';
import { deadPort } from './helpers/ports.js';
import { startRelay } from './helpers/relay.js';
import { startTestServer } from './helpers/server.js';

const work = await mkdtemp(path.join(tmpdir(), 'konekt-cli-down-'));
disposeAfterAll(() => rm(work, { recursive: true, force: true }));

async function profileFor(url: string, name: string, programToken = 'a-token-that-never-reaches-a-server') {
  const file = path.join(work, `${name}.json`);
  await saveProfile(file, {
    url,
    configurationId: 'Q29uZmln',
    program: 'HANDEL',
    companyNip: '5260001246',
    programToken,
  });
  return file;
}

const deadUrl = `http://127.0.0.1:${await deadPort()}/graphql`;
const deadProfile = await profileFor(deadUrl, 'dead');
const document = path.join(work, 'FV_1.json');
await writeFile(document, JSON.stringify(sampleInvoice('5260001246', 'FV/1')));

describe('konekt with the server down', () => {
  it('send names the URL and the cause, keeps the documents for later and exits 3', async () => {
    const result = await runKonekt(['send', document, '--profile', deadProfile]);
    expect(result).toEqual({
      code: 3,
      stdout: 'sent: 0, new versions: 0, already sent: 0, refused: 0\n',
      stderr:
        `konekt: cannot reach ${deadUrl}: connection refused\n` +
        'konekt: 1 document(s) not sent; send them again once the server answers (the same files never make duplicates)\n',
    });
  });

  it('documents, status and receive --once say the same, in Polish with --lang pl', async () => {
    expect(await runKonekt(['documents', '--profile', deadProfile])).toEqual({
      code: 3,
      stdout: '',
      stderr: `konekt: cannot reach ${deadUrl}: connection refused\n`,
    });
    expect(await runKonekt(['status', 'RG9j', 'imported', '--profile', deadProfile])).toMatchObject({
      code: 3,
      stderr: `konekt: cannot reach ${deadUrl}: connection refused\n`,
    });
    const once = await runKonekt(['receive', '--once', '--out', path.join(work, 'inbox'), '--profile', deadProfile]);
    expect(once.code).toBe(3);
    expect(once.stderr.split('\n').slice(-2)).toEqual([`konekt: cannot reach ${deadUrl}: connection refused`, '']);
    expect(await runKonekt(['documents', '--lang', 'pl', '--profile', deadProfile])).toMatchObject({
      code: 3,
      stderr: `konekt: nie można połączyć się z ${deadUrl}: połączenie odrzucone\n`,
    });
  });

  it('refuses to send an empty array or a missing file, before asking the server', async () => {
    const empty = path.join(work, 'empty.json');
    await writeFile(empty, '[]');
    expect(await runKonekt(['send', empty, '--profile', deadProfile])).toEqual({
      code: 1,
      stdout: `sent: 0, new versions: 0, already sent: 0, refused: 1\n  refused ${empty}: the file holds no documents (an empty array [])\n`,
      stderr: '',
    });
    const missing = path.join(work, 'no-such-file.json');
    expect(await runKonekt(['send', missing, '--profile', deadProfile])).toEqual({
      code: 2,
      stdout: '',
      stderr: `konekt: no such file or folder: ${missing}\n`,
    });
    const emptyFolder = await mkdtemp(path.join(work, 'outgoing-'));
    expect(await runKonekt(['send', emptyFolder, '--profile', deadProfile])).toEqual({
      code: 0,
      stdout: `no .json files in ${emptyFolder}: nothing to send\n`,
      stderr: '',
    });
  });

  it('lists the exit statuses in --help', async () => {
    const help = await runKonekt(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('3  the server could not be reached: nothing was refused, try again later');
    expect(help.stdout).toContain('2  bad usage: unknown command or option');
  });
});

describe('following the event feed while the server comes and goes', () => {
  it('retries without piling up listeners on the abort signal', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    disposeAfterAll(() => process.off('warning', onWarning));
    const controller = new AbortController();
    const reasons: Error[] = [];
    await new KonektClient({ url: deadUrl, token: 'x' }).follow({
      signal: controller.signal,
      maxDelayMs: 5,
      onEvent: () => undefined,
      onReconnect: (attempt, _delay, reason) => {
        reasons.push(reason);
        if (attempt === 15) controller.abort();
      },
    });
    expect(reasons).toHaveLength(15);
    for (const reason of reasons) {
      expect(reason).toBeInstanceOf(KonektUnreachableError);
      expect(reason.message).toBe(`cannot reach ${deadUrl}: connection refused`);
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('receive says when the connection is lost, retries, says when it is back, and misses nothing', async () => {
    const server = await startTestServer();
    const company = await connectCompany(server, { plan: 'BUSINESS' });
    const relay = await startRelay(Number(new URL(server.url).port));
    const relayedUrl = `http://127.0.0.1:${relay.port}/graphql`;
    const profile = await profileFor(relayedUrl, 'relayed', company.receiver.token);
    const send = (key: string) =>
      server.query(
        SendDocumentDocument,
        { input: { idempotencyKey: key, document: invoice(company.nip) as never } },
        company.sender.token,
      );

    const receiving = startKonekt(['receive', '--out', path.join(work, 'live-inbox'), '--profile', profile]);
    await receiving.waitFor('starting from the first event');
    await send('before');
    await receiving.waitFor('received: ');
    // Cut only once the receiver has acknowledged it, so that what breaks is the live connection.
    await expect
      .poll(async () => {
        const { documents } = await server.query(DocumentsDocument, { first: 1 }, company.sender.token);
        return documents.edges[0]?.node.status;
      })
      .toBe('RECEIVED');

    await relay.cut();
    await receiving.waitFor(`lost the connection to ${relayedUrl}`);
    await receiving.waitFor(`cannot reach ${relayedUrl}: connection refused; retrying in `);
    await send('while-away');
    await relay.restore();
    await receiving.waitFor(`reconnected to ${relayedUrl}`);
    await receiving.waitFor('received: ', 2);

    receiving.child.kill('SIGTERM');
    expect(await receiving.exited).toBe(0);
    const lines = receiving.stderr.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^lost the connection to .* \(closed with 1006\); retrying in \d s$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^cannot reach ${relayedUrl}: connection refused; retrying in \\d+ s$`)),
    );
    expect(receiving.stderr).not.toContain('MaxListenersExceededWarning');
    expect(receiving.stderr).not.toContain('[object Object]');
    expect(lines.at(-2)).toMatch(/^documents written: 2, cancellations\/deletions: 0, cursor: \d+$/);
  }, 60_000);
});
