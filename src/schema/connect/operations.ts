import { builder } from '../../builder.js';
import {
  ConfigurationStateError,
  MailRateLimitError,
  InvalidCredentialsError,
  InvalidNipError,
  NipMismatchError,
  NoClientCompaniesError,
  RoleMismatchError,
  TooManyAttemptsError,
  ValidationError,
  WizardExpiredError,
  WizardStepError,
} from '../../errors.js';
import type { ConfigurationVia } from '../../auth/scopes.js';
import type { Context } from '../../context.js';
import { testConnection } from '../../connect/checks.js';
import { deleteConfiguration, enterExchangePassword, updateSyncSettings } from '../../connect/settings.js';
import { ConnectConfigurationRef, ConnectPathEnum, ConnectionTestRef, ProgramKindEnum } from './types.js';
import { WarningRef } from '../warnings.js';
import {
  cancelWizard,
  finishWizard,
  setParticipants,
  startWizard,
  wizardNoAccount,
  wizardSignIn,
} from '../../connect/wizard.js';

/** The rule for a field about one configuration: reached through one of these kinds of token. */
const reach = (id: string, ...via: ConfigurationVia[]) => ({ configuration: { id, via } });

const load = (ctx: Context, id: string) => ctx.db.connectConfiguration.findUniqueOrThrow({ where: { id } });

builder.queryField('connectConfiguration', (t) =>
  t.prismaField({
    type: 'ConnectConfiguration',
    description:
      "One configuration, for its wizard token, its program token or the owner's session (an office's: the office account's session).",
    args: { id: t.arg.globalID({ for: ConnectConfigurationRef }) },
    authScopes: (_root, { id }) => reach(id.id, 'wizard', 'program', 'office', 'account'),
    resolve: (query, _root, { id }, ctx) =>
      ctx.db.connectConfiguration.findUniqueOrThrow({ ...query, where: { id: id.id } }),
  }),
);

const StartConnectWizardInput = builder.inputType('StartConnectWizardInput', {
  fields: (t) => ({
    program: t.field({ type: ProgramKindEnum }),
    companyNip: t.string({
      required: false,
      description: 'The NIP of the company the program keeps; required on OWNER and INVITED, left out on OFFICE.',
    }),
    path: t.field({ type: ConnectPathEnum }),
  }),
});

const StartConnectWizardPayload = builder.simpleObject('StartConnectWizardPayload', {
  fields: (t) => ({
    configuration: t.field({ type: ConnectConfigurationRef }),
    wizardToken: t.string({
      description:
        'Send as "Authorization: Bearer <wizardToken>" for the next steps of this draft; valid until the draft ends (24 h at most).',
    }),
  }),
});

builder.mutationField('startConnectWizard', (t) =>
  t.field({
    description:
      "Step 1: the program starts a wizard draft for its company's NIP along the OWNER or INVITED path, or without a NIP along the OFFICE path (accounting programs only).",
    type: StartConnectWizardPayload,
    args: { input: t.arg({ type: StartConnectWizardInput }) },
    authScopes: { public: true },
    errors: { types: [InvalidNipError, ValidationError] },
    resolve: (_root, { input }, ctx) => startWizard(ctx, input),
  }),
);

const ConfigurationPayload = builder.simpleObject('ConnectConfigurationPayload', {
  fields: (t) => ({ configuration: t.field({ type: ConnectConfigurationRef }) }),
});

const ConnectWizardSignInInput = builder.inputType('ConnectWizardSignInInput', {
  fields: (t) => ({
    configurationId: t.globalID({ for: ConnectConfigurationRef }),
    email: t.string(),
    password: t.string(),
  }),
});

