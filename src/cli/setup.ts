import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { createInterface, type Interface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import {
  CancelConnectWizardDocument,
  ConnectWizardNoAccountDocument,
  ConnectWizardSignInDocument,
  EnterExchangePasswordDocument,
  FinishConnectWizardDocument,
  KonektClient,
  KonektRequestError,
  SetExchangeParticipantsDocument,
  StartConnectWizardDocument,
  TestConnectionDocument,
  type ConfigurationFieldsFragment,
  type ConnectPath,
  type ProgramKind,
} from '../client/index.js';
import { isValidNip, normaliseNip } from '../companies/nip.js';
import { saveProfile } from './profile.js';

export interface SetupOptions {
  profileFile: string;
  url?: string;
  lang: 'pl' | 'en';
}

type Configuration = ConfigurationFieldsFragment;
/** Every typed error a wizard mutation answers with (`... on Error { __typename code message }`). */
type TypedError = { __typename: string; code: string; message: string };

const DEFAULT_URL = 'http://localhost:4000/graphql';

/** The six programs in the seed's order, with their names (without the vendor's brand). */
export const PROGRAMS: { kind: ProgramKind; name: string; side: 'SALES' | 'ACCOUNTING' }[] = [
  { kind: 'FAKTURA_START', name: 'Start Faktura', side: 'SALES' },
  { kind: 'HANDEL_START', name: 'Start Handel', side: 'SALES' },
  { kind: 'HANDEL', name: 'Handel (Sprzedaż)', side: 'SALES' },
  { kind: 'HANDEL_MAGAZYN', name: 'Handel (Sprzedaż i magazyn)', side: 'SALES' },
  { kind: 'MALA_KSIEGOWOSC_START', name: 'Start Mała Księgowość', side: 'ACCOUNTING' },
  { kind: 'FINANSE_KSIEGOWOSC', name: 'Finanse i Księgowość', side: 'ACCOUNTING' },
];

const programName = (kind: string) => PROGRAMS.find((p) => p.kind === kind)?.name ?? kind;

/** A one-field query that tells whether a Konekt GraphQL endpoint answers at the URL. */
const PING = parse('query KonektPing { __typename }') as TypedDocumentNode<
  { __typename: string },
  Record<string, never>
>;

const TEXT = {
  pl: {
    title: 'Kreator konfiguracji Konekt',
    serverUrl: 'Adres serwera Konekt',
    badUrl: (url: string) => `„${url}” nie jest adresem http:// ani https://.`,
    cannotConnect: (url: string, why: string) => `Nie można połączyć się z serwerem ${url}: ${why}`,
    programTitle: 'Program, który łączysz z Konekt:',
    salesGroup: 'wysyła dokumenty',
    accountingGroup: 'odbiera dokumenty',
    choose: (n: number) => `Wybierz [1-${n}]`,
    badChoice: (n: number) => `Wpisz numer od 1 do ${n}.`,
    nip: 'NIP firmy prowadzonej w programie',
    step1: 'Krok 1. Wybierz sposób konfiguracji:',
    pathOwner: 'Posiadam konto w serwisie Konekt lub chcę je dopiero założyć',
    pathInvited: 'Zostałem zaproszony do wymiany danych',
    step2: 'Krok 2. Konto główne w serwisie Konekt:',
    haveAccount: 'Posiadam konto w serwisie Konekt',
    noAccount: 'Nie posiadam konta',
    registration: (url: string) => `Serwis Konekt - zakładanie konta: ${url}`,
    registrationHint:
      'Wypełnij formularz rejestracji; na podany adres e-mail przyjdzie wiadomość z linkiem aktywacyjnym. Na tym etapie możesz przerwać konfigurację przyciskiem Zakończ.',
    finish: 'Zakończ',
    registeredNow: 'Założyłem już konto — zaloguj mnie',
    abandoned: (url: string) =>
      `Konfiguracja została przerwana. Załóż konto w serwisie Konekt (${url}), aktywuj je linkiem z wiadomości e-mail, a potem uruchom ponownie „konekt setup” i wybierz „Posiadam konto w serwisie Konekt”.`,
    ownerCredentials: 'Podaj parametry logowania konta głównego (adres e-mail i hasło). Pusty adres e-mail przerywa.',
    invitedStep3:
      'Krok 3. Podaj parametry logowania (adres e-mail i hasło) konta, na które zostałeś zaproszony. Pusty adres e-mail przerywa.',
    email: 'Adres e-mail',
    password: 'Hasło',
    step3: 'Krok 3. Podaj adresy e-mail użytkowników wymiany danych.',
    step3Note:
      'Serwis Konekt utworzy konta dla podanych adresów e-mail oraz wyśle im wiadomość z linkiem aktywacyjnym. Na potrzeby wymiany danych zalecane jest zdefiniowanie oddzielnych kont od konta administracyjnego.',
    senderEmail: 'E-mail użytkownika wysyłającego dokumenty z aplikacji Handel lub Faktura',
    receiverEmail: 'E-mail użytkownika odbierającego dokumenty w programie Finanse i Księgowość lub Mała Księgowość',
    warning: (code: string, message: string) => {
      const side = /The (sending|receiving) user/.exec(message)?.[1];
      if (code === 'OWNER_ACCOUNT_USED' && side) {
        return `Uwaga: użytkownik ${side === 'sending' ? 'wysyłający' : 'odbierający'} to konto główne (administracyjne); na potrzeby wymiany danych zalecane jest zdefiniowanie oddzielnych kont.`;
      }
      if (code === 'SAME_ACCOUNT_BOTH_SIDES') return 'Uwaga: ten sam użytkownik wysyła i odbiera dokumenty.';
      return `Uwaga: ${message}`;
    },
    step4: 'Krok 4. Podsumowanie wprowadzonych ustawień:',
    summary: {
      program: 'Program',
      path: 'Sposób konfiguracji',
      nip: 'NIP firmy',
      company: 'Firma',
      owner: 'Konto główne',
      sender: 'Użytkownik wysyłający',
      receiver: 'Użytkownik odbierający',
      exchange: 'Konto wymiany danych programu',
    },
    cancel: 'Anuluj',
    cancelled: 'Konfiguracja została anulowana.',
    awaitingActivation: (email: string) =>
      `Konta zostały utworzone. Jeśli konto ${email} nie było wcześniej aktywowane, przesłano na nie wiadomość z linkiem aktywacyjnym: odbierz ją, kliknij link, na otwartej stronie zdefiniuj hasło użytkownika i potwierdź przyciskiem Zapisz.`,
    awaitingPassword: (email: string) => `Konto ${email} jest już aktywne.`,
    enterPassword: (email: string) => `Wprowadź hasło konta ${email} (pusta odpowiedź kończy)`,
    passwordLater: (id: string) =>
      `Program nie otrzymał jeszcze tokenu: konfiguracja ${id} czeka w Konekt na hasło. Uruchom „konekt setup” ponownie, gdy konto będzie aktywne.`,
    done: 'Konfiguracja jest aktywna.',
    testTitle: 'Test połączenia:',
    testFailed:
      'Test połączenia wykazał problemy (powyżej); program może wymagać dokończenia konfiguracji po stronie Konekt.',
    checks: {
      PROGRAM_TOKEN: 'Token programu',
      NIP_MATCH: 'Zgodność NIP',
      EXCHANGE_ACCOUNT: 'Konto wymiany danych',
      RECEIVER_PRESENT: 'Użytkownik odbierający',
      SENDER_PRESENT: 'Użytkownik wysyłający',
      PLAN_ALLOWS_SENDING: 'Pakiet',
    } as Record<string, string>,
    saved: (file: string) => `Profil zapisano w ${file} (token programu, bez hasła).`,
    inputEnded: 'Dane wejściowe skończyły się przed zakończeniem kreatora; konfiguracja nie została zapisana.',
    interrupted: 'Przerwano.',
    errors: {
      InvalidNipError: 'Nieprawidłowy NIP: potrzebne jest 10 cyfr z poprawną cyfrą kontrolną.',
      InvalidCredentialsError:
        'Nieprawidłowy adres e-mail lub hasło (albo konto nie zostało jeszcze aktywowane linkiem z wiadomości e-mail).',
      TooManyAttemptsError: (seconds: string) => `Zbyt wiele nieudanych prób; spróbuj ponownie za ${seconds} s.`,
      NipMismatchError: (nip: string) => `To konto nie należy do firmy o NIP ${nip} podanym w programie.`,
      RoleMismatchOwner:
        'Tę ścieżkę może wybrać tylko konto główne (właściciel) firmy; użytkownik zaproszony wybiera „Zostałem zaproszony do wymiany danych”.',
      RoleMismatchSender:
        'To konto nie zostało zaproszone jako użytkownik wysyłający dokumenty (albo nie ma uprawnienia do wysyłania); poproś właściciela konta głównego.',
      RoleMismatchReceiver:
        'To konto nie zostało zaproszone jako użytkownik odbierający dokumenty (albo nie ma uprawnienia do odbierania); poproś właściciela konta głównego.',
      WizardStepError:
        'Kreator jest już na innym kroku (np. konfigurację zakończono gdzie indziej). Uruchom „konekt setup” ponownie.',
      WizardExpiredError: 'Szkic konfiguracji wygasł (ważny 24 godziny). Uruchom „konekt setup” ponownie.',
      ValidationError: (detail: string) => {
        const email = /^"(.*)" is not a valid e-mail address$/.exec(detail);
        return email ? `„${email[1]}” nie jest poprawnym adresem e-mail.` : `Nieprawidłowe dane: ${detail}`;
      },
      AccountNotActiveError: (email: string) =>
        `Konto ${email} nie zostało jeszcze aktywowane: odbierz wiadomość z linkiem aktywacyjnym, kliknij link, zdefiniuj hasło i potwierdź przyciskiem Zapisz, a potem podaj to hasło tutaj.`,
      other: (code: string, message: string) => `Błąd ${code}: ${message}`,
    },
  },
  en: {
    title: 'Konekt setup wizard',
    serverUrl: 'Konekt server URL',
    badUrl: (url: string) => `"${url}" is not an http:// or https:// URL.`,
    cannotConnect: (url: string, why: string) => `Cannot connect to ${url}: ${why}`,
    programTitle: 'The program you are connecting to Konekt:',
    salesGroup: 'sends documents',
    accountingGroup: 'receives documents',
    choose: (n: number) => `Choose [1-${n}]`,
    badChoice: (n: number) => `Type a number from 1 to ${n}.`,
    nip: 'NIP of the company kept in the program',
    step1: 'Step 1. How do you want to set up the exchange?',
    pathOwner: 'I have a Konekt account or want to create one',
    pathInvited: 'I was invited to the exchange',
    step2: 'Step 2. The main account on Konekt:',
    haveAccount: 'I have a Konekt account',
    noAccount: 'I have no account',
    registration: (url: string) => `Konekt - create an account: ${url}`,
    registrationHint:
      'Fill in the registration form; an activation link will be mailed to the address you give. You may stop the setup here with Finish.',
    finish: 'Finish',
    registeredNow: 'I have registered now — sign me in',
    abandoned: (url: string) =>
      `The setup was stopped. Register on Konekt (${url}), activate the account from the e-mail, then run "konekt setup" again and choose "I have a Konekt account".`,
    ownerCredentials: 'Sign in with the main account (e-mail and password). An empty e-mail stops the setup.',
    invitedStep3:
      'Step 3. Sign in with the account you were invited with (e-mail and password). An empty e-mail stops the setup.',
    email: 'E-mail',
    password: 'Password',
    step3: 'Step 3. The e-mail addresses of the exchange users.',
    step3Note:
      'Konekt creates accounts for these addresses and mails them an activation link. Separate accounts from the main (administrative) account are recommended for the exchange.',
    senderEmail: 'E-mail of the user who sends documents from the sales program',
    receiverEmail: 'E-mail of the user who receives documents in the accounting program',
    warning: (_code: string, message: string) => `Warning: ${message}`,
    step4: 'Step 4. Summary of the settings:',
    summary: {
      program: 'Program',
      path: 'Setup path',
      nip: 'Company NIP',
      company: 'Company',
      owner: 'Main account',
      sender: 'Sending user',
      receiver: 'Receiving user',
      exchange: "The program's exchange account",
    },
    cancel: 'Cancel',
    cancelled: 'The setup was cancelled.',
    awaitingActivation: (email: string) =>
      `The accounts were created. If the account ${email} was not activated before, an activation link was mailed to it: open the mail, click the link, set the password on the page and press Save.`,
    awaitingPassword: (email: string) => `The account ${email} is already active.`,
    enterPassword: (email: string) => `Enter the password of ${email} (an empty answer quits)`,
    passwordLater: (id: string) =>
      `The program has no token yet: configuration ${id} waits on Konekt for the password. Run "konekt setup" again once the account is active.`,
    done: 'The configuration is active.',
    testTitle: 'Connection test:',
    testFailed: 'The connection test found problems (above); the setup may need finishing on the Konekt side.',
    checks: {
      PROGRAM_TOKEN: 'Program token',
      NIP_MATCH: 'NIP match',
      EXCHANGE_ACCOUNT: 'Exchange account',
      RECEIVER_PRESENT: 'Receiving user',
      SENDER_PRESENT: 'Sending user',
      PLAN_ALLOWS_SENDING: 'Plan',
    } as Record<string, string>,
    saved: (file: string) => `Profile saved to ${file} (the program token, no password).`,
    inputEnded: 'The input ended before the wizard finished; nothing was saved.',
    interrupted: 'Interrupted.',
    errors: {
      InvalidNipError: 'Not a valid NIP: it needs 10 digits with a correct check digit.',
      InvalidCredentialsError: 'Wrong e-mail or password (or the account is not activated from its e-mail yet).',
      TooManyAttemptsError: (seconds: string) => `Too many failed attempts; try again in ${seconds} s.`,
      NipMismatchError: (nip: string) => `This account does not belong to the company with NIP ${nip} given above.`,
      RoleMismatchOwner:
        'Only the main account (owner) of the company can take this path; an invited user chooses "I was invited to the exchange".',
      RoleMismatchSender:
        'This account was not invited as the sending user (or may not send); ask the owner of the main account.',
      RoleMismatchReceiver:
        'This account was not invited as the receiving user (or may not receive); ask the owner of the main account.',
      WizardStepError: 'The wizard is at another step (finished elsewhere?). Run "konekt setup" again.',
      WizardExpiredError: 'This setup draft has expired (drafts live 24 hours). Run "konekt setup" again.',
      ValidationError: (detail: string) => `Invalid input: ${detail}`,
      AccountNotActiveError: (email: string) =>
        `The account ${email} is not activated yet: open the activation mail, click the link, set the password and press Save, then enter that password here.`,
      other: (code: string, message: string) => `Error ${code}: ${message}`,
    },
  },
};

type Text = (typeof TEXT)['pl'];

/** The user's answers ran out (stdin closed, Ctrl+D) or the user pressed Ctrl+C. */
export class EndOfInput extends Error {
  constructor(readonly interrupted: boolean) {
    super(interrupted ? 'interrupted' : 'end of input');
  }
}

/** A typed error that ends the wizard: its words are already shown. */
class WizardFailed extends Error {}

/**
 * Questions and answers over stdin/stdout. Lines are queued as they arrive, so answers piped in
 * ahead of time are kept for the questions that follow (readline's question() would drop lines
 * that arrive while the wizard waits for the server). In a terminal, secrets are read without echo.
 */
export class Terminal {
  readonly tty: boolean;
  private readonly rl: Interface;
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private ended: EndOfInput | undefined;
  private muted = false;

  constructor(
    input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stdout,
  ) {
    this.tty = Boolean(input.isTTY && output.isTTY);
    const echo = new Writable({
      write: (chunk, _encoding, done) => {
        if (!this.muted) output.write(chunk);
        done();
      },
    });
    this.rl = createInterface({
      input,
      output: this.tty ? echo : undefined,
      terminal: this.tty,
      historySize: 0,
    });
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(line);
      } else {
        this.lines.push(line);
      }
    });
    const end = (interrupted: boolean) => {
      this.ended ??= new EndOfInput(interrupted);
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve?.(null);
    };
    this.rl.on('close', () => end(false));
    this.rl.on('SIGINT', () => {
      end(true);
      this.rl.close();
    });
  }

  say(text = ''): void {
    this.output.write(`${text}\n`);
  }

  private next(): Promise<string | null> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Asks one question; an empty answer takes the default. Throws EndOfInput when the input ends. */
  async ask(label: string, options: { default?: string; secret?: boolean } = {}): Promise<string> {
    const prompt = `${label}${options.default ? ` [${options.default}]` : ''}: `;
    if (this.tty) {
      this.rl.setPrompt(prompt);
      this.rl.prompt();
      this.muted = Boolean(options.secret);
    } else {
      this.output.write(prompt);
    }
    const line = await this.next();
    const trimmed = line === null || options.secret ? line : line.trim();
    const answer = trimmed === '' && options.default ? options.default : trimmed;
    if (this.muted) {
      this.muted = false;
      this.output.write('\n');
    } else if (!this.tty) {
      // Piped answers are echoed by nobody: show them (never a secret), so the transcript reads as a dialogue.
      this.output.write(`${answer === null ? '' : options.secret ? '*'.repeat(Math.min(answer.length, 8)) : answer}\n`);
    }
    if (answer === null) throw this.ended ?? new EndOfInput(false);
    return answer;
  }

  /** A numbered list; returns the index of the chosen item. */
  async choose(title: string, items: string[], text: Text): Promise<number> {
    if (title) this.say(title);
    items.forEach((item, i) => this.say(`  ${i + 1}) ${item}`));
    for (;;) {
      const answer = await this.ask(text.choose(items.length));
      const n = Number(answer);
      if (Number.isInteger(n) && n >= 1 && n <= items.length) return n - 1;
      this.say(text.badChoice(items.length));
    }
  }

  close(): void {
    this.rl.close();
  }
}

