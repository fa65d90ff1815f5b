/**
 * `npm run demo`: the whole exchange on one machine, unattended. A Konekt server on a temporary
 * DATA_DIR (embedded PGlite, mails as .eml files in its outbox), a company registered and its owner
 * activated from the mail, the connect wizard run for both programs through the real
 * `konekt setup`, documents sent with `konekt send`, received with `konekt receive`, marked with
 * `konekt status`, and what each side saw. Exits non-zero if any step fails.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { simpleParser } from 'mailparser';
import {
  ActivateAccountDocument,
  DocumentsDocument,
  KonektClient,
  RegisterDocument,
} from '../packages/client/src/index.js';
import { COMPANY, SAMPLES } from './demo-documents.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const KONEKT = path.join(ROOT, 'bin', 'konekt.js');
/** A guard against a hung step; the demo takes about half of it. */
const TIME_LIMIT_MS = 120_000;

const OWNER = 'owner@demo.example.pl';
const SENDER = 'sprzedaz@demo.example.pl';
const RECEIVER = 'ksiegowosc@demo.example.pl';
const PASSWORD = 'demo-haslo-2026';

const children = new Set<ChildProcess>();
const startedAt = performance.now();
const say = (line = '') => process.stdout.write(`${line}\n`);
const heading = (title: string) => say(`\n== ${title} (${((performance.now() - startedAt) / 1000).toFixed(1)} s)`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` returns something, polling; fails with `what` after `timeoutMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  // The demo's server mails to its outbox and keeps its data in the temporary directory only.
  for (const key of ['SMTP_URL', 'DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL', 'KONEKT_PROFILE']) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

/** Copies a child's output to ours line by line, each line marked with the child's label. */
function relay(stream: NodeJS.ReadableStream, label: string, sink: (line: string) => void) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      // A progress bar redraws itself with "\r": keep its last state.
      sink(`  ${label} │ ${pending.slice(0, newline).split('\r').pop()}`);
      pending = pending.slice(newline + 1);
    }
  });
  stream.on('end', () => {
    if (pending) sink(`  ${label} │ ${pending}`);
  });
}

function track(child: ChildProcess): Promise<number> {
  children.add(child);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

/** A `konekt` command run to its end; its output is shown and returned. */
async function konekt(label: string, args: string[]): Promise<string> {
  const child = spawn(process.execPath, [KONEKT, ...args], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer | string) => (output += String(chunk)));
  relay(child.stdout, label, say);
  relay(child.stderr, label, say);
  const code = await track(child);
  if (code !== 0) throw new Error(`konekt ${args.join(' ')} exited with ${code}`);
  return output;
}

/**
 * A `konekt setup` dialogue: each answer is written only once its question is on the screen, the
 * way a person (or `expect`) would answer, so the password can wait for the activation mails.
 */
class Dialogue {
  private output = '';
  private seen = 0;
  private readonly child: ChildProcess;
  readonly exited: Promise<number>;
  private wake: () => void = () => undefined;

