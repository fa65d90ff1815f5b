import type { TokenProblem } from '../errors.js';
import type { Lang } from './index.js';

/** Every word the portal's pages show, one object per language. */
const pl = {
  languageSwitch: { label: 'English', href: '?lang=en' },
  landing: {
    title: 'Konekt',
    intro:
      'Konekt przekazuje dokumenty z programu sprzedażowego firmy do programu księgowego jej biura rachunkowego — na żywo, przez sieć — i odsyła ich statusy z powrotem.',
    graphiql: 'GraphiQL',
    graphiqlLine: 'API GraphQL w przeglądarce, z opisem każdego typu i pola.',
    register: 'Rejestracja firmy',
    registerLine: 'konto główne firmy; link aktywacyjny przyjdzie e-mailem.',
    cli: 'Z terminala: npx konekt --help (kreator konekt setup, wysyłanie i odbieranie dokumentów).',
    readme: 'W pliku README.md:',
    sections: [
      ['Quick start', 'uruchomienie serwera i testów dwoma poleceniami'],
      ['Configuration', 'ustawienia: port, baza danych, poczta, Redis'],
      ['Register → activate → sign in', 'rejestracja, aktywacja konta i token do nagłówka Authorization'],
      ['Connecting programs', 'kreator łączenia programu sprzedażowego lub księgowego'],
      ['Exchanging documents', 'wysyłanie dokumentów, wersje, statusy i zdarzenia na żywo'],
      ['The konekt command and the demo', 'polecenie konekt i pokaz całej wymiany'],
      ['Troubleshooting', 'komunikaty przy starcie serwera i co z nimi zrobić'],
    ],
  },
  graphiql: {
    title: 'Konekt · GraphiQL',
    welcome: [
      'Witaj w Konekt: dokumenty z programu sprzedażowego do programu księgowego biura, na żywo.',
      '',
      '1. Zarejestruj firmę (bez tokenu) na stronie /register albo mutacją:',
      '     mutation { register(input: { companyName: "…", nip: "…", email: "…", plan: FREE, locale: PL }) {',
      '       __typename ... on Error { code message } } }',
      '   Link aktywacyjny przyjdzie e-mailem: na jego stronie ustaw hasło.',
      '2. Zaloguj się:',
      '     mutation { signIn(input: { email: "…", password: "…" }) {',
      '       ... on SignInPayload { token } ... on Error { code message } } }',
      '3. Wklej token w zakładce Headers poniżej: {"Authorization": "Bearer <token>"}',
      '   Program (sprzedażowy lub księgowy) dostaje własny token z kreatora: README, "Connecting programs".',
      '',
      'Uruchom (Ctrl+Enter), aby zobaczyć pakiety:',
    ],
    headersHelp: 'Token z signIn, enterExchangePassword lub finishConnectWizard; usuń // przed wierszem:',
  },
  passwordPages: {
    activate: {
      title: 'Aktywacja konta',
      intro: 'Ustaw hasło do swojego konta w Konekt.',
      done: 'Konto jest aktywne. Możesz się teraz zalogować.',
    },
    'reset-password': {
      title: 'Nowe hasło',
      intro: 'Ustaw nowe hasło do swojego konta w Konekt.',
      done: 'Hasło zostało zmienione. Możesz się teraz zalogować.',
    },
    password: 'Hasło',
    repeat: 'Powtórz hasło',
    hint: 'Co najmniej 10 znaków.',
    save: 'Zapisz',
    mismatch: 'Hasła nie są takie same.',
    weak: 'Hasło jest za słabe: użyj co najmniej 10 różnorodnych znaków.' as string | null,
    failed: 'Nie udało się zapisać hasła. Spróbuj ponownie za chwilę.',
    noscript: 'Ta strona wymaga JavaScriptu.',
    problems: {
      UNKNOWN: 'Ten link jest nieprawidłowy. Sprawdź, czy skopiowano go w całości.',
      USED: 'Ten link został już użyty. Jeśli nie pamiętasz hasła, poproś o jego reset.',
      EXPIRED: 'Ten link wygasł. Poproś o nowy.',
    } satisfies Record<TokenProblem, string>,
  },
  register: {
    title: 'Rejestracja firmy',
    intro: 'Załóż konto główne firmy w Konekt. Na podany adres wyślemy link aktywacyjny.',
    companyName: 'Nazwa firmy',
    nip: 'NIP',
    email: 'Adres e-mail',
    plan: 'Pakiet',
    perMonth: 'dokumentów miesięcznie',
    submit: 'Zarejestruj',
    failed: 'Nie udało się zarejestrować. Spróbuj ponownie za chwilę.',
    errors: {
      INVALID_NIP: 'Ten NIP jest nieprawidłowy: potrzeba 10 cyfr z poprawną cyfrą kontrolną.',
      NIP_ALREADY_REGISTERED: 'Firma z tym NIP-em jest już zarejestrowana.',
    },
    done: (email: string) => `Sprawdź skrzynkę ${email}: wysłaliśmy link do aktywacji konta.`,
  },
};

