import { builder } from '../../builder.js';
import {
  InvalidCredentialsError,
  InvalidTokenError,
  MailRateLimitError,
  TooManyAttemptsError,
  ValidationError,
  WeakPasswordError,
} from '../../errors.js';
import { AccountRef } from './types.js';
import { requestPasswordReset, setPasswordWithLink, signIn, signOut } from '../../accounts/service.js';
import { actingAs } from '../../auth/viewer.js';
import { messages } from '../../i18n/index.js';

const SetPasswordInput = builder.inputType('SetPasswordInput', {
  description: 'The token from an e-mail link and the new password (at least 10 characters).',
  fields: (t) => ({ token: t.string(), password: t.string() }),
});

const AccountPayload = builder.simpleObject('AccountPayload', {
  fields: (t) => ({ account: t.field({ type: AccountRef }) }),
});

builder.mutationField('activateAccount', (t) =>
  t.field({
    authScopes: { public: true },
    description: 'Sets the password of a new account with the token from its activation e-mail (single use, 72 h).',
    type: AccountPayload,
    args: { input: t.arg({ type: SetPasswordInput }) },
    errors: { types: [InvalidTokenError, WeakPasswordError] },
    resolve: async (_root, { input }, ctx) => ({
      account: await setPasswordWithLink(ctx, input.token, input.password, 'ACTIVATION'),
    }),
  }),
);

builder.mutationField('resetPassword', (t) =>
  t.field({
    authScopes: { public: true },
    description: 'Sets a new password with the token from a reset e-mail (single use, 1 h); signs out every session.',
    type: AccountPayload,
    args: { input: t.arg({ type: SetPasswordInput }) },
    errors: { types: [InvalidTokenError, WeakPasswordError] },
    resolve: async (_root, { input }, ctx) => ({
      account: await setPasswordWithLink(ctx, input.token, input.password, 'PASSWORD_RESET'),
    }),
  }),
);

const RequestPasswordResetPayload = builder.simpleObject('RequestPasswordResetPayload', {
  fields: (t) => ({
    message: t.string({ description: 'The same answer whether or not the address has an account.' }),
  }),
});

builder.mutationField('requestPasswordReset', (t) =>
  t.field({
    authScopes: { public: true },
    description: 'Mails a password reset link when the address has an account; answers the same either way.',
    type: RequestPasswordResetPayload,
    args: { email: t.arg.string() },
    errors: { types: [ValidationError, MailRateLimitError] },
    resolve: async (_root, { email }, ctx) => {
      await requestPasswordReset(ctx, email);
      return { message: messages(ctx.lang).answers.resetRequested };
    },
  }),
);

const SignInInput = builder.inputType('SignInInput', {
  fields: (t) => ({ email: t.string(), password: t.string() }),
});

const SignInPayload = builder.simpleObject('SignInPayload', {
  fields: (t) => ({
    token: t.string({ description: 'Send as "Authorization: Bearer <token>"; valid 30 days or until signOut.' }),
    account: t.field({ type: AccountRef }),
  }),
});

builder.mutationField('signIn', (t) =>
  t.field({
    authScopes: { public: true },
    type: SignInPayload,
    args: { input: t.arg({ type: SignInInput }) },
    errors: { types: [InvalidCredentialsError, TooManyAttemptsError] },
    resolve: (_root, { input }, ctx) => signIn(ctx, input.email, input.password),
  }),
);

builder.mutationField('signOut', (t) =>
  t.boolean({
    description: 'Revokes the session token this request was sent with.',
    authScopes: { account: true },
    resolve: async (_root, _args, ctx) => {
      await signOut(ctx, actingAs(ctx.viewer, 'account'));
      return true;
    },
  }),
);

builder.queryField('me', (t) =>
  t.prismaField({
    description: 'The signed-in account, or null without a session token.',
    type: 'Account',
    nullable: true,
    authScopes: { public: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.viewer.kind === 'account'
        ? ctx.db.account.findUnique({ ...query, where: { id: ctx.viewer.accountId } })
        : null,
  }),
);
