import { parseArgs } from 'node:util';
import { KonektClient, KonektRequestError } from '../client/index.js';
import { listDocuments, markDocument } from './documents.js';
import { loadProfile, profilePath } from './profile.js';
import { receive } from './receive.js';
import { send } from './send.js';

const HELP = `konekt — the Konekt document exchange from a terminal

Usage: konekt <command> [options]

Commands:
  serve                         run the Konekt server (what "npm start" runs; configured by environment variables)
  setup [--url URL] [--lang en] run the connect wizard for a program and save its token to the profile
  send FILE|DIR...              send documents (JSON in the API's DocumentInput shape)
  receive --out DIR [--once]    receive documents into DIR (files <number>.json), acknowledging each one
  status ID imported|rejected [--reason TEXT]
                                mark a received document as imported or rejected
  documents [--limit N]         list the company's documents and their statuses

Accounting offices (one program for every company that made the office account its receiving user):
  setup --office                run the wizard's office path: no company NIP, the office account's credentials
  receive --office --out DIR [--once]
                                receive every client's documents into DIR/<NIP>/, with one cursor for the office
  documents --office [--nip NIP]
                                the inbox (documents waiting per client), or one client's documents

Options:
  --profile FILE   the profile written by "konekt setup" (default: $KONEKT_PROFILE or ~/.konekt/profile.json)
  -h, --help       this help

Exit status: 0 when everything succeeded; 1 when a document was refused or a command failed; 2 on bad usage.
`;

class UsageError extends Error {}

async function client(profileFile: string | undefined) {
  const profile = await loadProfile(profilePath(profileFile));
  return new KonektClient({ url: profile.url, token: profile.programToken });
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      profile: { type: 'string' },
      out: { type: 'string' },
      once: { type: 'boolean', default: false },
      reason: { type: 'string' },
      limit: { type: 'string' },
      url: { type: 'string' },
      lang: { type: 'string' },
      office: { type: 'boolean', default: false },
      nip: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const lang = values.lang === 'en' ? 'en' : 'pl';
  const office = values.office ? await import('./office.js') : undefined;

  switch (command) {
    case 'serve': {
      await import('../main.js');
      return await new Promise<number>(() => undefined);
    }
    case 'setup': {
      const options = { profileFile: profilePath(values.profile), url: values.url, lang } as const;
      if (values.office) return (await import('./office-setup.js')).officeSetup(options);
      const { setup } = await import('./setup.js');
      return setup(options);
    }
    case 'send': {
      if (positionals.length === 0) throw new UsageError('konekt send needs at least one FILE or DIR');
      const summary = await send(await client(values.profile), positionals, {
        progress: (text) => process.stderr.write(text),
      });
      process.stdout.write(
        `sent: ${summary.sent}, new versions: ${summary.newVersions}, already sent: ${summary.alreadySent}, refused: ${summary.refused.length}\n`,
      );
      for (const { file, reason } of summary.refused) process.stdout.write(`  refused ${file}: ${reason}\n`);
      return summary.refused.length > 0 ? 1 : 0;
    }
    case 'receive': {
      if (!values.out) throw new UsageError('konekt receive needs --out DIR');
      const controller = new AbortController();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
      const options = { outDir: values.out, once: values.once, log, signal: controller.signal };
      const result = office
        ? await office.receiveOffice({
            ...options,
            client: await office.officeClient(profilePath(values.profile), lang),
          })
        : await receive({ ...options, client: await client(values.profile) });
      const cursor = office ? (result.cursor ? office.OFFICE_CURSOR_FILE : 'none') : (result.cursor ?? 'none');
      log(`documents written: ${result.documents}, cancellations/deletions: ${result.notices}, cursor: ${cursor}`);
      return 0;
    }
    case 'status': {
      const [id, status] = positionals;
      const normalised = status?.toUpperCase();
      if (!id || (normalised !== 'IMPORTED' && normalised !== 'REJECTED')) {
        throw new UsageError('usage: konekt status ID imported|rejected [--reason TEXT]');
      }
      const document = await markDocument(await client(values.profile), id, normalised, values.reason);
      process.stdout.write(
        `${document.number}: ${document.status}${document.statusReason ? ` (${document.statusReason})` : ''}\n`,
      );
      return 0;
    }
    case 'documents': {
      const limit = Number(values.limit ?? 100);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
      if (office) {
        const officeClient = await office.officeClient(profilePath(values.profile), lang);
        const listed = values.nip
          ? await office.clientDocuments(officeClient, values.nip, limit, lang)
          : await office.officeInbox(officeClient, lang);
        process.stdout.write(`${listed}\n`);
        return 0;
      }
      process.stdout.write(`${await listDocuments(await client(values.profile), limit)}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"; see konekt --help`);
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    const message =
      error instanceof KonektRequestError
        ? `${error.code ?? 'ERROR'}: ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
    process.stderr.write(`konekt: ${message}\n`);
    process.exit(1);
  },
);