const en: typeof pl = {
  languageSwitch: { label: 'Polski', href: '?lang=pl' },
  landing: {
    title: 'Konekt',
    intro:
      "Konekt carries documents from a company's sales program to its accounting office's program — live, across networks — and carries their statuses back.",
    graphiql: 'GraphiQL',
    graphiqlLine: 'the GraphQL API in the browser, with every type and field described.',
    register: 'Register a company',
    registerLine: "the company's main account; the activation link arrives by e-mail.",
    cli: 'From a terminal: npx konekt --help (the konekt setup wizard, sending and receiving documents).',
    readme: 'In README.md:',
    sections: [
      ['Quick start', 'the server and the tests in two commands'],
      ['Configuration', 'settings: port, database, mail, Redis'],
      ['Register → activate → sign in', 'registration, activation and the token for the Authorization header'],
      ['Connecting programs', 'the wizard that connects a sales or an accounting program'],
      ['Exchanging documents', 'sending documents, versions, statuses and live events'],
      ['The konekt command and the demo', 'the konekt command and a demo of the whole exchange'],
      ['Troubleshooting', 'the messages at server start and what to do about them'],
    ],
  },
  graphiql: {
    title: 'Konekt · GraphiQL',
    welcome: [
      "Welcome to Konekt: documents from a sales program to the accounting office's program, live.",
      '',
      '1. Register your company (no token needed) at /register or with:',
      '     mutation { register(input: { companyName: "…", nip: "…", email: "…", plan: FREE, locale: EN }) {',
      '       __typename ... on Error { code message } } }',
      '   The activation link arrives by e-mail: set your password on its page.',
      '2. Sign in:',
      '     mutation { signIn(input: { email: "…", password: "…" }) {',
      '       ... on SignInPayload { token } ... on Error { code message } } }',
      '3. Paste the token into the Headers tab below: {"Authorization": "Bearer <token>"}',
      '   A program (sales or accounting) gets its own token from the wizard: README, "Connecting programs".',
      '',
      'Run it (Ctrl+Enter) to see the plans:',
    ],
    headersHelp: 'The token from signIn, enterExchangePassword or finishConnectWizard; remove the // before the line:',
  },
  passwordPages: {
    activate: {
      title: 'Activate your account',
      intro: 'Set the password of your Konekt account.',
      done: 'Your account is active. You can sign in now.',
    },
    'reset-password': {
      title: 'New password',
      intro: 'Set a new password for your Konekt account.',
      done: 'Your password was changed. You can sign in now.',
    },
    password: 'Password',
    repeat: 'Repeat password',
    hint: 'At least 10 characters.',
    save: 'Save',
    mismatch: 'The passwords differ.',
    // The server's own message is English already.
    weak: null,
    failed: 'The password could not be saved. Try again in a moment.',
    noscript: 'This page needs JavaScript.',
    problems: {
      UNKNOWN: 'This link is not valid. Check that it was copied whole.',
      USED: 'This link has already been used. If you forgot your password, ask for a reset.',
      EXPIRED: 'This link has expired. Ask for a new one.',
    } satisfies Record<TokenProblem, string>,
  },
  register: {
    title: 'Register a company',
    intro: "Create your company's main account in Konekt. We will send an activation link to the address you give.",
    companyName: 'Company name',
    nip: 'NIP (tax ID)',
    email: 'E-mail address',
    plan: 'Plan',
    perMonth: 'documents a month',
    submit: 'Register',
    failed: 'The registration failed. Try again in a moment.',
    errors: {
      INVALID_NIP: 'This NIP is not valid: it needs 10 digits with a correct check digit.',
      NIP_ALREADY_REGISTERED: 'A company with this NIP is already registered.',
    },
    done: (email: string) => `Check ${email}: we sent a link to activate the account.`,
  },
};

export const PORTAL_TEXT: Record<Lang, typeof pl> = { pl, en };
