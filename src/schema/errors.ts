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
  InvitationStateError,
  MailRateLimitError,
  ConfigurationStateError,
  TotalsMismatchError,
  DocumentTypeNotAllowedError,
  QuotaExceededError,
  IdempotencyConflictError,
  DocumentStateError,
  InvalidKsefNumberError,
  KsefForbiddenDeclarationError,
  KsefMalformedError,
  KsefNamespaceError,
  KsefSchemaError,
  KsefTooLargeError,
  type KsefSchemaViolation,
  StorageExceededError,
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
const MailLimitEnum = builder.enumType('MailLimit', {
  description: 'CLIENT: mails requested from one client address; RECIPIENT: mails sent to one address.',
  values: ['CLIENT', 'RECIPIENT'] as const,
});
builder.objectType(MailRateLimitError, {
  name: 'MailRateLimitError',
  description:
    'Too many mails in the window (MAIL_LIMIT_WINDOW_MS), from one client address or to one recipient; nothing was changed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    limit: t.expose('limit', { type: MailLimitEnum }),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds'),
  }),
});
export const InvitationProblemEnum = builder.enumType('InvitationProblem', {
  values: ['EXPIRED', 'ACCEPTED', 'DECLINED', 'REVOKED'] as const,
});
builder.objectType(InvitationStateError, {
  name: 'InvitationStateError',
  description: 'The invitation was already answered, withdrawn, or has expired; nothing was changed.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ status: t.expose('status', { type: InvitationProblemEnum }) }),
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
builder.objectType(StorageExceededError, {
  name: 'StorageExceededError',
  description:
    "The version's content and attachments would take the company past the bytes its plan keeps (`Plan.storageLimitBytes`); nothing was stored.",
  interfaces: [ErrorInterface],
  fields: (t) => ({
    limitBytes: t.exposeFloat('limitBytes', { description: 'Bytes (a whole number).' }),
    usedBytes: t.exposeFloat('usedBytes', { description: 'Bytes kept now (a whole number).' }),
    neededBytes: t.exposeFloat('neededBytes', { description: 'Bytes this version would add (a whole number).' }),
    plan: t.exposeString('plan'),
  }),
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

const KsefSchemaViolationRef = builder.objectRef<KsefSchemaViolation>('KsefSchemaViolation').implement({
  description: "One place where the invoice breaks the official FA(3) schema, in libxml2's words (English).",
  fields: (t) => ({ line: t.exposeInt('line'), message: t.exposeString('message') }),
});
builder.objectType(KsefSchemaError, {
  name: 'KsefSchemaError',
  description: 'The FA(3) invoice is not valid against the official schema; `errors` lists the first ten.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ errors: t.field({ type: [KsefSchemaViolationRef], resolve: (error) => error.errors }) }),
});
builder.objectType(KsefNamespaceError, {
  name: 'KsefNamespaceError',
  description: 'Not an FA(3) invoice: another root element or namespace (`fa2` when it is an FA(2) invoice).',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    namespace: t.exposeString('namespace'),
    root: t.exposeString('root'),
    fa2: t.exposeBoolean('fa2'),
  }),
});
builder.objectType(KsefMalformedError, {
  name: 'KsefMalformedError',
  description: 'Not well-formed XML, or not UTF-8 (KSeF takes UTF-8 only); `line` where it was found, when known.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ line: t.exposeInt('line', { nullable: true }) }),
});
builder.objectType(KsefForbiddenDeclarationError, {
  name: 'KsefForbiddenDeclarationError',
  description: 'The XML holds a DOCTYPE or ENTITY declaration; it was not read, nothing was fetched.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ declaration: t.exposeString('declaration') }),
});
builder.objectType(KsefTooLargeError, {
  name: 'KsefTooLargeError',
  description: 'Larger than KSeF allows: 1 MiB, or 3 MiB for an invoice with a Zalacznik. Sizes in bytes.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ size: t.exposeInt('size'), limit: t.exposeInt('limit') }),
});
builder.objectType(InvalidKsefNumberError, {
  name: 'InvalidKsefNumberError',
  description: 'Not a KSeF number: 35 characters NIP-YYYYMMDD-XXXXXXXXXXXX-CC whose CC is the CRC-8 of the rest.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ ksefNumber: t.exposeString('ksefNumber') }),
});
builder.objectType(NoClientCompaniesError, {
  name: 'NoClientCompaniesError',
  description:
    'The account is the receiving user (with RECEIVE_DOCUMENTS) of no company, so it cannot connect an office program yet.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});
