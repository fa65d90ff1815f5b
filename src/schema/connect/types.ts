import { builder } from '../../builder.js';
import type { ConnectConfiguration } from '../../generated/prisma/client.js';
import { ConnectPath, ConnectStatus, ProgramKind, WizardStep } from '../../generated/prisma/enums.js';
import { sideOf } from '../../connect/programs.js';
import type { ConnectionCheck } from '../../connect/checks.js';
import { messages } from '../../i18n/index.js';
import { CompanyRef } from '../companies/types.js';

export const ProgramKindEnum = builder.enumType(ProgramKind, {
  name: 'ProgramKind',
  description:
    'Sales programs (FAKTURA_START, HANDEL_START, HANDEL, HANDEL_MAGAZYN) send; accounting programs (MALA_KSIEGOWOSC_START, FINANSE_KSIEGOWOSC) receive.',
});
export const ConnectPathEnum = builder.enumType(ConnectPath, {
  name: 'ConnectPath',
  description:
    'OWNER: "I have an account or want to create one". INVITED: "I was invited to the exchange". OFFICE: an accounting office connects one accounting program for every company where its account is the receiving user (no company NIP).',
});
export const ConnectStatusEnum = builder.enumType(ConnectStatus, {
  name: 'ConnectStatus',
  description:
    'DRAFT while the wizard runs; after Finish on the owner path AWAITING_ACCEPTANCE until the exchange user accepts its invitation (a new address accepts by activating its account), then AWAITING_PASSWORD until the program enters the password, then ACTIVE.',
});
export const WizardStepEnum = builder.enumType(WizardStep, {
  name: 'WizardStep',
  description:
    'Where the wizard stands: SIGN_IN (step 2, or step 3 when invited), NO_ACCOUNT, PARTICIPANTS (step 3), SUMMARY (step 4), DONE.',
});

const ACTIONS = [
  'SIGN_IN',
  'NO_ACCOUNT',
  'SET_PARTICIPANTS',
  'FINISH',
  'CANCEL',
  'ENTER_PASSWORD',
  'TEST_CONNECTION',
  'UPDATE_SYNC_SETTINGS',
  'UPDATE_REMINDERS',
  'SHOW_DOCUMENTS',
  'SYNCHRONIZE',
  'DELETE',
] as const;
type WizardAction = (typeof ACTIONS)[number];

export const WizardActionEnum = builder.enumType('WizardAction', {
  description: 'What may be done with the configuration now; a client renders its buttons from this list.',
  values: ACTIONS,
});

/** The mutations the configuration accepts in its present state. */
export function allowedActions(c: Pick<ConnectConfiguration, 'status' | 'currentStep' | 'path'>): WizardAction[] {
  switch (c.status) {
    case 'DRAFT':
      switch (c.currentStep) {
        case 'SIGN_IN':
          return c.path === 'OWNER' ? ['SIGN_IN', 'NO_ACCOUNT', 'CANCEL'] : ['SIGN_IN', 'CANCEL'];
        case 'NO_ACCOUNT':
          return ['SIGN_IN', 'FINISH', 'CANCEL'];
        case 'PARTICIPANTS':
          return ['SET_PARTICIPANTS', 'CANCEL'];
        case 'SUMMARY':
          return ['FINISH', 'CANCEL'];
        default:
          return [];
      }
    case 'AWAITING_ACCEPTANCE':
      // The password is asked for once the exchange user has accepted its invitation.
      return ['TEST_CONNECTION', 'UPDATE_SYNC_SETTINGS', 'DELETE'];
    case 'AWAITING_PASSWORD':
      return ['ENTER_PASSWORD', 'TEST_CONNECTION', 'UPDATE_SYNC_SETTINGS', 'DELETE'];
    case 'ACTIVE':
      return c.path === 'OFFICE'
        ? ['ENTER_PASSWORD', 'TEST_CONNECTION', 'UPDATE_SYNC_SETTINGS', 'UPDATE_REMINDERS', 'SHOW_DOCUMENTS', 'DELETE']
        : ['ENTER_PASSWORD', 'TEST_CONNECTION', 'UPDATE_SYNC_SETTINGS', 'SHOW_DOCUMENTS', 'SYNCHRONIZE', 'DELETE'];
    default:
      return [];
  }
}

