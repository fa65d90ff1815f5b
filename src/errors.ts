import type { WizardStep } from './generated/prisma/enums.js';

/**
 * Expected failures of the domain. Each one is a GraphQL result type with `code` and `message`;
 * anything else thrown is unexpected and masked by the server.
 */
export class KonektError extends Error {
  readonly code: string = 'ERROR';
}

export class ValidationError extends KonektError {
  override readonly code = 'VALIDATION';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class InvalidNipError extends KonektError {
  override readonly code = 'INVALID_NIP';
  constructor(readonly nip: string) {
    super(`"${nip}" is not a valid NIP: it needs 10 digits with a correct check digit`);
  }
}

export class NipAlreadyRegisteredError extends KonektError {
  override readonly code = 'NIP_ALREADY_REGISTERED';
  constructor(readonly nip: string) {
    super(`A company with NIP ${nip} is already registered`);
  }
}

export class WeakPasswordError extends KonektError {
  override readonly code = 'WEAK_PASSWORD';
  constructor(
    readonly minLength: number,
    message = `The password must have at least ${minLength} characters`,
  ) {
    super(message);
  }
}

export type TokenProblem = 'UNKNOWN' | 'USED' | 'EXPIRED';

export class InvalidTokenError extends KonektError {
  override readonly code = 'INVALID_TOKEN';
  constructor(readonly reason: TokenProblem) {
    super(
      reason === 'EXPIRED'
        ? 'This link has expired'
        : reason === 'USED'
          ? 'This link has already been used'
          : 'This link is not valid',
    );
  }
}

export class InvalidCredentialsError extends KonektError {
  override readonly code = 'INVALID_CREDENTIALS';
  constructor() {
    super('Wrong e-mail or password');
  }
}

export class TooManyAttemptsError extends KonektError {
  override readonly code = 'TOO_MANY_ATTEMPTS';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed attempts; try again in ${retryAfterSeconds} s`);
  }
}

export class WizardStepError extends KonektError {
  override readonly code = 'WIZARD_STEP';
  constructor(
    readonly expectedStep: WizardStep,
    readonly attemptedStep: string,
  ) {
    super(`The wizard is at step ${expectedStep}; ${attemptedStep} is not allowed now`);
  }
}

export class WizardExpiredError extends KonektError {
  override readonly code = 'WIZARD_EXPIRED';
  constructor() {
    super('This wizard draft has expired (drafts live 24 hours); start the wizard again');
  }
}

export class NipMismatchError extends KonektError {
  override readonly code = 'NIP_MISMATCH';
  constructor(
    readonly programNip: string,
    message = `The account does not belong to the company with NIP ${programNip} declared by the program`,
  ) {
    super(message);
  }
}

export class RoleMismatchError extends KonektError {
  override readonly code = 'ROLE_MISMATCH';
  constructor(
    readonly requiredRole: string,
    message: string,
  ) {
    super(message);
  }
}

export class AccountNotActiveError extends KonektError {
  override readonly code = 'ACCOUNT_NOT_ACTIVE';
  constructor(readonly email: string) {
    super(`The account ${email} is not activated yet: open the activation link mailed to it first`);
  }
}

export class ConfigurationStateError extends KonektError {
  override readonly code = 'CONFIGURATION_STATE';
  constructor(
    readonly status: string,
    message: string,
  ) {
    super(message);
  }
}

export class TotalsMismatchError extends KonektError {
  override readonly code = 'TOTALS_MISMATCH';
  constructor(
    readonly field: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${field} is ${actual} but should be ${expected}`);
  }
}

export class DocumentTypeNotAllowedError extends KonektError {
  override readonly code = 'DOCUMENT_TYPE_NOT_ALLOWED';
  constructor(
    readonly documentType: string,
    readonly program: string,
  ) {
    super(`${program} may not send ${documentType} documents`);
  }
}

export class QuotaExceededError extends KonektError {
  override readonly code = 'QUOTA_EXCEEDED';
  constructor(
    readonly limit: number,
    readonly used: number,
    readonly plan: string,
  ) {
    super(`The ${plan} plan allows ${limit} documents a month and ${used} were sent this month`);
  }
}

export class IdempotencyConflictError extends KonektError {
  override readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(readonly idempotencyKey: string) {
    super(`The idempotency key "${idempotencyKey}" was already used for a different document`);
  }
}

export class DocumentStateError extends KonektError {
  override readonly code = 'DOCUMENT_STATE';
  constructor(
    readonly status: string,
    readonly state: string,
    message: string,
  ) {
    super(message);
  }
}

/** One XSD violation of an FA(3) invoice, where libxml2 found it. */
export interface KsefSchemaViolation {
  message: string;
  line: number;
}

export class KsefSchemaError extends KonektError {
  override readonly code = 'KSEF_SCHEMA';
  constructor(readonly errors: KsefSchemaViolation[]) {
    super(
      `The FA(3) invoice does not match the official schema: ${errors
        .map((error) => `line ${error.line}: ${error.message}`)
        .join('; ')}`,
    );
  }
}

export class KsefNamespaceError extends KonektError {
  override readonly code = 'KSEF_NAMESPACE';
  /** `found` says what the document is instead, e.g. "This is an FA(2) invoice". */
  constructor(
    readonly namespace: string,
    found: string,
  ) {
    super(`${found}; FA(3) is expected (Faktura in namespace http://crd.gov.pl/wzor/2025/06/25/13775/)`);
  }
}

export class KsefMalformedError extends KonektError {
  override readonly code = 'KSEF_MALFORMED';
  constructor(
    readonly line: number | null,
    detail: string,
  ) {
    super(`The FA(3) invoice is not well-formed XML${line === null ? '' : ` (line ${line})`}: ${detail}`);
  }
}

export class KsefForbiddenDeclarationError extends KonektError {
  override readonly code = 'KSEF_FORBIDDEN_DECLARATION';
  constructor(readonly declaration: 'DOCTYPE' | 'ENTITY') {
    super(`An FA(3) invoice may not contain a ${declaration} declaration; it was not read`);
  }
}

export class KsefTooLargeError extends KonektError {
  override readonly code = 'KSEF_TOO_LARGE';
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(
      `The FA(3) invoice has ${size} bytes; KSeF allows ${limit} (1 MiB, or 3 MiB for an invoice with a Zalacznik)`,
    );
  }
}

export class InvalidKsefNumberError extends KonektError {
  override readonly code = 'INVALID_KSEF_NUMBER';
  constructor(
    readonly ksefNumber: string,
    reason: string,
  ) {
    super(`"${ksefNumber}" is not a valid KSeF number: ${reason}`);
  }
}
