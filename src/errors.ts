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
