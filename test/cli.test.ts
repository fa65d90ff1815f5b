import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveProfile } from '../src/cli/profile.js';
import { documentFileName } from '../src/cli/receive.js';
import { DocumentsDocument, SendDocumentDocument } from './generated/graphql.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { connectCompany } from './helpers/connect.js';
import { invoice } from './helpers/documents.js';
import { runKonekt as run, startKonekt as konekt } from './helpers/konekt.js';
import { startTestServer } from './helpers/server.js';

const server = await startTestServer();
const company = await connectCompany(server, { plan: 'BUSINESS' });
const work = await mkdtemp(path.join(tmpdir(), 'konekt-cli-'));
disposeAfterAll(() => rm(work, { recursive: true, force: true }));
const senderProfile = path.join(work, 'sales.json');
const receiverProfile = path.join(work, 'accounting.json');
await saveProfile(senderProfile, {
  url: server.url,
  configurationId: company.sender.configurationId,
  program: 'HANDEL',
  companyNip: company.nip,
  programToken: company.sender.token,
});
await saveProfile(receiverProfile, {
  url: server.url,
  configurationId: company.receiver.configurationId,
  program: 'FINANSE_KSIEGOWOSC',
  companyNip: company.nip,
  programToken: company.receiver.token,
});

/** What `konekt receive` writes for each document version. */
type InboxRecord = { document: { id: string; number: string; version: number; notes: string | null } };
const readRecord = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as InboxRecord;

const documentFiles = async (dir: string) =>
  (await readdir(dir)).filter((name) => name.endsWith('.json') && !name.startsWith('.'));

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('konekt', () => {
  it('prints help', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'setup', 'send', 'receive', 'status', 'documents'])
      expect(help.stdout).toContain(command);
    const unknown = await run(['teleport']);
    expect(unknown.code).toBe(2);
  });

  it('receive survives SIGKILL in the middle of a 200-document stream: every document on disk once, every one acknowledged', async () => {
    const inbox = path.join(work, 'inbox');
    const first = konekt(['receive', '--out', inbox, '--profile', receiverProfile]);
    const sending = (async () => {
      for (let i = 0; i < 200; i += 1) {
        const { sendDocument } = await server.query(
          SendDocumentDocument,
          { input: { idempotencyKey: `stream-${i}`, document: invoice(company.nip) as never } },
          company.sender.token,
        );
        expect(sendDocument.__typename).toBe('SendDocumentPayload');
      }
    })();
    await waitFor(
      async () => ((await documentFiles(inbox).catch(() => [])).length >= 40 ? true : undefined),
      'the first 40 files',
    );
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const atKill = (await documentFiles(inbox)).length;
    expect(atKill).toBeLessThan(200);

    const second = konekt(['receive', '--out', inbox, '--profile', receiverProfile]);
    await sending;
    await waitFor(async () => ((await documentFiles(inbox)).length >= 200 ? true : undefined), 'all 200 files');
    const acknowledged = await waitFor(async () => {
      const { documents } = await server.query(
        DocumentsDocument,
        { first: 100, filter: { status: 'SENT' } },
        company.sender.token,
      );
      return documents.edges.length === 0 ? true : undefined;
    }, 'every document acknowledged');
    expect(acknowledged).toBe(true);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const files = await documentFiles(inbox);
    expect(files).toHaveLength(200);
    const numbers = await Promise.all(
      files.map(async (file) => (await readRecord(path.join(inbox, file))).document.number),
    );
    expect(new Set(numbers).size).toBe(200);
    expect((await readdir(inbox)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const cursor = (await readFile(path.join(inbox, '.konekt-cursor'), 'utf8')).trim();
    expect(Number(cursor)).toBeGreaterThanOrEqual(200);
  }, 120_000);

  it('send derives keys from content, reports refusals with a non-zero exit, and receive --once catches up', async () => {
    const outbox = path.join(work, 'outbox');
    await mkdir(outbox);
    const documents = [invoice(company.nip), invoice(company.nip), invoice(company.nip)];
    for (const [i, document] of documents.entries())
      await writeFile(path.join(outbox, `${i}.json`), JSON.stringify(document));
    const sent = await run(['send', outbox, '--profile', senderProfile]);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain('sent: 3, new versions: 0, already sent: 0, refused: 0');

    const again = await run(['send', outbox, '--profile', senderProfile]);
    expect(again.stdout).toContain('sent: 0, new versions: 0, already sent: 3, refused: 0');

    await writeFile(path.join(outbox, '1.json'), JSON.stringify({ ...documents[1], notes: 'poprawka' }));
    await writeFile(path.join(outbox, 'bad.json'), JSON.stringify(invoice('5260250274')));
    const mixed = await run(['send', outbox, '--profile', senderProfile]);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toContain('sent: 0, new versions: 1, already sent: 2, refused: 1');
    expect(mixed.stdout).toMatch(/refused .*bad\.json: NIP_MISMATCH/);

    const inbox = path.join(work, 'inbox-once');
    const once = await run(['receive', '--out', inbox, '--once', '--profile', receiverProfile]);
    expect(once.code, once.stderr).toBe(0);
    const files = await documentFiles(inbox);
    const versioned = documents[1]!.number.replace(/[^A-Za-z0-9._-]/g, '_');
    // Caught up after the change, the receiver still gets each version as it was sent, side by side.
    const number = documents[1]!.number;
    const versions = [documentFileName(number, 1), documentFileName(number, 2)];
    expect(files.filter((file) => file.startsWith(versioned)).sort()).toEqual(versions);
    const contents = await Promise.all(
      versions.map(async (file) => (await readRecord(path.join(inbox, file))).document),
    );
    expect(contents.map((d) => [d.version, d.notes])).toEqual([
      [1, null],
      [2, 'poprawka'],
    ]);

    const listed = await run(['documents', '--profile', senderProfile]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(documents[0]!.number);
    const id = (await readRecord(path.join(inbox, files.find((f) => !f.includes('.v2.'))!))).document.id;
    const marked = await run(['status', id, 'rejected', '--reason', 'Brak zamówienia', '--profile', receiverProfile]);
    expect(marked.code, marked.stderr).toBe(0);
    expect(marked.stdout).toContain('REJECTED (Brak zamówienia)');
  }, 120_000);
});
