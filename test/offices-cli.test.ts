import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { saveProfile } from '../src/cli/profile.js';
import { DocumentsDocument } from './generated/graphql.js';
import { PASSWORD } from './helpers/accounts.js';
import { officeWithClients, send } from './helpers/offices.js';
import { startTestServer } from './helpers/server.js';

const root = path.resolve(import.meta.dirname, '..');
const server = await startTestServer();
const office = await officeWithClients(server, 3);
const work = await mkdtemp(path.join(tmpdir(), 'konekt-office-cli-'));
const profile = path.join(work, 'office.json');
await saveProfile(profile, {
  url: server.url,
  configurationId: office.configurationId,
  program: 'FINANSE_KSIEGOWOSC',
  companyNip: null,
  programToken: office.token,
  office: true,
});

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** The real `konekt` executable, its stdin fed with `input` when given. */
function konekt(args: string[], input?: string) {
  const child = spawn(process.execPath, [path.join(root, 'bin/konekt.js'), ...args], {
    cwd: root,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  if (input !== undefined) child.stdin!.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function run(args: string[], input?: string) {
  const process = konekt(args, input);
  const code = await process.exited;
  return { code, ...process.output() };
}

/** Document files per client folder (cursor and temporaries aside). */
async function filesByNip(dir: string) {
  const byNip = new Map<string, string[]>();
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(path.join(dir, entry.name));
    byNip.set(
      entry.name,
      files.filter((name) => name.endsWith('.json') && !name.startsWith('.')),
    );
  }
  return byNip;
}

const total = (byNip: Map<string, string[]>) => [...byNip.values()].reduce((sum, files) => sum + files.length, 0);

async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('konekt for an accounting office', () => {
  it('receive --office survives SIGKILL mid-stream: every document of each client on disk once, all acknowledged', async () => {
    const inbox = path.join(work, 'inbox');
    const perClient = 60;
    const first = konekt(['receive', '--office', '--out', inbox, '--profile', profile]);
    const sending = Promise.all(
      office.clients.map(async (client, c) => {
        for (let i = 0; i < perClient; i += 1) await send(server, client, `cli-${c}-${i}`);
      }),
    );
    await waitFor(async () => total(await filesByNip(inbox)) >= 40, 'the first 40 files');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    expect(total(await filesByNip(inbox))).toBeLessThan(3 * perClient);

    const second = konekt(['receive', '--office', '--out', inbox, '--profile', profile]);
    await sending;
    await waitFor(async () => total(await filesByNip(inbox)) >= 3 * perClient, 'every file');
    await waitFor(async () => {
      const { documents } = await server.query(
        DocumentsDocument,
        { first: 100, filter: { status: 'SENT' } },
        office.token,
      );
      return documents.edges.length === 0;
    }, 'every document acknowledged');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const byNip = await filesByNip(inbox);
    expect([...byNip.keys()].sort()).toEqual(office.clients.map((c) => c.nip).sort());
    for (const [nip, files] of byNip) {
      expect(files).toHaveLength(perClient);
      const records = await Promise.all(
        files.map(
          async (file) =>
            JSON.parse(await readFile(path.join(inbox, nip, file), 'utf8')) as {
              document: { number: string; seller: { nip: string } };
            },
        ),
      );
      expect(new Set(records.map((record) => record.document.number)).size).toBe(perClient);
      expect(records.every((record) => record.document.seller.nip === nip)).toBe(true);
    }
    const leftovers = (await readdir(inbox, { recursive: true })).filter((name) => String(name).endsWith('.tmp'));
    expect(leftovers).toEqual([]);
    expect((await readFile(path.join(inbox, '.konekt-office-cursor'), 'utf8')).trim()).toMatch(/^[A-Za-z0-9_-]+$/);

    // Caught up: the same cursor gives nothing more.
    const again = await run(['receive', '--office', '--once', '--out', inbox, '--profile', profile]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('documents written: 0, cancellations/deletions: 0');
  }, 180_000);

  it('documents --office shows the inbox as a table, and one client with --nip', async () => {
    await send(server, office.clients[0]!, 'inbox-table');
    const inbox = await run(['documents', '--office', '--lang', 'en', '--profile', profile]);
    expect(inbox.code, inbox.stderr).toBe(0);
    const lines = inbox.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NIP\s+CLIENT\s+WAITING\s+WAITING SINCE\s+OLDEST ISSUED\s+LAST EVENT\s+OVERDUE$/);
    expect(lines).toHaveLength(2 + office.clients.length);
    // Received but not yet imported: all of the previous test's documents still wait, plus the new one.
    const row = (nip: string) => lines.find((line) => line.startsWith(nip))!.split(/\s{2,}/);
    expect(row(office.clients[0]!.nip).slice(2, 3)).toEqual(['61']);
    expect(row(office.clients[1]!.nip).slice(2, 3)).toEqual(['60']);
    expect(row(office.clients[0]!.nip)[4]).toBe('2026-11-20');

    const one = await run(['documents', '--office', '--nip', office.clients[1]!.nip, '--profile', profile]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout.trim().split('\n')).toHaveLength(2 + 60);

    const company = await run(['receive', '--out', path.join(work, 'x'), '--profile', profile]);
    expect(company.code).toBe(1);
    expect(company.stderr).toContain('FORBIDDEN');
  });

  it('setup --office connects the office program from piped answers and saves an office profile', async () => {
    const file = path.join(work, 'setup.json');
    const answers = [server.url, '2', office.email, PASSWORD, '1', ''].join('\n');
    const setup = await run(['setup', '--office', '--lang', 'en', '--profile', file], answers);
    expect(setup.code, setup.stdout + setup.stderr).toBe(0);
    expect(setup.stdout).toContain(`Client companies (3):`);
    expect(setup.stdout).toContain('✓ The office serves 3 client companies');
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({ office: true, companyNip: null, program: 'FINANSE_KSIEGOWOSC', url: server.url });
    const inbox = await run(['documents', '--office', '--profile', file]);
    expect(inbox.code, inbox.stderr).toBe(0);
    // The wizard's own token replaced nothing: both office programs work.
    expect((await run(['documents', '--office', '--profile', profile])).code).toBe(0);
  });
});
