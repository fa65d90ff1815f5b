import { en } from './i18n/en.js';
import type { Phrase } from './i18n/index.js';
import type { WizardStep } from './generated/prisma/enums.js';

/**
 * Expected failures of the domain. Each one is a GraphQL result type with `code` and `message`;
 * the message is said in the asker's language (`describe`), and `Error.message` keeps the English
 * one for logs. Anything else thrown is unexpected and masked by the server.
 */
export class KonektError extends Error {
  readonly code: string = 'ERROR';

  constructor(readonly describe: Phrase) {
    super(describe(en));
  }
}

/**
 * A refusal that is not a result type: missing or wrong credentials, something that is not the
 * caller's, input that cannot be read at all. The schema layer turns it into a GraphQL error with
 * `extensions.code` (and `extensions.field` when one input field is at fault).
 */
export type RequestErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CURSOR_AHEAD';

export class RequestError extends Error {
  constructor(
    readonly code: RequestErrorCode,
    readonly describe: Phrase,
    readonly field?: string,
    /** More for a program to act on, e.g. the last valid cursor. */
    readonly details: Record<string, string> = {},
  ) {
    super(describe(en));
  }
}

/** Allowed, but not recommended: the change was made and the caller is told why it may be unwise. */
export interface Warning {
  code: 'OWNER_ACCOUNT_USED' | 'SAME_ACCOUNT_BOTH_SIDES' | 'BEYOND_DEFAULT_PERMISSIONS';
  describe: Phrase;
}

export class ValidationError extends KonektError {
  override readonly code = 'VALIDATION';
  constructor(
    readonly field: string,
    describe: Phrase,
  ) {
    super(describe);
  }
}

export class InvalidNipError extends KonektError {
  override readonly code = 'INVALID_NIP';
  constructor(readonly nip: string) {
    super((m) => m.errors.invalidNip(nip));
  }
}

export class NipAlreadyRegisteredError extends KonektError {
  override readonly code = 'NIP_ALREADY_REGISTERED';
  constructor(readonly nip: string) {
    super((m) => m.errors.nipAlreadyRegistered(nip));
  }
}

export class WeakPasswordError extends KonektError {
  override readonly code = 'WEAK_PASSWORD';
  constructor(
    readonly minLength: number,
    describe: Phrase = (m) => m.errors.weakPasswordShort(minLength),
  ) {
    super(describe);
  }
}

export type TokenProblem = 'UNKNOWN' | 'USED' | 'EXPIRED';

export class InvalidTokenError extends KonektError {
  override readonly code = 'INVALID_TOKEN';
  constructor(readonly reason: TokenProblem) {
    super((m) =>
      reason === 'EXPIRED' ? m.errors.linkExpired : reason === 'USED' ? m.errors.linkUsed : m.errors.linkUnknown,
    );
  }
}

export class InvalidCredentialsError extends KonektError {
  override readonly code = 'INVALID_CREDENTIALS';
  constructor() {
    super((m) => m.errors.invalidCredentials);
  }
}

export class TooManyAttemptsError extends KonektError {
  override readonly code = 'TOO_MANY_ATTEMPTS';
  constructor(readonly retryAfterSeconds: number) {
    super((m) => m.errors.tooManyAttempts(retryAfterSeconds));
  }
}

/** Too many mails: from one client address, or to one recipient, within the window. */
export class MailRateLimitError extends KonektError {
  override readonly code = 'MAIL_RATE_LIMITED';
  constructor(
    readonly limit: 'CLIENT' | 'RECIPIENT',
    readonly retryAfterSeconds: number,
  ) {
    super((m) =>
      limit === 'CLIENT' ? m.errors.mailLimitClient(retryAfterSeconds) : m.errors.mailLimitRecipient(retryAfterSeconds),
    );
  }
}

export type InvitationProblem = 'EXPIRED' | 'ACCEPTED' | 'DECLINED' | 'REVOKED';

/** The invitation can no longer be answered or withdrawn. */
export class InvitationStateError extends KonektError {
  override readonly code = 'INVITATION_STATE';
  constructor(readonly status: InvitationProblem) {
    super((m) => m.errors.invitationState(status));
  }
}

export class WizardStepError extends KonektError {
  override readonly code = 'WIZARD_STEP';
  constructor(
    readonly expectedStep: WizardStep,
    readonly attemptedStep: string,
  ) {
    super((m) => m.errors.wizardStep(expectedStep, attemptedStep));
  }
}

export class WizardExpiredError extends KonektError {
  override readonly code = 'WIZARD_EXPIRED';
  constructor() {
    super((m) => m.errors.wizardExpired);
  }
}

export class NipMismatchError extends KonektError {
  override readonly code = 'NIP_MISMATCH';
  constructor(
    readonly programNip: string,
    describe: Phrase = (m) => m.errors.nipMismatchAccount(programNip),
  ) {
    super(describe);
  }
}

