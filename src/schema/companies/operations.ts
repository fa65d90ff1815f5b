import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder.js';
import { InvalidNipError, MailRateLimitError, NipAlreadyRegisteredError, ValidationError } from '../../errors.js';
import { LocaleEnum, MemberRoleEnum } from '../accounts/types.js';
import { WarningRef } from '../warnings.js';
import { langOf } from '../../accounts/links.js';
import { actingAs } from '../../auth/viewer.js';
import { changeMemberRole, removeMember, setMemberPermissions } from '../../companies/members.js';
import { messages } from '../../i18n/index.js';
import { PLANS } from '../../companies/plans.js';
import { addCompany, registerCompany } from '../../companies/service.js';
import { CompanyRef, MembershipRef, PermissionEnum, PlanCodeEnum, PlanRef } from './types.js';

builder.queryField('plans', (t) =>
  t.field({
    type: [PlanRef],
    description: 'Every plan a company can choose.',
    authScopes: { public: true },
    resolve: () => [...PLANS],
  }),
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
      'Registers a company and its owner account, which gets an activation e-mail. An address that already has an account gets a mail telling so; the answer here is the same. A registration not activated within 72 hours no longer holds its NIP. Company names may not contain web addresses.',
    type: RegisterPayload,
    authScopes: { public: true },
    args: { input: t.arg({ type: RegisterInput }) },
    errors: { types: [InvalidNipError, NipAlreadyRegisteredError, ValidationError, MailRateLimitError] },
    resolve: async (_root, { input }, ctx) => {
      const { email } = await registerCompany(ctx, input);
      // The owner chose the language of the mails and pages; the answer is in it too.
      return { email, message: messages(langOf(input.locale)).answers.registered(email) };
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
    resolve: async (_root, { input }, ctx) => ({
      company: await addCompany(ctx, actingAs(ctx.viewer, 'account').accountId, input),
    }),
  }),
);

builder.queryField('companyMembers', (t) =>
  t.prismaField({
    type: ['Membership'],
    description: 'Everyone in the company with their role and permissions (owner only).',
    args: { companyId: t.arg.globalID({ for: CompanyRef }) },
    authScopes: (_root, { companyId }) => ({
      companyPermission: { companyId: companyId.id, permission: 'MANAGE_MEMBERS' },
    }),
    resolve: (query, _root, { companyId }, ctx) =>
      ctx.db.membership.findMany({ ...query, where: { companyId: companyId.id }, orderBy: { createdAt: 'asc' } }),
  }),
);

const MembershipPayload = builder.simpleObject('MembershipPayload', {
  fields: (t) => ({
    membership: t.field({ type: MembershipRef }),
    warnings: t.field({ type: [WarningRef] }),
  }),
});

const ChangeMemberRoleInput = builder.inputType('ChangeMemberRoleInput', {
  fields: (t) => ({ membershipId: t.globalID({ for: MembershipRef }), role: t.field({ type: MemberRoleEnum }) }),
});

builder.mutationField('changeMemberRole', (t) =>
  t.field({
    description: "Gives the member another role with that role's default permissions; takes effect at once.",
    type: MembershipPayload,
    args: { input: t.arg({ type: ChangeMemberRoleInput }) },
    authScopes: (_root, { input }) => ({ membershipManager: input.membershipId.id }),
    errors: { types: [ValidationError] },
    resolve: async (_root, { input }, ctx) => ({
      membership: await changeMemberRole(ctx, input.membershipId.id, input.role),
      warnings: [],
    }),
  }),
);

const SetMemberPermissionsInput = builder.inputType('SetMemberPermissionsInput', {
  fields: (t) => ({
    membershipId: t.globalID({ for: MembershipRef }),
    permissions: t.field({ type: [PermissionEnum] }),
  }),
});

builder.mutationField('setMemberPermissions', (t) =>
  t.field({
    description:
      "Sets the member's permissions; more than the role's defaults is allowed with a warning. Revocations take effect at once, open subscriptions included.",
    type: MembershipPayload,
    args: { input: t.arg({ type: SetMemberPermissionsInput }) },
    authScopes: (_root, { input }) => ({ membershipManager: input.membershipId.id }),
    errors: { types: [ValidationError] },
    resolve: (_root, { input }, ctx) => setMemberPermissions(ctx, input.membershipId.id, input.permissions),
  }),
);

const RemoveMemberPayload = builder.simpleObject('RemoveMemberPayload', {
  fields: (t) => ({ removedMembershipId: t.id() }),
});

builder.mutationField('removeMember', (t) =>
  t.field({
    description: 'Removes the member from the company; its access ends at once, open subscriptions included.',
    type: RemoveMemberPayload,
    args: { membershipId: t.arg.globalID({ for: MembershipRef }) },
    authScopes: (_root, { membershipId }) => ({ membershipManager: membershipId.id }),
    errors: { types: [ValidationError] },
    resolve: async (_root, { membershipId }, ctx) => {
      await removeMember(ctx, membershipId.id);
      return { removedMembershipId: encodeGlobalID('Membership', membershipId.id) };
    },
  }),
);