builder.mutationField('connectWizardSignIn', (t) =>
  t.field({
    description:
      "Owner path step 2: the owner's portal credentials. Invited path step 3: the invited account's credentials. Office path: the office account's credentials; it must be the receiving user of at least one company.",
    type: ConfigurationPayload,
    args: { input: t.arg({ type: ConnectWizardSignInInput }) },
    authScopes: (_root, { input }) => reach(input.configurationId.id, 'wizard'),
    errors: {
      types: [
        WizardStepError,
        WizardExpiredError,
        InvalidCredentialsError,
        TooManyAttemptsError,
        NipMismatchError,
        RoleMismatchError,
        NoClientCompaniesError,
      ],
    },
    resolve: async (_root, { input }, ctx) => ({
      configuration: await wizardSignIn(ctx, input.configurationId.id, input.email, input.password),
    }),
  }),
);

const NoAccountPayload = builder.simpleObject('ConnectWizardNoAccountPayload', {
  fields: (t) => ({
    configuration: t.field({ type: ConnectConfigurationRef }),
    registrationUrl: t.string({
      description: 'Where the owner registers; afterwards the wizard starts again from step 1.',
    }),
  }),
});

builder.mutationField('connectWizardNoAccount', (t) =>
  t.field({
    description:
      'Owner path step 2, "I have no account": returns the registration link; the wizard may then be finished as abandoned.',
    type: NoAccountPayload,
    args: { configurationId: t.arg.globalID({ for: ConnectConfigurationRef }) },
    authScopes: (_root, args) => reach(args.configurationId.id, 'wizard'),
    errors: { types: [WizardStepError, WizardExpiredError] },
    resolve: async (_root, args, ctx) => ({
      configuration: await wizardNoAccount(ctx, args.configurationId.id),
      registrationUrl: `${ctx.publicUrl}/register`,
    }),
  }),
);

const SetExchangeParticipantsInput = builder.inputType('SetExchangeParticipantsInput', {
  fields: (t) => ({
    configurationId: t.globalID({ for: ConnectConfigurationRef }),
    senderEmail: t.string(),
    receiverEmail: t.string(),
  }),
});

const SetExchangeParticipantsPayload = builder.simpleObject('SetExchangeParticipantsPayload', {
  fields: (t) => ({
    configuration: t.field({ type: ConnectConfigurationRef }),
    warnings: t.field({ type: [WarningRef] }),
  }),
});

builder.mutationField('setExchangeParticipants', (t) =>
  t.field({
    description:
      "Owner path step 3: the e-mails of the sending and the receiving user (separate from the owner's account is recommended).",
    type: SetExchangeParticipantsPayload,
    args: { input: t.arg({ type: SetExchangeParticipantsInput }) },
    authScopes: (_root, { input }) => reach(input.configurationId.id, 'wizard'),
    errors: { types: [WizardStepError, WizardExpiredError, ValidationError] },
    resolve: (_root, { input }, ctx) =>
      setParticipants(ctx, input.configurationId.id, input.senderEmail, input.receiverEmail),
  }),
);

const FinishConnectWizardPayload = builder.simpleObject('FinishConnectWizardPayload', {
  fields: (t) => ({
    configuration: t.field({ type: ConnectConfigurationRef }),
    programToken: t.string({
      nullable: true,
      description:
        "Invited and office paths: the program's token, shown this once. The owner path gets it from enterExchangePassword.",
    }),
  }),
});

builder.mutationField('finishConnectWizard', (t) =>
  t.field({
    description:
      "Step 4, Finish. Owner path: invites the two participants (an address without an account gets one, pending activation) and mails them; the configuration is AWAITING_ACCEPTANCE until its exchange user accepts (activating a new account accepts), AWAITING_PASSWORD at once when that is the owner's own account. Invited and office paths: the configuration becomes ACTIVE.",
    type: FinishConnectWizardPayload,
    args: { configurationId: t.arg.globalID({ for: ConnectConfigurationRef }) },
    authScopes: (_root, args) => reach(args.configurationId.id, 'wizard'),
    errors: {
      types: [WizardStepError, WizardExpiredError, RoleMismatchError, MailRateLimitError, NoClientCompaniesError],
    },
    resolve: (_root, args, ctx) => finishWizard(ctx, args.configurationId.id),
  }),
);