export class RoleMismatchError extends KonektError {
  override readonly code = 'ROLE_MISMATCH';
  constructor(
    readonly requiredRole: string,
    describe: Phrase,
  ) {
    super(describe);
  }
}

export class ConfigurationStateError extends KonektError {
  override readonly code = 'CONFIGURATION_STATE';
  constructor(
    readonly status: string,
    describe: Phrase = (m) => m.errors.configurationState(status),
  ) {
    super(describe);
  }
}

export class TotalsMismatchError extends KonektError {
  override readonly code = 'TOTALS_MISMATCH';
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super((m) => m.errors.totalsMismatch(field, expected, actual));
  }
}

export class DocumentTypeNotAllowedError extends KonektError {
  override readonly code = 'DOCUMENT_TYPE_NOT_ALLOWED';
  constructor(
    readonly documentType: string,
    readonly program: string,
  ) {
    super((m) => m.errors.documentTypeNotAllowed(documentType, program));
  }
}

export class QuotaExceededError extends KonektError {
  override readonly code = 'QUOTA_EXCEEDED';
  constructor(
    readonly limit: number,
    readonly used: number,
    readonly plan: string,
  ) {
    super((m) => m.errors.quotaExceeded(plan, limit, used));
  }
}

export class StorageExceededError extends KonektError {
  override readonly code = 'STORAGE_EXCEEDED';
  constructor(
    readonly limitBytes: number,
    readonly usedBytes: number,
    readonly neededBytes: number,
    readonly plan: string,
  ) {
    super((m) => m.errors.storageExceeded(plan, limitBytes, usedBytes, neededBytes));
  }
}

export class IdempotencyConflictError extends KonektError {
  override readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(readonly idempotencyKey: string) {
    super((m) => m.errors.idempotencyConflict(idempotencyKey));
  }
}

export class DocumentStateError extends KonektError {
  override readonly code = 'DOCUMENT_STATE';
  constructor(
    readonly status: string,
    readonly state: string,
    describe: Phrase,
  ) {
    super(describe);
  }
}

/** One XSD violation of an FA(3) invoice, where libxml2 found it (libxml2's own words, in English). */
export interface KsefSchemaViolation {
  message: string;
  line: number;
}

export class KsefSchemaError extends KonektError {
  override readonly code = 'KSEF_SCHEMA';
  constructor(readonly errors: KsefSchemaViolation[]) {
    super((m) => m.errors.ksefSchema(errors.map((error) => m.errors.ksefAtLine(error.line, error.message)).join('; ')));
  }
}

export class KsefNamespaceError extends KonektError {
  override readonly code = 'KSEF_NAMESPACE';
  constructor(
    readonly namespace: string,
    /** The root element's name, when it is not an FA(2) invoice either. */
    readonly root: string,
    readonly fa2: boolean,
  ) {
    super((m) => m.errors.ksefNamespace(fa2 ? m.errors.ksefIsFa2 : m.errors.ksefIsOther(root, namespace)));
  }
}

export type KsefMalformation =
  | { kind: 'utf16' }
  | { kind: 'encoding'; declared: string }
  | { kind: 'xml'; detail: string };

export class KsefMalformedError extends KonektError {
  override readonly code = 'KSEF_MALFORMED';
  constructor(
    readonly line: number | null,
    problem: KsefMalformation,
  ) {
    super((m) =>
      m.errors.ksefMalformed(
        line,
        problem.kind === 'utf16'
          ? m.errors.ksefUtf16
          : problem.kind === 'encoding'
            ? m.errors.ksefEncoding(problem.declared)
            : problem.detail,
      ),
    );
  }
}

export class KsefForbiddenDeclarationError extends KonektError {
  override readonly code = 'KSEF_FORBIDDEN_DECLARATION';
  constructor(readonly declaration: 'DOCTYPE' | 'ENTITY') {
    super((m) => m.errors.ksefForbiddenDeclaration(declaration));
  }
}

export class KsefTooLargeError extends KonektError {
  override readonly code = 'KSEF_TOO_LARGE';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super((m) => m.errors.ksefTooLarge(size, limit));
  }
}

export type KsefNumberProblem = { kind: 'length'; length: number } | { kind: 'form' } | { kind: 'checksum' };

export class InvalidKsefNumberError extends KonektError {
  override readonly code = 'INVALID_KSEF_NUMBER';
  constructor(
    readonly ksefNumber: string,
    problem: KsefNumberProblem,
  ) {
    super((m) =>
      m.errors.invalidKsefNumber(
        ksefNumber,
        problem.kind === 'length'
          ? m.errors.ksefNumberLength(problem.length)
          : problem.kind === 'form'
            ? m.errors.ksefNumberForm
            : m.errors.ksefNumberChecksum,
      ),
    );
  }
}

/** The account serves no company as its receiving user, so an office program would have nothing to receive. */
export class NoClientCompaniesError extends KonektError {
  override readonly code = 'NO_CLIENT_COMPANIES';
  constructor() {
    super((m) => m.offices.noClientCompanies);
  }
}
