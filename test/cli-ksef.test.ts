import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveProfile } from '../src/cli/profile.js';
import { documentFileName } from '../src/cli/receive.js';
import { readFa3 } from '../src/ksef/index.js';
import { connectCompany } from './helpers/connect.js';
import { jsonSamples } from './helpers/json-samples.js';
import { fillPlaceholders, fixture, SELLER_NIP } from './helpers/ksef.js';
import { startTestServer } from './helpers/server.js';

const root = path.resolve(import.meta.dirname, '..');
const server = await startTestServer();
const company = await connectCompany(server, { nip: SELLER_NIP });
const work = await mkdtemp(path.join(tmpdir(), 'konekt-cli-ksef-'));
const profile = (file: string, side: 'sender' | 'receiver') =>
  saveProfile(path.join(work, file), {
    url: server.url,
    configurationId: company[side].configurationId,
    program: side === 'sender' ? 'HANDEL' : 'FINANSE_KSIEGOWOSC',
    companyNip: company.nip,
    programToken: company[side].token,
  });
await profile('sales.json', 'sender');
await profile('accounting.json', 'receiver');

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Runs the real `konekt` executable to its end. */
function konekt(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/konekt.js'), ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve({ code, stdout, stderr });
    }),
  );
}

describe('konekt with FA(3) invoices', () => {
  it('sends an .xml invoice as it is, and receive writes it byte for byte beside the JSON, with the export of a JSON document', async () => {
    const outbox = path.join(work, 'outbox');
    await mkdir(outbox);
    const xml = fillPlaceholders(fixture('cirfmf-java-invoice-template_v3.xml'), 'CLI-1');
    const json = jsonSamples(SELLER_NIP)['packages/client/src/sample.ts']!;
    await writeFile(path.join(outbox, 'faktura.xml'), xml);
    await writeFile(path.join(outbox, 'faktura.json'), JSON.stringify(json));
    await writeFile(path.join(outbox, 'fa2.xml'), fillPlaceholders(fixture('cirfmf-java-invoice-template-fa-2.xml')));

    const sent = await konekt(['send', outbox, '--profile', path.join(work, 'sales.json')]);
    expect(sent.code).toBe(1);
    expect(sent.stdout).toContain('sent: 2, new versions: 0, already sent: 0, refused: 1');
    expect(sent.stdout).toMatch(/refused .*fa2\.xml: KSEF_NAMESPACE/);
    const again = await konekt(['send', path.join(outbox, 'faktura.xml'), '--profile', path.join(work, 'sales.json')]);
    expect(again.stdout).toContain('sent: 0, new versions: 0, already sent: 1, refused: 0');

    const inbox = path.join(work, 'inbox');
    const received = await konekt([
      'receive',
      '--out',
      inbox,
      '--once',
      '--profile',
      path.join(work, 'accounting.json'),
    ]);
    expect(received.code, received.stderr).toBe(0);
    const number = 'FA/GRQMB-CLI-1/05/2025';
    const files = (await readdir(inbox)).filter((name) => !name.startsWith('.')).sort();
    expect(files).toEqual(
      [
        documentFileName(number, 1),
        documentFileName(number, 1, 'xml'),
        documentFileName(json.number, 1),
        documentFileName(json.number, 1, 'xml'),
      ].sort(),
    );
    expect(await readFile(path.join(inbox, documentFileName(number, 1, 'xml')))).toEqual(Buffer.from(xml, 'utf8'));
    const record = JSON.parse(await readFile(path.join(inbox, documentFileName(number, 1)), 'utf8')) as {
      document: object;
    };
    expect(record.document).toMatchObject({ number, verificationUrl: expect.stringMatching(/^https:\/\/qr\.ksef/) });
    expect(record.document).not.toHaveProperty('asKsefXml');

    const exported = await readFile(path.join(inbox, documentFileName(json.number, 1, 'xml')), 'utf8');
    expect(readFa3(exported, { sellerNip: SELLER_NIP }).content).toMatchObject({
      number: json.number,
      totals: json.totals,
    });
  }, 120_000);
});
