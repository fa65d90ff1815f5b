import { parseArgs } from 'node:util';
import {
  KonektClient,
  KonektConnectionLostError,
  KonektRequestError,
  KonektUnreachableError,
} from '../../packages/client/src/index.js';
import { listDocuments, markDocument } from './documents.js';
import { EXIT, UsageError } from './exit.js';
import { unreachableLine } from './network.js';
import { loadProfile, profilePath } from './profile.js';
import { receive } from './receive.js';
import { send } from './send.js';
import { CLI_TEXT, type CliText, type Lang } from '../i18n/cli/index.js';

async function client(profileFile: string | undefined, text: CliText) {
  const profile = await loadProfile(profilePath(profileFile), text);
  return new KonektClient({ url: profile.url, token: profile.programToken, lang: earlyLang(process.argv.slice(2)) });
}

const langOf = (value: string | undefined, fallback: Lang): Lang => {
  if (value === undefined) return fallback;
  if (value === 'pl' || value === 'en') return value;
  throw new UsageError(CLI_TEXT[fallback].usage.lang);
};

async function run(argv: string[], text: CliText): Promise<number> {
  const [command, ...rest] = argv;
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
    process.stdout.write(text.help);
    return EXIT.OK;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const lang = earlyLang(argv);
  const office = values.office ? await import('./office.js') : undefined;

  switch (command) {
    case 'serve': {
      await import('../main.js');
      return await new Promise<number>(() => undefined);
    }
    case 'setup': {
      const options = { profileFile: profilePath(values.profile), url: values.url, lang: langOf(values.lang, 'pl') };
      if (values.office) return (await import('./office-setup.js')).officeSetup(options);
      const { setup } = await import('./setup/index.js');
      return setup(options);
    }
    case 'send': {
      if (positionals.length === 0) throw new UsageError(text.usage.sendNeedsFiles);
      const summary = await send(await client(values.profile, text), positionals, text, {
        progress: (chunk) => process.stderr.write(chunk),
      });
      if (summary.files === 0) {
        process.stdout.write(`${text.send.nothingToSend(positionals.join(', '))}\n`);
        return EXIT.OK;
      }
      process.stdout.write(`${text.send.summary({ ...summary, refused: summary.refused.length })}\n`);
      for (const { file, reason } of summary.refused) process.stdout.write(`${text.send.refused(file, reason)}\n`);
      if (summary.unreachable) {
        log(`konekt: ${unreachableLine(text, summary.unreachable)}`);
        log(`konekt: ${text.send.notSent(summary.notSent)}`);
        return EXIT.UNREACHABLE;
      }
      return summary.refused.length > 0 ? EXIT.REFUSED : EXIT.OK;
    }
    case 'receive': {
      if (!values.out) throw new UsageError(text.usage.receiveNeedsOut);
      const controller = new AbortController();
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());
      const options = { outDir: values.out, once: values.once, log, text, signal: controller.signal };
      const result = office
        ? await office.receiveOffice({
            ...options,
            client: await office.officeClient(profilePath(values.profile), lang, text),
          })
        : await receive({ ...options, client: await client(values.profile, text) });
      const cursor = office ? (result.cursor ? office.OFFICE_CURSOR_FILE : null) : result.cursor;
      log(text.receive.summary(result.documents, result.notices, cursor));
      return EXIT.OK;
    }
    case 'status': {
      const [id, status] = positionals;
      const normalised = status?.toUpperCase();
      if (!id || (normalised !== 'IMPORTED' && normalised !== 'REJECTED')) throw new UsageError(text.usage.status);
      const document = await markDocument(await client(values.profile, text), id, normalised, values.reason);
      process.stdout.write(
        `${document.number}: ${document.status}${document.statusReason ? ` (${document.statusReason})` : ''}\n`,
      );
      return EXIT.OK;
    }
    case 'documents': {
      const limit = Number(values.limit ?? 100);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(text.usage.limit);
      if (office) {
        const officeClient = await office.officeClient(profilePath(values.profile), lang, text);
        const listed = values.nip
          ? await office.clientDocuments(officeClient, values.nip, limit, lang, text)
          : await office.officeInbox(officeClient, lang);
        process.stdout.write(`${listed}\n`);
        return EXIT.OK;
      }
      process.stdout.write(`${await listDocuments(await client(values.profile, text), limit, text)}\n`);
      return EXIT.OK;
    }
    default:
      throw new UsageError(text.usage.unknownCommand(command ?? ''));
  }
}

/** The language of the messages, known before the arguments are parsed: --lang, else Polish for setup, English otherwise. */
function earlyLang(argv: string[]): Lang {
  const at = argv.findIndex((arg) => arg === '--lang' || arg.startsWith('--lang='));
  const value = at < 0 ? undefined : argv[at]!.includes('=') ? argv[at]!.split('=')[1] : argv[at + 1];
  if (value === 'pl' || value === 'en') return value;
  return argv[0] === 'setup' ? 'pl' : 'en';
}

const argv = process.argv.slice(2);
const text = CLI_TEXT[earlyLang(argv)];
const [command] = argv;
if (!command || command === '-h' || command === '--help' || command === 'help') {
  process.stdout.write(text.help);
  process.exit(command ? EXIT.OK : EXIT.USAGE);
}

run(argv, text).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const fail = (code: number, message: string) => {
      process.stderr.write(`konekt: ${message}\n`);
      process.exit(code);
    };
    if (error instanceof UsageError) return fail(EXIT.USAGE, error.message);
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      return fail(EXIT.USAGE, error.message);
    }
    if (error instanceof KonektUnreachableError || error instanceof KonektConnectionLostError) {
      return fail(EXIT.UNREACHABLE, unreachableLine(text, error));
    }
    if (error instanceof KonektRequestError) return fail(EXIT.REFUSED, `${error.code ?? 'ERROR'}: ${error.message}`);
    return fail(EXIT.REFUSED, error instanceof Error ? error.message : String(error));
  },
);