builder.mutationField('cancelConnectWizard', (t) =>
  t.field({
    type: ConfigurationPayload,
    args: { configurationId: t.arg.globalID({ for: ConnectConfigurationRef }) },
    authScopes: (_root, args) => reach(args.configurationId.id, 'wizard', 'account'),
    errors: { types: [WizardStepError] },
    resolve: async (_root, args, ctx) => ({
      configuration: await cancelWizard(ctx, await load(ctx, args.configurationId.id)),
    }),
  }),
);

const EnterExchangePasswordInput = builder.inputType('EnterExchangePasswordInput', {
  fields: (t) => ({ configurationId: t.globalID({ for: ConnectConfigurationRef }), password: t.string() }),
});

const EnterExchangePasswordPayload = builder.simpleObject('EnterExchangePasswordPayload', {
  fields: (t) => ({
    configuration: t.field({ type: ConnectConfigurationRef }),
    programToken: t.string({
      description: 'Shown this once; stored only hashed. Any earlier token of this configuration stops working.',
    }),
  }),
});

builder.mutationField('enterExchangePassword', (t) =>
  t.field({
    description:
      '"Wprowadź hasło": the exchange account\'s password, exchanged for a program token scoped to this configuration. No bearer needed.',
    type: EnterExchangePasswordPayload,
    args: { input: t.arg({ type: EnterExchangePasswordInput }) },
    // The password is the credential: a program that lost its token gets a new one this way.
    authScopes: { public: true },
    errors: {
      types: [
        InvalidCredentialsError,
        TooManyAttemptsError,
        RoleMismatchError,
        NoClientCompaniesError,
        ConfigurationStateError,
      ],
    },
    resolve: (_root, { input }, ctx) => enterExchangePassword(ctx, input.configurationId.id, input.password),
  }),
);

builder.mutationField('testConnection', (t) =>
  t.field({
    description: '"Test połączenia": checks, item by item, that the configuration can exchange documents.',
    type: ConnectionTestRef,
    args: { configurationId: t.arg.globalID({ for: ConnectConfigurationRef }) },
    authScopes: (_root, args) => reach(args.configurationId.id, 'program', 'office', 'account'),
    resolve: async (_root, args, ctx) => testConnection(ctx, await load(ctx, args.configurationId.id)),
  }),
);

const UpdateSyncSettingsInput = builder.inputType('UpdateSyncSettingsInput', {
  fields: (t) => ({
    configurationId: t.globalID({ for: ConnectConfigurationRef }),
    syncIntervalMinutes: t.int({ description: '1 to 1440; 15 by default.' }),
  }),
});

builder.mutationField('updateSyncSettings', (t) =>
  t.field({
    description: '"Edytuj": how often the program synchronises.',
    type: ConfigurationPayload,
    args: { input: t.arg({ type: UpdateSyncSettingsInput }) },
    authScopes: (_root, { input }) => reach(input.configurationId.id, 'program', 'office', 'account'),
    errors: { types: [ValidationError, ConfigurationStateError] },
    resolve: async (_root, { input }, ctx) => ({
      configuration: await updateSyncSettings(
        ctx,
        await load(ctx, input.configurationId.id),
        input.syncIntervalMinutes,
      ),
    }),
  }),
);

builder.mutationField('deleteConnectConfiguration', (t) =>
  t.field({
    description: '"Usuń konfigurację": revokes its tokens and closes its subscriptions; documents are kept.',
    type: ConfigurationPayload,
    args: { configurationId: t.arg.globalID({ for: ConnectConfigurationRef }) },
    authScopes: (_root, args) => reach(args.configurationId.id, 'program', 'office', 'account'),
    errors: { types: [ConfigurationStateError] },
    resolve: async (_root, args, ctx) => ({
      configuration: await deleteConfiguration(ctx, await load(ctx, args.configurationId.id)),
    }),
  }),
);