  constructor(label: string, args: string[]) {
    this.child = spawn(process.execPath, [KONEKT, 'setup', ...args], {
      cwd: ROOT,
      env: childEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = track(this.child);
    void this.exited.then(() => this.wake());
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.on('data', (chunk: Buffer | string) => {
        this.output += String(chunk);
        this.wake();
      });
      relay(stream, label, say);
    }
  }

  /** Waits for `pattern` in the output after the previous match. */
  async expect(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const match = pattern.exec(this.output.slice(this.seen));
      if (match) {
        this.seen += match.index + match[0].length;
        return;
      }
      if (exited) throw new Error(`konekt setup ended before asking ${pattern}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`konekt setup did not ask ${pattern} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  write(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  async answer(pattern: RegExp, line: string): Promise<void> {
    await this.expect(pattern);
    this.write(line);
  }

  async finished(): Promise<void> {
    this.child.stdin!.end();
    const code = await this.exited;
    if (code !== 0) throw new Error(`konekt setup exited with ${code}`);
  }
}

/** The Konekt server as a child process; resolves with its GraphQL URL once it listens. */
async function startServer(dataDir: string): Promise<{ url: string; log: string[] }> {
  const log: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: childEnv({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = track(child);
  relay(child.stdout, 'server', (line) => log.push(line));
  relay(child.stderr, 'server', (line) => log.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 60 s')), 60_000);
    child.stderr.on('data', () => {
      const match = /listening on (\S+)/.exec(log.join('\n'));
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${log.join('\n')}`));
    });
  });
  // The server listens on 127.0.0.1 only; "localhost" may resolve to ::1 first.
  return { url: url.replace('//localhost:', '//127.0.0.1:'), log };
}

/** Finds the newest activation mail to `address` in the outbox and takes the token out of its link. */
async function activationToken(outbox: string, address: string, used: Set<string>): Promise<string> {
  const suffix = `-${address.replace(/[^a-z0-9.@_-]/gi, '_')}.eml`;
  return until(`the activation mail to ${address}`, async () => {
    const names = existsSync(outbox) ? await readdir(outbox) : [];
    for (const name of names.filter((n) => n.endsWith(suffix) && !used.has(n)).sort()) {
      const mail = await simpleParser(await readFile(path.join(outbox, name)));
      const link = /https?:\/\/\S+\/activate\?token=\S+/.exec(mail.text ?? '')?.[0];
      if (!link) continue;
      used.add(name);
      say(`  mail   │ ${name}: "${mail.subject}" → ${link.replace(/token=.*/, 'token=…')}`);
      return new URL(link).searchParams.get('token') ?? undefined;
    }
    return undefined;
  });
}

/** Opens the activation link's form the way the portal page does: activateAccount with a password. */
async function activate(client: KonektClient, outbox: string, address: string, used: Set<string>) {
  const token = await activationToken(outbox, address, used);
  const { activateAccount } = await client.request(ActivateAccountDocument, { input: { token, password: PASSWORD } });
  if (activateAccount.__typename !== 'AccountPayload') {
    throw new Error(`activating ${address} failed: ${activateAccount.code} ${activateAccount.message}`);
  }
  say(`  portal │ ${address} activated (hasło ustawione, Zapisz)`);
}

/** The server's log lines, shown when the demo fails. */
let serverLog: string[] = [];

async function main(tmp: string) {
  const dataDir = path.join(tmp, 'data');
  const outbox = path.join(dataDir, 'outbox');
  const salesProfile = path.join(tmp, 'sales.json');
  const accountingProfile = path.join(tmp, 'accounting.json');
  const inbox = path.join(tmp, 'inbox');
  const outgoing = path.join(tmp, 'outgoing');
  const usedMails = new Set<string>();

  // Generates the Prisma client only when it is missing or stale, as npm start does.
  const generated = spawnSync(process.execPath, ['scripts/generate.js'], { cwd: ROOT, stdio: 'inherit' });
  if (generated.status !== 0) throw new Error('prisma generate failed');

  heading(`Starting Konekt (DATA_DIR ${dataDir}, embedded PGlite, mail to the outbox)`);
  const server = await startServer(dataDir);
  serverLog = server.log;
  say(`  server │ ${server.log.find((l) => l.includes('listening on'))?.replace(/^ {2}server │ /, '')}`);
  const client = new KonektClient({ url: server.url });

  heading(`Registering ${COMPANY.name} (NIP ${COMPANY.nip}) with owner ${OWNER}`);
  const { register } = await client.request(RegisterDocument, {
    input: { companyName: COMPANY.name, nip: COMPANY.nip, email: OWNER, plan: 'STANDARD', locale: 'PL' },
  });
  if (register.__typename !== 'RegisterPayload')
    throw new Error(`register failed: ${register.code} ${register.message}`);
  await activate(client, outbox, OWNER, usedMails);

  heading('Sales program: konekt setup (owner path, Handel (Sprzedaż))');
  const sales = new Dialogue('sales', ['--profile', salesProfile]);
  await sales.answer(/Adres serwera Konekt.*: $/m, server.url);
  await sales.answer(/Wybierz \[1-6\]: $/m, '3');
  await sales.answer(/NIP firmy.*: $/m, '526-000-12-46');
  await sales.answer(/Wybierz \[1-2\]: $/m, '1'); // Posiadam konto w serwisie Konekt lub chcę je dopiero założyć
  await sales.answer(/Wybierz \[1-2\]: $/m, '1'); // Posiadam konto w serwisie Konekt
  await sales.answer(/Adres e-mail: $/m, OWNER);
  await sales.answer(/Hasło: $/m, PASSWORD);
  await sales.answer(/wysyłającego dokumenty.*: $/m, SENDER);
  await sales.answer(/odbierającego dokumenty.*: $/m, RECEIVER);
  await sales.answer(/Zakończ\n.*\n?Wybierz \[1-2\]: $/m, '1');
  await sales.expect(/Wprowadź hasło.*: $/m);
  // Both participants open their activation mails before the sales program enters its password.
  await activate(client, outbox, SENDER, usedMails);
  await activate(client, outbox, RECEIVER, usedMails);
  sales.write(PASSWORD);
  await sales.expect(/Profil zapisano/);
  await sales.finished();

  heading('Accounting program: konekt setup (invited path, Finanse i Księgowość)');
  const accounting = new Dialogue('acctg', ['--profile', accountingProfile]);
  await accounting.answer(/Adres serwera Konekt.*: $/m, server.url);
  await accounting.answer(/Wybierz \[1-6\]: $/m, '6');
  await accounting.answer(/NIP firmy.*: $/m, COMPANY.nip);
  await accounting.answer(/Wybierz \[1-2\]: $/m, '2'); // Zostałem zaproszony do wymiany danych
  await accounting.answer(/Adres e-mail: $/m, RECEIVER);
  await accounting.answer(/Hasło: $/m, PASSWORD);
  await accounting.answer(/Zakończ\n.*\n?Wybierz \[1-2\]: $/m, '1');
  await accounting.expect(/Profil zapisano/);
  await accounting.finished();

  heading('Accounting side: konekt receive --out inbox (in the background)');
  const receiver = spawn(process.execPath, [KONEKT, 'receive', '--out', inbox, '--profile', accountingProfile], {
    cwd: ROOT,
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const receiverExited = track(receiver);
  relay(receiver.stdout, 'recv ', say);
  relay(receiver.stderr, 'recv ', say);

  heading(`Sales side: konekt send outgoing/ (${SAMPLES.length} invoices)`);
  await mkdir(outgoing, { recursive: true });
  for (const document of SAMPLES) {
    await writeFile(
      path.join(outgoing, `${document.number.replaceAll('/', '_')}.json`),
      `${JSON.stringify(document, null, 2)}\n`,
    );
  }
  await konekt('send ', ['send', outgoing, '--profile', salesProfile]);

  const inboxFiles = await until(`${SAMPLES.length} documents in the inbox`, async () => {
    const names = existsSync(inbox)
      ? (await readdir(inbox)).filter((n) => n.endsWith('.json') && !n.startsWith('.'))
      : [];
    return names.length >= SAMPLES.length ? names.sort() : undefined;
  });
  const received = await Promise.all(
    inboxFiles.map(async (name) => {
      const record = JSON.parse(await readFile(path.join(inbox, name), 'utf8')) as {
        document: { id: string; number: string; buyer: { name: string }; totals: { grossAmount: string } };
      };
      return { name, ...record.document };
    }),
  );
  // Each document is acknowledged (RECEIVED) right after its file is written; mark them only then.
  const salesClient = new KonektClient({
    url: server.url,
    token: (JSON.parse(await readFile(salesProfile, 'utf8')) as { programToken: string }).programToken,
  });
  const statuses = async () => {
    const { documents } = await salesClient.request(DocumentsDocument, { first: 100, after: null });
    return new Map(documents.edges.map(({ node }) => [node.number, node.status]));
  };
  await until('every document to be RECEIVED', async () =>
    [...(await statuses()).values()].every((s) => s === 'RECEIVED') ? true : undefined,
  );

  heading('Accounting side: konekt status (one imported, one rejected)');
  const [imported, rejected] = received;
  await konekt('acctg', ['status', imported!.id, 'imported', '--profile', accountingProfile]);
  await konekt('acctg', [
    'status',
    rejected!.id,
    'rejected',
    '--reason',
    'Brak zamówienia od kontrahenta',
    '--profile',
    accountingProfile,
  ]);

  heading('What the accounting side saw: the inbox');
  const nameWidth = Math.max(...received.map((d) => d.name.length));
  for (const document of received) {
    say(
      `  inbox/${document.name.padEnd(nameWidth)}  ${document.number}  ${document.buyer.name.padEnd(16)} ${document.totals.grossAmount.padStart(8)} PLN`,
    );
  }

  heading('What the sales side sees: konekt documents');
  await konekt('sales', ['documents', '--profile', salesProfile]);

  const final = await statuses();
  const expected = new Map(received.map((d) => [d.number, 'RECEIVED']));
  expected.set(imported!.number, 'IMPORTED');
  expected.set(rejected!.number, 'REJECTED');
  for (const [number, status] of expected) {
    if (final.get(number) !== status) throw new Error(`${number} is ${final.get(number)}, expected ${status}`);
  }

  heading('Stopping');
  receiver.kill('SIGTERM');
  if ((await receiverExited) !== 0) throw new Error('konekt receive did not stop cleanly');
}

async function stopChildren() {
  await Promise.all(
    [...children].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'konekt-demo-'));
let failure: unknown;
const watchdog = setTimeout(() => {
  failure ??= new Error(`the demo took longer than ${TIME_LIMIT_MS / 1000} s`);
  void stopChildren();
}, TIME_LIMIT_MS);
try {
  await main(tmp);
} catch (error) {
  failure ??= error;
} finally {
  clearTimeout(watchdog);
  await stopChildren();
  await rm(tmp, { recursive: true, force: true });
}
if (failure) {
  if (serverLog.length > 0)
    process.stderr.write(`\nThe server's last log lines:\n${serverLog.slice(-30).join('\n')}\n`);
  process.stderr.write(`\ndemo FAILED: ${failure instanceof Error ? failure.message : inspect(failure)}\n`);
  process.exit(1);
}
say(`\ndemo OK in ${((performance.now() - startedAt) / 1000).toFixed(1)} s; ${tmp} removed`);
process.exit(0);
