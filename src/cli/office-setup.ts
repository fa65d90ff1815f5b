import {
  CancelConnectWizardDocument,
  ConnectWizardSignInDocument,
  FinishConnectWizardDocument,
  KonektClient,
  OfficeConfigurationDocument,
  StartConnectWizardDocument,
  TestOfficeConnectionDocument,
} from '../../packages/client/src/index.js';
import { CLI_TEXT, type CliText } from '../i18n/cli/index.js';
import { saveProfile } from './profile.js';
import type { SetupOptions } from './setup/index.js';
import { askServer, DEFAULT_URL } from './setup/server.js';
import { EndOfInput, Terminal } from './setup/terminal.js';
import { PROGRAMS } from './setup/words.js';

type Text = CliText['office'];

/** A typed answer that ends the wizard; the server already said why, in the asker's language. */
class OfficeSetupFailed extends Error {}

async function choose(term: Terminal, text: Text, title: string, items: string[]): Promise<number> {
  if (title) term.say(title);
  items.forEach((item, i) => term.say(`  ${i + 1}) ${item}`));
  for (;;) {
    const n = Number(await term.ask(text.choose(items.length)));
    if (Number.isInteger(n) && n >= 1 && n <= items.length) return n - 1;
    term.say(text.badChoice(items.length));
  }
}

/**
 * `konekt setup --office`: the OFFICE path of the connect wizard. No company NIP; the office
 * account's credentials; the summary lists the client companies; Finish gives one program token
 * for all of them, saved to the profile.
 */
export async function officeSetup(options: SetupOptions): Promise<number> {
  const text = CLI_TEXT[options.lang].office;
  const term = new Terminal();
  const draft: { id?: string; client?: KonektClient } = {};
  try {
    return await runOfficeWizard(term, text, options, draft);
  } catch (error) {
    if (!(error instanceof EndOfInput) && !(error instanceof OfficeSetupFailed)) throw error;
    if (draft.id && draft.client) {
      await draft.client.request(CancelConnectWizardDocument, { configurationId: draft.id }).catch(() => undefined);
    }
    if (error instanceof EndOfInput) term.say(error.interrupted ? `\n${text.interrupted}` : text.inputEnded);
    return 1;
  } finally {
    term.close();
  }
}

async function runOfficeWizard(
  term: Terminal,
  text: Text,
  options: SetupOptions,
  draft: { id?: string; client?: KonektClient },
): Promise<number> {
  term.say(text.title);
  term.say();
  const { url, client } = await askServer(term, CLI_TEXT[options.lang], options.url ?? DEFAULT_URL, options.lang);
  const accounting = PROGRAMS.filter((p) => p.side === 'ACCOUNTING');
  const program =
    accounting[
      await choose(
        term,
        text,
        text.program,
        accounting.map((p) => p.name),
      )
    ]!.kind;
  const { startConnectWizard: started } = await client.request(StartConnectWizardDocument, {
    input: { program, path: 'OFFICE' },
  });
  if (started.__typename !== 'StartConnectWizardPayload') return fail(term, started.message);
  const configurationId = started.configuration.id;
  const wizard = client.withToken(started.wizardToken);
  draft.id = configurationId;
  draft.client = wizard;
  term.say();

  term.say(text.signIn);
  for (;;) {
    const email = await term.ask(text.email);
    if (!email) return cancel(term, text, wizard, draft);
    const password = await term.ask(text.password, { secret: true });
    const { connectWizardSignIn: result } = await wizard.request(ConnectWizardSignInDocument, {
      input: { configurationId, email, password },
    });
    if (result.__typename === 'ConnectConfigurationPayload') break;
    term.say(result.message);
    // A wrong password or an account nobody has added yet can be fixed by trying another one.
    const retry = ['InvalidCredentialsError', 'TooManyAttemptsError', 'NoClientCompaniesError'];
    if (!retry.includes(result.__typename)) return fail(term, result.message);
  }
  term.say();

  const { connectConfiguration: summary } = await wizard.request(OfficeConfigurationDocument, { id: configurationId });
  term.say(text.summary);
  term.say(`  ${accounting.find((p) => p.kind === summary.program)?.name ?? summary.program}`);
  term.say(`  ${text.account}: ${summary.summary.exchangeAccountEmail ?? ''}`);
  term.say(`  ${text.clients(summary.clientCompanies.length)}:`);
  for (const company of summary.clientCompanies) term.say(`    ${company.nip}  ${company.name}`);
  if ((await choose(term, text, '', [text.finish, text.cancel])) === 1) return cancel(term, text, wizard, draft);

  const { finishConnectWizard: finished } = await wizard.request(FinishConnectWizardDocument, { configurationId });
  if (finished.__typename !== 'FinishConnectWizardPayload' || !finished.programToken) {
    return fail(term, 'message' in finished ? finished.message : 'no program token');
  }
  draft.id = undefined;
  const programToken = finished.programToken;
  await saveProfile(options.profileFile, {
    url,
    configurationId,
    program: finished.configuration.program,
    companyNip: null,
    programToken,
    office: true,
  });
  term.say();
  term.say(text.done);

  term.say(text.testTitle);
  const { testConnection } = await client.withToken(programToken).request(TestOfficeConnectionDocument, {
    configurationId,
  });
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  for (const check of testConnection.checks) term.say(`  ${mark(check.ok)} ${check.message}`);
  for (const client of testConnection.clients) {
    term.say(`  ${mark(client.ok)} ${client.company.nip}  ${client.company.name}`);
    for (const check of client.checks.filter((c) => !c.ok)) term.say(`      ✗ ${check.message}`);
  }
  term.say();
  term.say(text.saved(options.profileFile));
  return 0;
}

function fail(term: Terminal, message: string): never {
  term.say(message);
  throw new OfficeSetupFailed(message);
}

async function cancel(term: Terminal, text: Text, wizard: KonektClient, draft: { id?: string }) {
  if (draft.id) await wizard.request(CancelConnectWizardDocument, { configurationId: draft.id }).catch(() => undefined);
  draft.id = undefined;
  term.say(text.cancelled);
  return 1;
}
