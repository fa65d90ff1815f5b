import { builder } from '../../builder.js';
import { InvalidNipError, NipAlreadyRegisteredError, ValidationError } from '../../errors.js';
import { LocaleEnum } from '../accounts/types.js';
import { PLANS } from './plans.js';
import { addCompany, registerCompany } from './service.js';
import { CompanyRef, PlanCodeEnum, PlanRef } from './types.js';

builder.queryField('plans', (t) =>
  t.field({ type: [PlanRef], description: 'Every plan a company can choose.', resolve: () => [...PLANS] }),
);

const RegisterInput = builder.inputType('RegisterInput', {
  fields: (t) => ({
    companyName: t.string(),
    nip: t.string({ description: '10 digits with a valid check digit; dashes and spaces are accepted.' }),
    email: t.string({ description: "The owner's e-mail; the activation link is sent there." }),
    plan: t.field({ type: PlanCodeEnum, defaultValue: 'FREE' }),
    locale: t.field({ type: LocaleEnum, defaultValue: 'PL', description: 'Language of e-mails and pages.' }),
  }),
});

const RegisterPayload = builder.simpleObject('RegisterPayload', {
  fields: (t) => ({
    email: t.string(),
    message: t.string(),
  }),
});

builder.mutationField('register', (t) =>
  t.field({
    description:
      'Registers a company and its owner account, which gets an activation e-mail. An address that already has an account gets a mail telling so; the answer here is the same.',
    type: RegisterPayload,
    args: { input: t.arg({ type: RegisterInput }) },
    errors: { types: [InvalidNipError, NipAlreadyRegisteredError, ValidationError] },
    resolve: async (_root, { input }, ctx) => {
      const { email } = await registerCompany(ctx, input);
      return { email, message: `Check ${email}: we sent a link to activate the account.` };
    },
  }),
);

const RegisterCompanyInput = builder.inputType('RegisterCompanyInput', {
  fields: (t) => ({
    companyName: t.string(),
    nip: t.string(),
    plan: t.field({ type: PlanCodeEnum, defaultValue: 'FREE' }),
  }),
});

const RegisterCompanyPayload = builder.simpleObject('RegisterCompanyPayload', {
  fields: (t) => ({ company: t.field({ type: CompanyRef }) }),
});

builder.mutationField('registerCompany', (t) =>
  t.field({
    description: 'Registers one more company owned by the signed-in account.',
    type: RegisterCompanyPayload,
    authScopes: { account: true },
    args: { input: t.arg({ type: RegisterCompanyInput }) },
    errors: { types: [InvalidNipError, NipAlreadyRegisteredError, ValidationError] },
    resolve: async (_root, { input }, ctx) => {
      if (ctx.viewer.kind !== 'account') throw new Error('unreachable: guarded by authScopes');
      return { company: await addCompany(ctx, ctx.viewer.accountId, input) };
    },
  }),
);