const ConnectSummary = builder.simpleObject('ConnectSummary', {
  description: 'What the last step of the wizard shows before Finish.',
  fields: (t) => ({
    program: t.field({ type: ProgramKindEnum }),
    path: t.field({ type: ConnectPathEnum }),
    companyNip: t.string({ nullable: true, description: 'None for an office.' }),
    companyName: t.string({ nullable: true }),
    ownerEmail: t.string({ nullable: true }),
    senderEmail: t.string({ nullable: true }),
    receiverEmail: t.string({ nullable: true }),
    exchangeAccountEmail: t.string({ nullable: true, description: 'The account whose password the program will use.' }),
  }),
});

export const ConnectConfigurationRef = builder.prismaNode('ConnectConfiguration', {
  id: { field: 'id' },
  description:
    'A program\'s connection to Konekt: a wizard draft first, then the settings window ("Współpraca z Konekt").',
  fields: (t) => ({
    program: t.expose('program', { type: ProgramKindEnum }),
    path: t.expose('path', { type: ConnectPathEnum }),
    companyNip: t.exposeString('companyNip', {
      nullable: true,
      description: 'The NIP the program declared; none for an office, which serves many companies.',
    }),
    status: t.expose('status', { type: ConnectStatusEnum }),
    currentStep: t.expose('currentStep', { type: WizardStepEnum }),
    allowedSteps: t.field({
      type: [WizardActionEnum],
      select: { status: true, currentStep: true, path: true },
      resolve: (c) => allowedActions(c),
    }),
    syncIntervalMinutes: t.exposeInt('syncIntervalMinutes'),
    draftExpiresAt: t.expose('draftExpiresAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    summary: t.field({
      type: ConnectSummary,
      select: {
        program: true,
        path: true,
        companyNip: true,
        senderEmail: true,
        receiverEmail: true,
        company: { select: { name: true } },
        ownerAccount: { select: { email: true } },
        exchangeAccount: { select: { email: true } },
      },
      resolve: (c) => ({
        program: c.program,
        path: c.path,
        companyNip: c.companyNip,
        companyName: c.company?.name ?? null,
        ownerEmail: c.ownerAccount?.email ?? null,
        senderEmail: c.senderEmail,
        receiverEmail: c.receiverEmail,
        exchangeAccountEmail:
          c.exchangeAccount?.email ?? (sideOf(c.program) === 'SALES' ? c.senderEmail : c.receiverEmail),
      }),
    }),
  }),
});

export const ConnectionCheckRef = builder.objectRef<ConnectionCheck>('ConnectionCheck').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    ok: t.exposeBoolean('ok'),
    message: t.string({ resolve: (check, _args, ctx) => check.describe(messages(ctx.lang)) }),
  }),
});

const ClientConnectionTestRef = builder.simpleObject('ClientConnectionTest', {
  description: "One of an office's client companies, with that company's own checks.",
  fields: (t) => ({
    company: t.field({ type: CompanyRef }),
    ok: t.boolean(),
    checks: t.field({ type: [ConnectionCheckRef] }),
  }),
});

export const ConnectionTestRef = builder.simpleObject('ConnectionTest', {
  fields: (t) => ({
    ok: t.boolean({ description: 'Every check passed, including those of every client company.' }),
    checks: t.field({ type: [ConnectionCheckRef] }),
    clients: t.field({
      type: [ClientConnectionTestRef],
      description: "An office's client companies, each with its own checks; empty for a company's program.",
    }),
  }),
});
