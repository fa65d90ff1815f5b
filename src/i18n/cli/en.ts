import type { CliText } from './pl.js';

export const en: CliText = {
  help: `konekt — the Konekt document exchange from a terminal

Usage: konekt <command> [options]

Commands:
  serve                         run the Konekt server (what "npm start" runs; configured by environment variables)
  setup [--url URL]             run the connect wizard for a program and save its token to the profile
  send FILE|DIR...              send documents: .json in the API's DocumentInput shape, .xml FA(3) invoices as they are
  receive --out DIR [--once]    receive documents into DIR (<number>.json and <number>.xml, the document as
                                FA(3)), acknowledging each one
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
  --lang pl|en     language of the messages (default: Polish for setup, English for the other commands)
  -h, --help       this help

Exit status:
  0  everything succeeded
  1  the server refused something (a document, the token, a wizard step), a file holds no documents,
     or the setup was cancelled
  2  bad usage: unknown command or option, missing argument, a FILE or DIR that does not exist
  3  the server could not be reached: nothing was refused, try again later
`,
  reasons: {
    CONNECTION_REFUSED: 'connection refused',
    HOST_NOT_FOUND: 'host not found',
    TIMED_OUT: 'no answer in time',
    CONNECTION_RESET: 'the connection was cut',
    SERVER_UNAVAILABLE: 'the server is unavailable',
    NETWORK: 'network error',
  },
  network: {
    cannotReach: (url, reason) => `cannot reach ${url}: ${reason}`,
    lost: (url, code) => `lost the connection to ${url}${code ? ` (closed with ${code})` : ''}`,
    retrying: (seconds) => `retrying in ${seconds} s`,
    retryingNow: 'reconnecting at once',
    reconnected: (url) => `reconnected to ${url}`,
  },
  usage: {
    sendNeedsFiles: 'konekt send needs at least one FILE or DIR',
    receiveNeedsOut: 'konekt receive needs --out DIR',
    status: 'usage: konekt status ID imported|rejected [--reason TEXT]',
    limit: '--limit must be a positive integer',
    lang: '--lang takes pl or en',
    unknownCommand: (command) => `unknown command "${command}"; see konekt --help`,
    noSuchPath: (file) => `no such file or folder: ${file}`,
  },
  profile: {
    missing: (file) => `No profile at ${file}: run "konekt setup" first (or pass --profile FILE)`,
    incomplete: (file, key) => `The profile ${file} has no ${key}; run "konekt setup" again`,
    unreadable: (file) => `The profile ${file} is not valid JSON; run "konekt setup" again`,
  },
  send: {
    summary: (s) =>
      `sent: ${s.sent}, new versions: ${s.newVersions}, already sent: ${s.alreadySent}, refused: ${s.refused}`,
    refused: (file, reason) => `  refused ${file}: ${reason}`,
    cannotRead: (message) => `cannot read: ${message}`,
    emptyArray: 'the file holds no documents (an empty array [])',
    notADocument: 'the file holds neither a document nor an array of documents',
    nothingToSend: (paths) => `no .json files in ${paths}: nothing to send`,
    notSent: (count) =>
      `${count} document(s) not sent; send them again once the server answers (the same files never make duplicates)`,
  },
  receive: {
    continuing: (cursor) => `continuing after event ${cursor}`,
    continuingFrom: (file) => `continuing after the cursor kept in ${file}`,
    fromStart: 'starting from the first event',
    received: (number, version, file) => `received: ${number} v${version} → ${file}`,
    newVersion: (number, version, file) => `new version: ${number} v${version} → ${file}`,
    cancelled: (number) => `cancelled in the sales program: ${number}`,
    deleted: (number) => `deleted in the sales program: ${number}`,
    summary: (documents, notices, cursor) =>
      `documents written: ${documents}, cancellations/deletions: ${notices}, cursor: ${cursor ?? 'none'}`,
  },
  documents: {
    empty: 'No documents yet.',
    header: ['NUMBER', 'TYPE', 'VER', 'STATUS', 'STATE', 'ISSUED', 'BUYER', 'GROSS', 'REASON', 'ID'],
  },
  setup: {
    title: 'Konekt setup wizard',
    serverUrl: 'Konekt server URL',
    badUrl: (url) => `"${url}" is not an http:// or https:// URL.`,
    cannotConnect: (url, why) => `Cannot connect to ${url}: ${why}`,
    programTitle: 'The program you are connecting to Konekt:',
    salesGroup: 'sends documents',
    accountingGroup: 'receives documents',
    choose: (n) => `Choose [1-${n}]`,
    badChoice: (n) => `Type a number from 1 to ${n}.`,
    nip: 'NIP of the company kept in the program',
    step1: 'Step 1. How do you want to set up the exchange?',
    pathOwner: 'I have a Konekt account or want to create one',
    pathInvited: 'I was invited to the exchange',
    step2: 'Step 2. The main account on Konekt:',
    haveAccount: 'I have a Konekt account',
    noAccount: 'I have no account',
    registration: (url) => `Konekt - create an account: ${url}`,
    registrationHint:
      'Fill in the registration form; an activation link will be mailed to the address you give. You may stop the setup here with Finish.',
    finish: 'Finish',
    registeredNow: 'I have registered now — sign me in',
    abandoned: (url) =>
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
    invalidEmail: (value) => `"${value}" is not a valid e-mail address.`,
    warnings: {
      ownerUsedSending:
        "Warning: The sending user is the owner's own account; separate accounts for the exchange are recommended.",
      ownerUsedReceiving:
        "Warning: The receiving user is the owner's own account; separate accounts for the exchange are recommended.",
      sameAccount: 'Warning: The sending and receiving users are the same account.',
      other: (code, message) => `Warning (${code}): ${message}`,
    },
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
    awaitingAcceptance: (email) =>
      `The invitations were mailed. The account ${email} must accept the invitation to the company: a new address opens the activation mail, clicks the link, sets the password and presses Save (which accepts); an existing account signs in to Konekt and accepts the invitation.`,
    awaitingPassword: (email) => `The account ${email} is already active.`,
    enterPassword: (email) => `Enter the password of ${email} (an empty answer quits)`,
    passwordLater: (id) =>
      `The program has no token yet: configuration ${id} waits on Konekt for the password. Run "konekt setup" again once the account is active.`,
    done: 'The configuration is active.',
    testTitle: 'Connection test:',
    testFailed: 'The connection test found problems (above); the setup may need finishing on the Konekt side.',
    checks: {
      PROGRAM_TOKEN: {
        label: 'Program token',
        ok: 'the token is valid',
        failed: 'no valid token, or the configuration is not active: enter the password again',
      },
      NIP_MATCH: {
        label: 'NIP match',
        ok: "the program's NIP matches the company",
        failed: "the program's NIP does not match the company of this configuration",
      },
      EXCHANGE_ACCOUNT: {
        label: 'Exchange account',
        ok: 'the account is active and has the permission it needs',
        failed: 'the account is not active, lacks the permission, or is no longer a member of the company',
      },
      RECEIVER_PRESENT: {
        label: 'Receiving user',
        ok: 'the company has an active receiving user',
        failed: 'the company has no active receiving user yet',
      },
      SENDER_PRESENT: {
        label: 'Sending user',
        ok: 'the company has an active sending user',
        failed: 'the company has no active sending user yet',
      },
      PLAN_ALLOWS_SENDING: {
        label: 'Plan',
        ok: 'the plan allows sending documents this month',
        failed: "the plan's documents for this month are used up",
      },
    },
    otherCheck: (name, ok) => `${name}: ${ok ? 'fine' : 'a problem'}`,
    saved: (file) => `Profile saved to ${file} (the program token, no password).`,
    inputEnded: 'The input ended before the wizard finished; nothing was saved.',
    interrupted: 'Interrupted.',
    errors: {
      InvalidNipError: 'Not a valid NIP: it needs 10 digits with a correct check digit.',
      InvalidCredentialsError: 'Wrong e-mail or password (or the account is not activated from its e-mail yet).',
      TooManyAttemptsError: (seconds) => `Too many failed attempts; try again in ${seconds} s.`,
      NipMismatchError: (nip) => `This account does not belong to the company with NIP ${nip} given above.`,
      RoleMismatchOwner:
        'Only the main account (owner) of the company can take this path; an invited user chooses "I was invited to the exchange".',
      RoleMismatchSender:
        'This account was not invited as the sending user (or may not send); ask the owner of the main account.',
      RoleMismatchReceiver:
        'This account was not invited as the receiving user (or may not receive); ask the owner of the main account.',
      WizardStepError: 'The wizard is at another step (finished elsewhere?). Run "konekt setup" again.',
      WizardExpiredError: 'This setup draft has expired (drafts live 24 hours). Run "konekt setup" again.',
      ValidationError: (field) => `The value of ${field} is not valid.`,
      awaitingAcceptance: (email) =>
        `The account ${email} has not accepted the invitation yet (a new account accepts by activating itself from the mail). Once it has, enter its password here.`,
      other: (code, message) => `Error ${code}: ${message}`,
    },
  },
  office: {
    title: 'Konekt setup wizard for an accounting office',
    program: 'The accounting program that receives the documents of all your clients:',
    choose: (n: number) => `Choose [1-${n}]`,
    badChoice: (n: number) => `Type a number from 1 to ${n}.`,
    signIn:
      "Sign in with the office's account: the one your clients' owners added as their receiving user. An empty e-mail stops the setup.",
    email: 'E-mail',
    password: 'Password',
    summary: 'Summary:',
    account: 'Office account',
    clients: (count: number) => `Client companies (${count})`,
    finish: 'Finish',
    cancel: 'Cancel',
    cancelled: 'The setup was cancelled.',
    done: 'The office program is connected: one token for all client companies.',
    testTitle: 'Connection test:',
    saved: (file: string) => `Profile saved to ${file} (the program token, no password).`,
    inputEnded: 'The input ended before the wizard finished; nothing was saved.',
    interrupted: 'Interrupted.',
    notAnOffice: (file: string) => `The profile ${file} is not an office's: run "konekt setup --office" first`,
    unknownClient: (nip: string) => `No client company with NIP ${nip}`,
    noClients: 'No client companies yet.',
    inbox: {
      nip: 'NIP',
      name: 'CLIENT',
      waiting: 'WAITING',
      since: 'WAITING SINCE',
      issued: 'OLDEST ISSUED',
      lastEvent: 'LAST EVENT',
      overdue: 'OVERDUE',
    },
  },
};
