import { builder } from '../builder.js';
import { messages } from '../i18n/index.js';
import { WizardStepEnum } from './connect/types.js';
import {
  InvalidCredentialsError,
  InvalidNipError,
  InvalidTokenError,
  KonektError,
  NipAlreadyRegisteredError,
  TooManyAttemptsError,
  ValidationError,
  WeakPasswordError,
  WizardStepError,
  WizardExpiredError,
  NipMismatchError,
  RoleMismatchError,
  AccountNotActiveError,
  ConfigurationStateError,
  TotalsMismatchError,
  DocumentTypeNotAllowedError,
  QuotaExceededError,
  IdempotencyConflictError,
  DocumentStateError,
  NoClientCompaniesError,
} from '../errors.js';

export const ErrorInterface = builder.interfaceRef<KonektError>('Error').implement({
  description: 'An expected failure: nothing was changed. `code` is stable; `message` is for people.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.string({ resolve: (error, _args, ctx) => error.describe(messages(ctx.lang)) }),
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

builder.objectType(WizardStepError, {
  name: 'WizardStepError',
  description:
    "The mutation is not the wizard's next step; nothing changed. `expectedStep` is where the wizard stands.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    expectedStep: t.expose('expectedStep', { type: WizardStepEnum }),
    attemptedStep: t.exposeString('attemptedStep'),
  }),
});
builder.objectType(WizardExpiredError, {
  name: 'WizardExpiredError',
  description: 'The wizard draft is older than 24 hours; start again.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});
builder.objectType(NipMismatchError, {
  name: 'NipMismatchError',
  description: "The NIP the program declared is not the NIP of the account's company (or of the document's issuer).",
  interfaces: [ErrorInterface],
  fields: (t) => ({ programNip: t.exposeString('programNip') }),
});
builder.objectType(RoleMismatchError, {
  name: 'RoleMismatchError',
  description: 'The account does not have the role this needs (e.g. a sender configuring an accounting program).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ requiredRole: t.exposeString('requiredRole') }),
});
builder.objectType(AccountNotActiveError, {
  name: 'AccountNotActiveError',
  description: 'The account has not been activated from its e-mail yet.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ email: t.exposeString('email') }),
});
builder.objectType(ConfigurationStateError, {
  name: 'ConfigurationStateError',
  description: 'The configuration is in a state that does not allow this (deleted, cancelled, not active).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ status: t.exposeString('status') }),
});

builder.objectType(TotalsMismatchError, {
  name: 'TotalsMismatchError',
  description: 'An amount does not add up; `field` names it, `expected` is what the rules compute.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field'),
    expected: t.exposeString('expected'),
    actual: t.exposeString('actual'),
  }),
});
builder.objectType(DocumentTypeNotAllowedError, {
  name: 'DocumentTypeNotAllowedError',
  description: 'This program kind may not send this document type (warehouse documents need HANDEL_MAGAZYN).',
  interfaces: [ErrorInterface],
  fields: (t) => ({ documentType: t.exposeString('documentType'), program: t.exposeString('program') }),
});
builder.objectType(QuotaExceededError, {
  name: 'QuotaExceededError',
  description: "The plan's documents for this month are used up; nothing was stored.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ limit: t.exposeInt('limit'), used: t.exposeInt('used'), plan: t.exposeString('plan') }),
});
builder.objectType(IdempotencyConflictError, {
  name: 'IdempotencyConflictError',
  description: 'The idempotency key was already used with different content.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ idempotencyKey: t.exposeString('idempotencyKey') }),
});
builder.objectType(DocumentStateError, {
  name: 'DocumentStateError',
  description: 'The document is in a status or state that does not allow this.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ status: t.exposeString('status'), state: t.exposeString('state') }),
});
builder.objectType(NoClientCompaniesError, {
  name: 'NoClientCompaniesError',
  description:
    'The account is the receiving user (with RECEIVE_DOCUMENTS) of no company, so it cannot connect an office program yet.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});
