/**
 * Every word Konekt says in English: answers, warnings, checks and mails. `pl.ts` has the same
 * keys (its type is this object's), and a test compares the two at run time as well.
 */
export const en = {
  errors: {
    invalidNip: (nip: string) => `"${nip}" is not a valid NIP: it needs 10 digits with a correct check digit`,
    nipAlreadyRegistered: (nip: string) => `A company with NIP ${nip} is already registered`,
    weakPasswordShort: (min: number) => `The password must have at least ${min} characters`,
    weakPasswordLong: (max: number) => `The password may have at most ${max} characters`,
    weakPasswordSimple: 'The password is too easy to guess: use more different characters',
    linkUnknown: 'This link is not valid',
    linkUsed: 'This link has already been used',
    linkExpired: 'This link has expired',
    invalidCredentials: 'Wrong e-mail or password',
    tooManyAttempts: (seconds: number) => `Too many failed attempts; try again in ${seconds} s`,
    wizardStep: (expected: string, attempted: string) =>
      `The wizard is at step ${expected}; ${attempted} is not allowed now`,
    wizardExpired: 'This wizard draft has expired (drafts live 24 hours); start the wizard again',
    nipMismatchAccount: (nip: string) =>
      `The account does not belong to the company with NIP ${nip} declared by the program`,
    nipMismatchIssuer: (issuer: string, company: string) =>
      `The issuer's NIP ${issuer} is not the company's NIP ${company}`,
    nipMismatchKsefSeller: (seller: string, company: string) =>
      `The seller's NIP ${seller} (Podmiot1) is not the company's NIP ${company}`,
    ownerPathNeedsOwner:
      'Only the owner (main account) of the company can run this path; invited users choose "I was invited"',
    salesNeedsSender: 'A sales program needs an account invited as the sending user (SENDER)',
    accountingNeedsReceiver: 'An accounting program needs an account invited as the receiving user (RECEIVER)',
    roleLacksPermission: (role: string, permission: string) =>
      `The account is a ${role} of the company but lacks the ${permission} permission; ask the owner`,
    noLongerRole: (role: string, permission: string) =>
      `The account is no longer a ${role} of the company with the ${permission} permission`,
    awaitingAcceptance: (email: string) =>
      `The exchange user ${email} has not accepted the invitation yet: a new account accepts by activating itself from its mail, an existing one by signing in and accepting. The password is asked for afterwards`,
    mailLimitClient: (seconds: number) => `Too many mails were requested from your address; try again in ${seconds} s`,
    mailLimitRecipient: (seconds: number) => `Too many mails went to this address recently; try again in ${seconds} s`,
    invitationState: (status: 'EXPIRED' | 'ACCEPTED' | 'DECLINED' | 'REVOKED') =>
      ({
        EXPIRED: 'This invitation has expired; ask the company for a new one',
        ACCEPTED: 'This invitation was already accepted',
        DECLINED: 'This invitation was declined',
        REVOKED: 'This invitation was withdrawn by the company',
      })[status],
    configurationState: (status: string) => `The configuration is ${status}`,
    configurationDeleted: 'The configuration is already deleted',
    configurationNotFinished: (status: string) =>
      `The configuration is ${status}: finish the wizard first; the password is asked for once it has an exchange account`,
    totalsMismatch: (field: string, expected: string, actual: string) =>
      `${field} is ${actual} but should be ${expected}`,
    documentTypeNotAllowed: (type: string, program: string) => `${program} may not send ${type} documents`,
    quotaExceeded: (plan: string, limit: number, used: number) =>
      `The ${plan} plan allows ${limit} documents a month and ${used} were sent this month`,
    storageExceeded: (plan: string, limit: number, used: number, needed: number) =>
      `The ${plan} plan keeps up to ${limit} bytes of documents and attachments; ${used} are kept and this version needs ${needed} more`,
    idempotencyConflict: (key: string) => `The idempotency key "${key}" was already used for a different document`,
    documentState: (status: string, state: string, change: string) =>
      `The document is ${status} and ${state}; ${change} is not possible`,
    removeOnlyCancelled: 'Only a cancelled or deleted document can be removed from the queue',
    ksefSchema: (violations: string) => `The FA(3) invoice does not match the official schema: ${violations}`,
    ksefAtLine: (line: number, message: string) => `line ${line}: ${message}`,
    ksefNamespace: (found: string) =>
      `${found}; FA(3) is expected (Faktura in namespace http://crd.gov.pl/wzor/2025/06/25/13775/)`,
    ksefIsFa2: 'This is an FA(2) invoice',
    ksefIsOther: (root: string, namespace: string) => `This is <${root}> in namespace "${namespace}"`,
    ksefMalformed: (line: number | null, detail: string) =>
      `The FA(3) invoice is not well-formed XML${line === null ? '' : ` (line ${line})`}: ${detail}`,
    ksefUtf16: 'KSeF invoices are UTF-8; this one is UTF-16',
    ksefEncoding: (declared: string) => `KSeF invoices are UTF-8; this one declares ${declared}`,
    ksefForbiddenDeclaration: (declaration: string) =>
      `An FA(3) invoice may not contain a ${declaration} declaration; it was not read`,
    ksefTooLarge: (size: number, limit: number) =>
      `The FA(3) invoice has ${size} bytes; KSeF allows ${limit} (1 MiB, or 3 MiB for an invoice with a Zalacznik)`,
    invalidKsefNumber: (number: string, reason: string) => `"${number}" is not a valid KSeF number: ${reason}`,
    ksefNumberLength: (length: number) => `it has ${length} characters, not 35`,
    ksefNumberForm: 'the form is NIP-YYYYMMDD-XXXXXXXXXXXX-CC (hex in upper case)',
    ksefNumberChecksum: 'its last two characters (a CRC-8 checksum) do not match the rest',
  },
  validation: {
    email: (input: string) => `"${input}" is not a valid e-mail address`,
    companyName: (min: number, max: number) => `The company name must have ${min} to ${max} characters`,
    companyNameLink:
      'The company name may not contain a web address or anything that reads as one (http, www., example.com, @)',
    alreadyMember: (email: string, role: string) => `${email} is already a ${role} of this company`,
    alreadyHasRole: (role: string) => `The account already has the ${role} role in this company`,
    lastOwner: 'The company must keep at least one owner who manages members',
    syncInterval: (min: number, max: number) => `The synchronisation interval must be ${min} to ${max} minutes`,
    onlyActiveSynchronises: (status: string) => `The configuration is ${status}; only an active one synchronises`,
    documentOrKsefXml:
      'Send the document either as JSON fields (document) or as an FA(3) invoice (ksefXml): one of the two',
    documentAndKsefXml: 'Send the document either as JSON fields (document) or as an FA(3) invoice (ksefXml), not both',
    ksefNumberWithoutXml: 'ksefNumber goes with an FA(3) invoice (ksefXml): a document sent as JSON has no KSeF number',
    idempotencyKey: (max: number) => `idempotencyKey must have 1 to ${max} characters`,
    notEmpty: (field: string) => `${field} may not be empty`,
    tooLong: (field: string, max: number) => `${field} may have at most ${max} characters`,
    twoDecimals: (field: string) => `${field} must have at most two decimal places`,
    correctionNeedsNumber: 'A correction must name the document it corrects (correctedNumber)',
    onlyCorrectionHasNumber: 'Only a CORRECTION has a correctedNumber',
    currency: 'currency must be an ISO 4217 code such as PLN or EUR',
    issuerNipRequired: "The issuer's NIP is required",
    noLines: 'A document needs at least one line',
    tooManyLines: (max: number) => `A document may have at most ${max} lines`,
    tooManyAttachments: (max: number) => `At most ${max} attachments`,
    notBase64: 'contentBase64 is not valid base64',
    attachmentTooLarge: (max: number) => `An attachment may have at most ${max} bytes`,
    attachmentsTooLarge: (total: number, body: number) =>
      `The attachments of one document may total at most ${total} bytes, so that the request (base64 adds a third) stays within the ${body}-byte body limit`,
    tooManyIds: (max: number) => `Acknowledge at most ${max} documents at once`,
    rejectionNeedsReason: 'Say why the document is rejected',
    reasonTooLong: (max: number) => `The reason may have at most ${max} characters`,
  },
  /** Answers of the HTTP layer, before GraphQL reads the request. */
  http: {
    lengthRequired: 'Send the request with a Content-Length header',
    bodyTooLarge: (body: number, attachments: number) =>
      `The request body is larger than ${body} bytes. The attachments of one document may total at most ${attachments} bytes (sent as base64, which adds a third)`,
    unexpected: 'Unexpected error',
    serviceUnavailable: (seconds: number) => `Konekt cannot reach its database right now; try again in ${seconds} s`,
    ready: 'ready',
    notReady: (problem: string) => `not ready: ${problem}`,
    databaseUnreachable: 'the database cannot be reached',
    migrationsPending: (names: string) => `migrations not applied yet: ${names}`,
    migrationsEdited: (names: string) => `migrations changed after they were applied: ${names}`,
    migrationFailed: (name: string) => `migration ${name} failed`,
    stopping: 'the server is stopping; send new requests to another one',
    alive: 'alive',
  },
  /** Refusals thrown as GraphQL errors with `extensions.code`, not typed results. */
  access: {
    signInFirst: 'Sign in first: send "Authorization: Bearer <token>"',
    tokenRejected:
      'The token in "Authorization: Bearer …" is not valid: it is unknown, expired or was revoked. Sign in (or enter the exchange password) again for a new one',
    wrongTokenKind: (needed: string) => `This token may not do that: it needs ${needed}`,
    needs: {
      account: "an owner's or user's session (signIn)",
      wizard: 'the wizard token from startConnectWizard',
      program: 'a program token (enterExchangePassword or finishConnectWizard)',
      salesProgram: "a sales program's token",
      accountingProgram: "an accounting program's token",
      office: "an accounting office's program token (the OFFICE path of the wizard)",
      officeProgram: "an accounting office's program token (the OFFICE path of the wizard)",
    },
    notFound: {
      company: 'No such company among yours',
      member: 'No such company or member in your companies',
      configuration: 'No such configuration in your companies',
      document: 'No such document in your company',
      invitation: 'No such invitation for you or in your companies',
    },
    otherConfiguration: 'This token belongs to another configuration',
    programSeesOwnCompany: 'A program sees only its own company',
    sayWhichCompany: 'Say which company: pass companyId',
    notAListCursor: 'Not a cursor of this list',
    cursorAhead: (cursor: string, last: string) =>
      `Cursor ${cursor} is past the company's last event (${last}): it was never given out here. Resume from your last processed cursor, or from ${last}`,
    notAnEventCursor: (cursor: string) =>
      `"${cursor}" is not a cursor: pass the cursor of the last event you processed`,
  },
  limits: {
    tokens: (max: number) =>
      `The operation has more than ${max} tokens: ask for less at once, and pass documents and long values as variables`,
    depth: (max: number) => `The operation nests fields more than ${max} levels deep`,
    aliases: (max: number) => `The operation uses more than ${max} aliases`,
    directives: (max: number) => `The operation uses more than ${max} directives`,
    cost: (max: number, found: string) =>
      `The operation would cost ${found}, more than the ${max} allowed (a list costs its fields times its first/last): ask for fewer items or fields per page`,
    timeout: (ms: number) => `The operation did not finish within ${ms} ms and was stopped`,
    introspectionOff: 'Introspection is switched off on this server',
    csrf: 'Send GraphQL requests as JSON (Content-Type: application/json) or with the header "x-graphql-yoga-csrf"; forms are refused',
    tooManyConnections: 'Too many connections from your address; try again later',
    tooManySockets: 'Too many WebSocket connections; close some first',
    tooManySubscriptions: (max: number) =>
      `Too many subscriptions open at once (at most ${max}); complete one before starting another`,
    originNotAllowed: 'This origin may not call the API',
    anonymousIdle: 'Closed: idle without a token',
  },
  /** Input refused before anything runs; `field` is the path of the argument at fault. */
  input: {
    notAnId: (id: string, field?: string) => `${field ? `${field}: ` : ''}"${id}" is not an id Konekt gave out`,
    otherTypeOfId: (field: string, given: string, expected: string) =>
      `${field}: this is the id of a ${given}, not of a ${expected}`,
    nulCharacter: (field: string) => `${field} contains a NUL character (U+0000), which text may not contain`,
    loneSurrogate: (field: string) =>
      `${field} contains an unpaired UTF-16 surrogate: it is not valid Unicode text; send it as UTF-8`,
  },
  warnings: {
    ownerAccountUsed: (side: 'SENDER' | 'RECEIVER') =>
      `The ${side === 'SENDER' ? 'sending' : 'receiving'} user is the owner's own account; separate accounts for the exchange are recommended`,
    sameAccountBothSides: 'The sending and receiving users are the same account',
    beyondDefaultPermissions: (role: string, extra: string) =>
      `Granted more than the ${role} defaults (${extra}); for security, exchange users should keep the default permissions`,
  },
  /** What does not add up in an FA(3) invoice: the invoice is kept, both sides see these. Keys are the codes. */
  documentWarnings: {
    KSEF_LINES_NET_MISMATCH: (p: { group: string; total: string; lines: string }) =>
      `${p.group} is ${p.total} but the lines' net values (P_11) at its rate add up to ${p.lines}`,
    KSEF_LINES_GROSS_MISMATCH: (p: { group: string; vatGroup: string; total: string; lines: string }) =>
      `${p.group} + ${p.vatGroup} is ${p.total} but the lines' gross values (P_11A) at its rate add up to ${p.lines}`,
    KSEF_VAT_MISMATCH: (p: { vatGroup: string; vat: string; group: string; net: string; expected: string[] }) =>
      `${p.vatGroup} is ${p.vat} but the VAT on ${p.group} ${p.net} is ${p.expected.join(' or ')}`,
    KSEF_VAT_PLN_MISSING: (p: { currency: string; vatGroup: string; field: string }) =>
      `The invoice is in ${p.currency}, so the VAT of ${p.vatGroup} must also be given in PLN (${p.field})`,
    KSEF_VAT_PLN_MISMATCH: (p: { field: string; stated: string; expected: string }) =>
      `${p.field} is ${p.stated} PLN but the VAT converted at the stated exchange rates is ${p.expected} PLN`,
    KSEF_TOTAL_MISMATCH: (p: { stated: string; sum: string }) =>
      `P_15 is ${p.stated} but the net and VAT totals (P_13_x, P_14_x) add up to ${p.sum}`,
  },
  checks: {
    tokenOk: 'The program token is valid',
    tokenMissing: 'No valid program token: enter the password again',
    notActive: (status: string) => `The configuration is ${status}, not ACTIVE`,
    nipOk: (nip: string) => `The program's NIP ${nip} matches the company`,
    nipBad: (nip: string) => `The program's NIP ${nip} does not match a company of this configuration`,
    exchangeAccountOk: (email: string, side: 'SALES' | 'ACCOUNTING') =>
      `The exchange account ${email} is active and allowed to ${side === 'SALES' ? 'send' : 'receive'}`,
    exchangeAccountBad: (email: string) => `The exchange account ${email} is not active or lacks the permission`,
    exchangeAccountGone: 'The exchange account is no longer a member of the company',
    exchangeAccountInvited: (email: string) => `The exchange user ${email} has not accepted the invitation yet`,
    counterpartOk: (role: 'SENDER' | 'RECEIVER', email: string) =>
      `An active ${role === 'RECEIVER' ? 'receiving' : 'sending'} user exists: ${email}`,
    counterpartMissing: (role: 'SENDER' | 'RECEIVER') =>
      `No active ${role === 'RECEIVER' ? 'receiving' : 'sending'} user in the company yet`,
    planOk: (plan: string, remaining: number) => `The ${plan} plan allows ${remaining} more document(s) this month`,
    planUsedUp: (plan: string, limit: number) => `The ${plan} plan's ${limit} documents this month are used up`,
    noCompany: 'No company is linked to this configuration',
  },
  answers: {
    registered: (email: string) => `Check ${email}: we sent a link to activate the account.`,
    resetRequested: 'If this address has an account, a link to set a new password is on its way.',
  },
  roles: { OWNER: 'owner', SENDER: 'the sending user', RECEIVER: 'the receiving user' },
  mails: {
    signature: '— Konekt',
    activation: {
      subject: 'Activate your Konekt account',
      created: (company: string | undefined) =>
        company
          ? `An account was created for you in Konekt for ${company}.`
          : 'An account was created for you in Konekt.',
      instructions: 'Open the link below and set your password. The link is valid for 72 hours and works once.',
      link: 'Activate account',
    },
    alreadyRegisteredPending: {
      subject: 'You already have a Konekt account',
      body: [
        'Someone tried to register with this address, which already has a Konekt account that is not activated yet.',
        'To activate it, open the link below (valid 72 hours). If this was not you, ignore this mail.',
      ],
      link: 'Activate account',
    },
    alreadyRegistered: {
      subject: 'You already have a Konekt account',
      body: [
        'Someone tried to register with this address, which already has a Konekt account. Sign in with it; to register another company, sign in and use "registerCompany".',
        'If you forgot your password, you can set a new one here. If this was not you, ignore this mail.',
      ],
      link: 'Reset password',
    },
    passwordReset: {
      subject: 'Set a new Konekt password',
      body: [
        'Open the link below to set a new password. The link is valid for 1 hour and works once. If you did not ask for it, ignore this mail.',
      ],
      link: 'Set new password',
    },
    list: (items: string[]) => items.join(' and '),
    invitation: {
      subject: 'An invitation to a Konekt exchange',
      invited: (company: string, roles: string) =>
        `${company} invites you to its document exchange in Konekt as ${roles}.`,
      answer: (url: string) =>
        `To join, sign in to Konekt (${url}) and accept the invitation (acceptInvitation); to refuse, decline it (declineInvitation). It is valid for 72 hours.`,
      privacy:
        'Until you accept, the company sees nothing about your account. If you do not know this company, ignore this mail.',
    },
    invitationNewAccount: {
      subject: 'Activate your Konekt account to join an exchange',
      invited: (company: string, roles: string) =>
        `${company} invites you to its document exchange in Konekt as ${roles}.`,
      instructions:
        'Activating your account from the link below (valid 72 hours, works once) accepts the invitation: you set your password there. If you do not want to join, ignore this mail: without activation nothing is shared with the company.',
      link: 'Activate account and join',
    },
  },
  scalars: {
    date: (value: string) => `"${value}" is not a date: write it as "YYYY-MM-DD", e.g. "2026-11-20"`,
    notCalendarDate: (value: string) => `${value} is not a calendar date (years 0001 to 9999)`,
    decimalNumber: (value: string) =>
      `${value} is a number: write amounts as strings so no digit is lost, e.g. "${value}"`,
    decimalComma: (value: string) =>
      `"${value}" uses a comma: write the decimal point as a dot, e.g. "${value.replace(',', '.')}"`,
    decimal: (value: string) =>
      `"${value}" is not a decimal number: write it as a string with a dot and at most 6 decimals, e.g. "1234.50"`,
    dateTime: 'DateTime must be an ISO 8601 string',
  },
  /** An accounting office: one program, one feed and one inbox for all its client companies. */
  offices: {
    noClientCompanies:
      "The account is the receiving user (with the permission to receive) of no company: a company's owner adds it as the receiving user first",
    nipNotForOffice: 'An office program connects without a company NIP: leave companyNip out',
    nipRequired: 'companyNip is required on the OWNER and INVITED paths',
    accountingProgramOnly: (program: string) =>
      `${program} is a sales program: only accounting programs (MALA_KSIEGOWOSC_START, FINANSE_KSIEGOWOSC) connect as an office`,
    reminderAfterHours: (min: number, max: number) =>
      `reminderAfterHours must be ${min} to ${max} hours, or null to switch reminders off`,
    synchronizeInInbox:
      'An office synchronises through officeClients (what waits, per client) and officeDocumentEvents',
    notAnOffice: "This is not an office's configuration",
    notACursor: (cursor: string) =>
      `"${cursor}" is not a cursor of this office's feed: pass the cursor of the last event this office processed, or none to start from the beginning`,
    cursorAhead: (nip: string) =>
      `The cursor is past the last event of the company with NIP ${nip}: it was not given out here`,
    checks: {
      accountOk: (email: string) => `The office account ${email} is active`,
      accountBad: (email: string) => `The office account ${email} is not active`,
      clientsOk: (count: number) => `The office serves ${count} client compan${count === 1 ? 'y' : 'ies'}`,
      clientsNone:
        'No company has made the office account its receiving user with the permission to receive: the feed is empty',
    },
    digest: {
      subject: (clients: number) => `Konekt: documents of ${clients} client(s) are waiting to be imported`,
      intro: (hours: number) => `Documents of these clients have waited more than ${hours} h to be imported:`,
      client: (name: string, nip: string, waiting: number, since: string) =>
        `${name} (NIP ${nip}): ${waiting} waiting, the oldest since ${since}`,
      outro:
        "This digest comes at most once a day. Switch it off or change the time in the office program's settings (updateOfficeReminders).",
    },
    /** `konekt setup --office`, `konekt receive --office` and `konekt documents --office`. */
  },
};
