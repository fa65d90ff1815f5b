import { builder } from '../../builder.js';
import { InvitationStateError, MailRateLimitError, ValidationError } from '../../errors.js';
import { MailStatus } from '../../generated/prisma/enums.js';
import { actingAs } from '../../auth/viewer.js';
import {
  acceptInvitation,
  declineInvitation,
  invitationStatus,
  inviteMember,
  revokeInvitation,
} from '../../companies/invitations.js';
import { MemberRoleEnum } from '../accounts/types.js';
import { CompanyRef } from './types.js';

const InvitationStatusEnum = builder.enumType('InvitationStatus', {
  description:
    'PENDING until the invited account accepts (an address that had no account accepts by activating it from its mail), declines, or the company withdraws it (REVOKED); EXPIRED when nobody answered within 72 hours.',
  values: ['PENDING', 'ACCEPTED', 'DECLINED', 'REVOKED', 'EXPIRED'] as const,
});

const MailStatusEnum = builder.enumType(MailStatus, {
  name: 'MailStatus',
  description:
    'PENDING while the mail waits for delivery (retried with growing pauses), SENT once the mail server took it, FAILED after the last attempt.',
});

export const InvitationRef = builder.prismaNode('Invitation', {
  id: { field: 'id' },
  description:
    'An account asked to join a company in a role. It becomes a member only by accepting; until then the company sees the address it typed and nothing about the account.',
  fields: (t) => ({
    email: t.string({
      description: 'The invited address, as the company typed it.',
      select: { account: { select: { email: true } } },
      resolve: (invitation) => invitation.account.email,
    }),
    role: t.expose('role', { type: MemberRoleEnum }),
    status: t.field({
      type: InvitationStatusEnum,
      select: { status: true, expiresAt: true },
      resolve: (invitation, _args, ctx) => invitationStatus(invitation, ctx.now()),
    }),
    company: t.relation('company', { authScopes: { account: true } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    mailStatus: t.field({
      type: MailStatusEnum,
      nullable: true,
      description: 'The last mail about this invitation; invite again to send a new one after FAILED.',
      select: { mail: { select: { status: true } } },
      resolve: (invitation) => invitation.mail?.status ?? null,
    }),
  }),
});

builder.queryField('myInvitations', (t) =>
  t.prismaField({
    type: ['Invitation'],
    description: 'The invitations waiting for the signed-in account to accept or decline.',
    authScopes: { account: true },
    resolve: (query, _root, _args, ctx) =>
      ctx.db.invitation.findMany({
        ...query,
        where: {
          accountId: actingAs(ctx.viewer, 'account').accountId,
          status: 'PENDING',
          expiresAt: { gt: ctx.now() },
        },
        orderBy: { createdAt: 'desc' },
      }),
  }),
);

builder.queryField('companyInvitations', (t) =>
  t.prismaField({
    type: ['Invitation'],
    description: "The company's invitations, newest first, with the state of their mails (owner only).",
    args: { companyId: t.arg.globalID({ for: CompanyRef }) },
    authScopes: (_root, { companyId }) => ({
      companyPermission: { companyId: companyId.id, permission: 'MANAGE_MEMBERS' },
    }),
    resolve: (query, _root, { companyId }, ctx) =>
      ctx.db.invitation.findMany({ ...query, where: { companyId: companyId.id }, orderBy: { createdAt: 'desc' } }),
  }),
);

const InvitationPayload = builder.simpleObject('InvitationPayload', {
  fields: (t) => ({ invitation: t.field({ type: InvitationRef }) }),
});

const InviteMemberInput = builder.inputType('InviteMemberInput', {
  fields: (t) => ({
    companyId: t.globalID({ for: CompanyRef }),
    email: t.string(),
    role: t.field({ type: MemberRoleEnum }),
  }),
});

builder.mutationField('inviteMember', (t) =>
  t.field({
    description:
      'Invites an address to the company in a role, with the same answer whatever the address: an existing account is mailed an invitation it accepts or declines; an address without an account gets one, pending, whose activation accepts. Inviting again while pending mails again and extends it.',
    type: InvitationPayload,
    args: { input: t.arg({ type: InviteMemberInput }) },
    authScopes: (_root, { input }) => ({
      companyPermission: { companyId: input.companyId.id, permission: 'MANAGE_MEMBERS' },
    }),
    errors: { types: [ValidationError, MailRateLimitError] },
    resolve: async (_root, { input }, ctx) => ({
      invitation: await inviteMember(ctx, actingAs(ctx.viewer, 'account'), input.companyId.id, input.email, input.role),
    }),
  }),
);

builder.mutationField('acceptInvitation', (t) =>
  t.field({
    description: "The invited account joins the company in the invitation's role with its default permissions.",
    type: InvitationPayload,
    args: { invitationId: t.arg.globalID({ for: InvitationRef }) },
    authScopes: (_root, { invitationId }) => ({ invitee: invitationId.id }),
    errors: { types: [InvitationStateError] },
    resolve: async (_root, { invitationId }, ctx) => ({ invitation: await acceptInvitation(ctx, invitationId.id) }),
  }),
);

builder.mutationField('declineInvitation', (t) =>
  t.field({
    description: 'The invited account refuses; the company sees the invitation DECLINED and nothing else.',
    type: InvitationPayload,
    args: { invitationId: t.arg.globalID({ for: InvitationRef }) },
    authScopes: (_root, { invitationId }) => ({ invitee: invitationId.id }),
    errors: { types: [InvitationStateError] },
    resolve: async (_root, { invitationId }, ctx) => ({ invitation: await declineInvitation(ctx, invitationId.id) }),
  }),
);

builder.mutationField('revokeInvitation', (t) =>
  t.field({
    description: 'The company withdraws a pending invitation; its link no longer makes a member.',
    type: InvitationPayload,
    args: { invitationId: t.arg.globalID({ for: InvitationRef }) },
    authScopes: (_root, { invitationId }) => ({ invitationManager: invitationId.id }),
    errors: { types: [InvitationStateError] },
    resolve: async (_root, { invitationId }, ctx) => ({ invitation: await revokeInvitation(ctx, invitationId.id) }),
  }),
);
