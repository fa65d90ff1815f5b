import { builder } from '../builder.js';
import {
  InvalidCredentialsError,
  InvalidNipError,
  InvalidTokenError,
  KonektError,
  NipAlreadyRegisteredError,
  TooManyAttemptsError,
  ValidationError,
  WeakPasswordError,
} from '../errors.js';

export const ErrorInterface = builder.interfaceRef<KonektError>('Error').implement({
  description: 'An expected failure: nothing was changed. `code` is stable; `message` is for people.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

builder.objectType(KonektError, {
  name: 'BaseError',
  description: 'A failure without a more specific type.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});
builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'An input field has a value that cannot be accepted.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
  field: t.exposeString('field'),
}),
});
builder.objectType(InvalidNipError, {
  name: 'InvalidNipError',
  description: 'The NIP is not 10 digits with a valid check digit.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
  nip: t.exposeString('nip'),
}),
});
builder.objectType(NipAlreadyRegisteredError, {
  name: 'NipAlreadyRegisteredError',
  description: 'A company with this NIP is already registered.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
  nip: t.exposeString('nip'),
}),
});
builder.objectType(WeakPasswordError, {
  name: 'WeakPasswordError',
  description: 'The password is too short or too easy to guess.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
  minLength: t.exposeInt('minLength'),
}),
});

export const TokenProblemEnum = builder.enumType('TokenProblem', { values: ['UNKNOWN', 'USED', 'EXPIRED'] as const });
builder.objectType(InvalidTokenError, {
  name: 'InvalidTokenError',
  description: 'The link or token is unknown, already used or expired.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
  reason: t.expose('reason', { type: TokenProblemEnum }),
}),
});
builder.objectType(InvalidCredentialsError, {
  name: 'InvalidCredentialsError',
  description: 'The e-mail and password do not match an active account.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});
builder.objectType(TooManyAttemptsError, {
  name: 'TooManyAttemptsError',
  description: 'Too many failures in a short time; wait before trying again.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
  retryAfterSeconds: t.exposeInt('retryAfterSeconds'),
}),
});