/** A typed error in plain words. */
function explain(
  text: Text,
  error: TypedError,
  context: { nip?: string | null; program?: ProgramKind; path?: ConnectPath; email?: string } = {},
): string {
  const e = text.errors;
  switch (error.__typename) {
    case 'InvalidNipError':
      return e.InvalidNipError;
    case 'InvalidCredentialsError':
      return e.InvalidCredentialsError;
    case 'TooManyAttemptsError':
      return e.TooManyAttemptsError(/(\d+)\s*s\b/.exec(error.message)?.[1] ?? '?');
    case 'NipMismatchError':
      return e.NipMismatchError(context.nip ?? '');
    case 'RoleMismatchError':
      if (context.path === 'OWNER') return e.RoleMismatchOwner;
      return PROGRAMS.find((p) => p.kind === context.program)?.side === 'ACCOUNTING'
        ? e.RoleMismatchReceiver
        : e.RoleMismatchSender;
    case 'WizardStepError':
      return e.WizardStepError;
    case 'WizardExpiredError':
      return e.WizardExpiredError;
    case 'ValidationError':
      return e.ValidationError(error.message);
    case 'AccountNotActiveError':
      return e.AccountNotActiveError(context.email ?? /account (\S+)/.exec(error.message)?.[1] ?? '');
    default:
      return e.other(error.code, error.message);
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof KonektRequestError) return `${error.code ?? `HTTP ${error.status}`}: ${error.message}`;
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

function printSummary(term: Terminal, text: Text, configuration: Configuration) {
  const { summary } = configuration;
  const s = text.summary;
  const rows: [string, string | null][] = [
    [s.program, programName(configuration.program)],
    [s.path, configuration.path === 'OWNER' ? text.pathOwner : text.pathInvited],
    [s.nip, configuration.companyNip],
    [s.company, summary.companyName],
    [s.owner, summary.ownerEmail],
    [s.sender, summary.senderEmail],
    [s.receiver, summary.receiverEmail],
    [s.exchange, summary.exchangeAccountEmail],
  ];
  const width = Math.max(...rows.filter(([, v]) => v).map(([label]) => label.length));
  term.say(text.step4);
  for (const [label, value] of rows) if (value) term.say(`  ${`${label}:`.padEnd(width + 1)} ${value}`);
}

/** `konekt setup`: the connect wizard in the terminal; saves the program token to the profile. */
export async function setup(options: SetupOptions): Promise<number> {
  const text = TEXT[options.lang];
  const term = new Terminal();
  /** The open draft, cancelled if the user walks away in the middle of the wizard. */
  const draft: { id?: string; client?: KonektClient } = {};
  try {
    return await runWizard(term, text, options, draft);
  } catch (error) {
    if (!(error instanceof EndOfInput) && !(error instanceof WizardFailed)) throw error;
    if (draft.id && draft.client) {
      await draft.client.request(CancelConnectWizardDocument, { configurationId: draft.id }).catch(() => undefined);
    }
    if (error instanceof EndOfInput) term.say(error.interrupted ? `\n${text.interrupted}` : text.inputEnded);
    return 1;
  } finally {
    term.close();
  }
}

async function runWizard(
  term: Terminal,
  text: Text,
  options: SetupOptions,
  draft: { id?: string; client?: KonektClient },
): Promise<number> {
  term.say(text.title);
  term.say();

  // The server.
  let url: string;
  let client: KonektClient;
  for (;;) {
    url = await term.ask(text.serverUrl, { default: options.url ?? DEFAULT_URL });
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      term.say(text.badUrl(url));
      continue;
    }
    client = new KonektClient({ url, lang: options.lang });
    try {
      await client.request(PING, {});
      break;
    } catch (error) {
      term.say(text.cannotConnect(url, describeFailure(error)));
    }
  }
  term.say();

  // The program and its company.
  const programIndex = await term.choose(
    text.programTitle,
    PROGRAMS.map((p) => `${p.name} — ${p.side === 'SALES' ? text.salesGroup : text.accountingGroup}`),
    text,
  );
  const program = PROGRAMS[programIndex]!.kind;
  /** Checked here too, so a typo is caught before step 1; the server has the last word. */
  const askNip = async () => {
    for (;;) {
      const answer = await term.ask(text.nip);
      const compact = normaliseNip(answer);
      if (compact && isValidNip(compact)) return answer;
      term.say(text.errors.InvalidNipError);
    }
  };
  let nip = await askNip();
  term.say();

  // Step 1: the path.
  const path: ConnectPath =
    (await term.choose(text.step1, [text.pathOwner, text.pathInvited], text)) === 0 ? 'OWNER' : 'INVITED';
  term.say();

  let configuration: Configuration;
  let wizard: KonektClient;
  for (;;) {
    const { startConnectWizard: started } = await client.request(StartConnectWizardDocument, {
      input: { program, companyNip: nip, path },
    });
    if (started.__typename === 'StartConnectWizardPayload') {
      configuration = started.configuration;
      wizard = client.withToken(started.wizardToken);
      draft.id = configuration.id;
      draft.client = wizard;
      break;
    }
    term.say(explain(text, started));
    if (started.__typename !== 'InvalidNipError') throw new WizardFailed(started.message);
    nip = await askNip();
  }
  const context = { nip: configuration.companyNip, program, path };
  const fail = (error: TypedError): never => {
    term.say(explain(text, error, context));
    throw new WizardFailed(error.message);
  };

  /** Signs in until the server accepts the account; errors that a retry may cure are asked again. */
  const signIn = async (intro: string): Promise<Configuration | null> => {
    term.say(intro);
    for (;;) {
      const email = await term.ask(text.email);
      if (!email) return null;
      const password = await term.ask(text.password, { secret: true });
      const { connectWizardSignIn: result } = await wizard.request(ConnectWizardSignInDocument, {
        input: { configurationId: configuration.id, email, password },
      });
      if (result.__typename === 'ConnectConfigurationPayload') return result.configuration;
      const retry = [
        'InvalidCredentialsError',
        'TooManyAttemptsError',
        'NipMismatchError',
        'RoleMismatchError',
      ].includes(result.__typename);
      if (!retry) fail(result);
      term.say(explain(text, result, context));
    }
  };

  const cancel = async () => {
    await wizard.request(CancelConnectWizardDocument, { configurationId: configuration.id }).catch(() => undefined);
    draft.id = undefined;
    term.say(text.cancelled);
    return 1;
  };

  /** Step 4: the summary, then Zakończ (Finish) or Anuluj (Cancel). */
  const confirm = async () => {
    printSummary(term, text, configuration);
    const choice = await term.choose('', [text.finish, text.cancel], text);
    return choice === 0;
  };

  let programToken: string;
  if (path === 'OWNER') {
    // Step 2: the owner's account, or the registration link.
    const has = await term.choose(text.step2, [text.haveAccount, text.noAccount], text);
    if (has === 1) {
      const { connectWizardNoAccount: noAccount } = await wizard.request(ConnectWizardNoAccountDocument, {
        configurationId: configuration.id,
      });
      if (noAccount.__typename !== 'ConnectWizardNoAccountPayload') return fail(noAccount);
      term.say(text.registration(noAccount.registrationUrl));
      term.say(text.registrationHint);
      const next = await term.choose('', [text.finish, text.registeredNow], text);
      if (next === 0) {
        const { finishConnectWizard: finished } = await wizard.request(FinishConnectWizardDocument, {
          configurationId: configuration.id,
        });
        if (finished.__typename !== 'FinishConnectWizardPayload') return fail(finished);
        draft.id = undefined;
        term.say(text.abandoned(noAccount.registrationUrl));
        return 0;
      }
    }
    const signedIn = await signIn(text.ownerCredentials);
    if (!signedIn) return cancel();
    configuration = signedIn;
    term.say();

    // Step 3: the sending and the receiving user.
    term.say(text.step3);
    term.say(text.step3Note);
    for (;;) {
      const senderEmail = await term.ask(text.senderEmail);
      const receiverEmail = await term.ask(text.receiverEmail);
      const { setExchangeParticipants: result } = await wizard.request(SetExchangeParticipantsDocument, {
        input: { configurationId: configuration.id, senderEmail, receiverEmail },
      });
      if (result.__typename === 'SetExchangeParticipantsPayload') {
        configuration = result.configuration;
        for (const warning of result.warnings) {
          term.say(text.warning(warning.code, warning.message));
        }
        break;
      }
      if (result.__typename !== 'ValidationError') fail(result);
      term.say(explain(text, result, context));
    }
    term.say();

    // Step 4: summary and Finish; Konekt creates the accounts and mails them.
    if (!(await confirm())) return cancel();
    const { finishConnectWizard: finished } = await wizard.request(FinishConnectWizardDocument, {
      configurationId: configuration.id,
    });
    if (finished.__typename !== 'FinishConnectWizardPayload') return fail(finished);
    draft.id = undefined;
    configuration = finished.configuration;
    const exchangeEmail = configuration.summary.exchangeAccountEmail ?? '';
    term.say();
    term.say(
      configuration.status === 'AWAITING_ACTIVATION'
        ? text.awaitingActivation(exchangeEmail)
        : text.awaitingPassword(exchangeEmail),
    );

    // "Wprowadź hasło": the exchange account's password, once, for the program token.
    for (;;) {
      const password = await term.ask(text.enterPassword(exchangeEmail), { secret: true });
      if (!password) {
        term.say(text.passwordLater(configuration.id));
        return 1;
      }
      const { enterExchangePassword: result } = await client.request(EnterExchangePasswordDocument, {
        input: { configurationId: configuration.id, password },
      });
      if (result.__typename === 'EnterExchangePasswordPayload') {
        configuration = result.configuration;
        programToken = result.programToken;
        break;
      }
      const retry = ['AccountNotActiveError', 'InvalidCredentialsError', 'TooManyAttemptsError'].includes(
        result.__typename,
      );
      term.say(explain(text, result, { ...context, email: exchangeEmail }));
      if (!retry) throw new WizardFailed(result.message);
    }
  } else {
    // The invited path jumps to step 3: the invited account's credentials.
    const signedIn = await signIn(text.invitedStep3);
    if (!signedIn) return cancel();
    configuration = signedIn;
    term.say();
    if (!(await confirm())) return cancel();
    const { finishConnectWizard: finished } = await wizard.request(FinishConnectWizardDocument, {
      configurationId: configuration.id,
    });
    if (finished.__typename !== 'FinishConnectWizardPayload') return fail(finished);
    draft.id = undefined;
    configuration = finished.configuration;
    if (!finished.programToken) throw new Error('finishConnectWizard returned no program token');
    programToken = finished.programToken;
  }

  // The token goes to the profile first, so a failing test below cannot lose it.
  await saveProfile(options.profileFile, {
    url,
    configurationId: configuration.id,
    program: configuration.program,
    companyNip: configuration.companyNip,
    programToken,
  });
  term.say();
  term.say(text.done);

  // "Test połączenia", item by item.
  term.say(text.testTitle);
  const { testConnection } = await client.withToken(programToken).request(TestConnectionDocument, {
    configurationId: configuration.id,
  });
  for (const check of testConnection.checks) {
    term.say(`  ${check.ok ? '✓' : '✗'} ${text.checks[check.name] ?? check.name}: ${check.message}`);
  }
  if (!testConnection.ok) term.say(text.testFailed);
  term.say();
  term.say(text.saved(options.profileFile));
  return 0;
}
