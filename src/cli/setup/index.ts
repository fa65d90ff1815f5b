import {
  StartConnectWizardDocument,
  TestConnectionDocument,
  type ConnectPath,
} from '../../../packages/client/src/index.js';
import { isValidNip, normaliseNip } from '../../companies/nip.js';
import { saveProfile } from '../profile.js';
import { CLI_TEXT, type CliText, type Lang } from '../../i18n/cli/index.js';
import { invitedPath, ownerPath } from './paths.js';
import { WizardFailed, WizardSession } from './session.js';
import { EndOfInput, Terminal } from './terminal.js';
import { askServer, DEFAULT_URL } from './server.js';
import { checkLine, explain, PROGRAMS } from './words.js';

export interface SetupOptions {
  profileFile: string;
  url?: string;
  lang: Lang;
}

/** `konekt setup`: the connect wizard in the terminal; saves the program token to the profile. */
export async function setup(options: SetupOptions): Promise<number> {
  const text = CLI_TEXT[options.lang];
  const term = new Terminal();
  /** The open draft, cancelled if the user walks away in the middle of the wizard. */
  const draft: { session?: WizardSession } = {};
  try {
    return await runWizard(term, text, options, draft);
  } catch (error) {
    if (!(error instanceof EndOfInput) && !(error instanceof WizardFailed)) throw error;
    await draft.session?.abandon();
    if (error instanceof EndOfInput) {
      term.say(error.interrupted ? `\n${text.setup.interrupted}` : text.setup.inputEnded);
    }
    return 1;
  } finally {
    term.close();
  }
}

/** Checked here too, so a typo is caught before step 1; the server has the last word. */
async function askNip(term: Terminal, text: CliText['setup']) {
  for (;;) {
    const answer = await term.ask(text.nip);
    const compact = normaliseNip(answer);
    if (compact && isValidNip(compact)) return answer;
    term.say(text.errors.InvalidNipError);
  }
}

async function runWizard(
  term: Terminal,
  cliText: CliText,
  options: SetupOptions,
  draft: { session?: WizardSession },
): Promise<number> {
  const text = cliText.setup;
  term.say(text.title);
  term.say();
  const { url, client } = await askServer(term, cliText, options.url ?? DEFAULT_URL, options.lang);
  term.say();

  // The program and its company.
  const programIndex = await term.choose(
    text.programTitle,
    PROGRAMS.map((p) => `${p.name} — ${p.side === 'SALES' ? text.salesGroup : text.accountingGroup}`),
    text,
  );
  const program = PROGRAMS[programIndex]!.kind;
  let nip = await askNip(term, text);
  term.say();

  // Step 1: the path.
  const path: ConnectPath =
    (await term.choose(text.step1, [text.pathOwner, text.pathInvited], text)) === 0 ? 'OWNER' : 'INVITED';
  term.say();

  for (;;) {
    const { startConnectWizard: started } = await client.request(StartConnectWizardDocument, {
      input: { program, companyNip: nip, path },
    });
    if (started.__typename === 'StartConnectWizardPayload') {
      const wizard = client.withToken(started.wizardToken);
      draft.session = new WizardSession(term, text, client, wizard, started.configuration, program, path);
      break;
    }
    term.say(explain(text, started));
    if (started.__typename !== 'InvalidNipError') throw new WizardFailed(started.code);
    nip = await askNip(term, text);
  }
  const session = draft.session;
  const result = path === 'OWNER' ? await ownerPath(session) : await invitedPath(session);
  if ('exitStatus' in result) return result.exitStatus;
  const { configuration } = session;

  // The token goes to the profile first, so a failing test below cannot lose it.
  await saveProfile(options.profileFile, {
    url,
    configurationId: configuration.id,
    program: configuration.program,
    companyNip: configuration.companyNip,
    programToken: result.programToken,
  });
  term.say();
  term.say(text.done);

  // "Test połączenia", item by item.
  term.say(text.testTitle);
  const { testConnection } = await client.withToken(result.programToken).request(TestConnectionDocument, {
    configurationId: configuration.id,
  });
  for (const check of testConnection.checks) term.say(checkLine(text, check));
  if (!testConnection.ok) term.say(text.testFailed);
  term.say();
  term.say(text.saved(options.profileFile));
  return 0;
}
