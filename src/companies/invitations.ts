import type { ViewerOf } from '../auth/viewer.js';
import type { Context, Services } from '../context.js';
import type { Prisma } from '../db/index.js';
import { InvitationStateError, ValidationError } from '../errors.js';
import type { Invitation } from '../generated/prisma/client.js';
import type { Locale, MemberRole } from '../generated/prisma/enums.js';
import { parseEmailAddress } from '../accounts/email.js';
import { issueLinkToken, langOf, LINK_LIFETIME, portalLink } from '../accounts/links.js';
import { roleFor } from '../connect/programs.js';
import { queueMail, transactionWithMail } from '../mail/outbox.js';
import { takeMailQuota } from '../mail/quota.js';
import { mails } from '../mail/templates.js';
import { DEFAULT_PERMISSIONS } from './permissions.js';

/**
 * How long an invitation may be answered: the activation link's lifetime, for every address, so
 * that when it ends tells the inviter nothing about whether the address had an account.
 */
const INVITATION_LIFETIME_MS = LINK_LIFETIME.ACTIVATION;

/**
 * PENDING → ACCEPTED (the invitee accepts, or activates the account created for the invitation),
 * DECLINED (the invitee declines), REVOKED (the company withdraws it), or EXPIRED (shown when a
 * pending invitation outlives INVITATION_LIFETIME_MS). Only acceptance makes a member.
 */
export function invitationStatus(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: Date) {
  if (invitation.status === 'PENDING' && invitation.expiresAt && invitation.expiresAt <= now) return 'EXPIRED';
  return invitation.status;
}

function refuseUnlessPending(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: Date) {
  const status = invitationStatus(invitation, now);
  if (status !== 'PENDING') throw new InvitationStateError(status);
}

export interface InviteRequest {
  company: { id: string; name: string };
  inviter: { id: string; locale: Locale };
  email: string;
  roles: readonly MemberRole[];
  /** What to do when the account is already a member in a role: refuse (inviteMember) or leave it be (the wizard). */
  whenMember: 'refuse' | 'skip';
}

/**
 * Invites one address in one or more roles, in the caller's transaction, and queues the one mail
 * about it. An address without an account gets one, pending, and an activation link whose use
 * accepts; an existing account gets an invitation to accept after signing in. The inviter's own
 * account joins at once. Either way the caller learns nothing about the account.
 */
export async function inviteInTransaction(
  tx: Prisma.TransactionClient,
  services: Pick<Services, 'publicUrl'>,
  now: Date,
  request: InviteRequest,
) {
  const { company, inviter, email } = request;
  // Created when missing; the row lock makes concurrent invitations of one address take turns.
  await tx.$executeRaw`
    INSERT INTO "Account" (id, email, locale) VALUES (gen_random_uuid(), ${email}, ${inviter.locale}::"Locale")
    ON CONFLICT (email) DO NOTHING`;
  await tx.$queryRaw`SELECT id FROM "Account" WHERE email = ${email} FOR UPDATE`;
  const account = await tx.account.findUniqueOrThrow({ where: { email } });
  const memberships = await tx.membership.findMany({
    where: { companyId: company.id, accountId: account.id },
    select: { role: true },
  });
  const roles = request.roles.filter((role) => !memberships.some((m) => m.role === role));
  if (roles.length < request.roles.length && request.whenMember === 'refuse') {
    throw new ValidationError('email', (m) => m.validation.alreadyMember(email, request.roles.join(', ')));
  }
  const self = account.id === inviter.id;
  const expiresAt = new Date(now.getTime() + INVITATION_LIFETIME_MS);
  const invitations: Invitation[] = [];
  for (const role of roles) {
    const pending = await tx.invitation.findFirst({
      where: { companyId: company.id, accountId: account.id, role, status: 'PENDING' },
    });
    const data = {
      invitedById: inviter.id,
      expiresAt,
      ...(self ? { status: 'ACCEPTED' as const, acceptedAt: now } : {}),
    };
    invitations.push(
      pending
        ? await tx.invitation.update({ where: { id: pending.id }, data })
        : await tx.invitation.create({
            data: { companyId: company.id, accountId: account.id, role, createdAt: now, ...data },
          }),
    );
    if (self) await joinCompany(tx, company.id, account.id, role);
  }
  if (self || roles.length === 0) return invitations;

  const lang = langOf(account.locale);
  const link = account.status === 'PENDING' ? await issueLinkToken(tx, now, account.id, 'ACTIVATION') : null;
  const content = link
    ? mails.invitationNewAccount(lang, company.name, roles, portalLink(services, 'activate', link.secret, lang))
    : mails.invitation(lang, company.name, roles, services.publicUrl);
  const mailId = await queueMail(tx, now, account.email, content);
  const ids = invitations.map((invitation) => invitation.id);
  await tx.invitation.updateMany({
    where: { id: { in: ids } },
    data: { mailId, activationTokenId: link?.tokenId ?? null },
  });
  return tx.invitation.findMany({ where: { id: { in: ids } } });
}

async function joinCompany(tx: Prisma.TransactionClient, companyId: string, accountId: string, role: MemberRole) {
  await tx.membership.upsert({
    where: { companyId_accountId_role: { companyId, accountId, role } },
    create: { companyId, accountId, role, permissions: DEFAULT_PERMISSIONS[role] },
    update: {},
  });
}

/** An owner invites an address to the company in one role; the answer is the same for any address. */
export async function inviteMember(
  ctx: Context,
  inviter: ViewerOf<'account'>,
  companyId: string,
  emailInput: string,
  role: MemberRole,
) {
  const email = parseEmailAddress(emailInput);
  const company = await ctx.db.company.findUniqueOrThrow({
    where: { id: companyId },
    select: { id: true, name: true },
  });
  const account = await ctx.db.account.findUniqueOrThrow({
    where: { id: inviter.accountId },
    select: { id: true, locale: true },
  });
  await takeMailQuota(ctx, [email]);
  const now = ctx.now();
  const invitations = await transactionWithMail(ctx, (tx) =>
    inviteInTransaction(tx, ctx, now, { company, inviter: account, email, roles: [role], whenMember: 'refuse' }),
  );
  return invitations[0]!;
}

/**
 * Acceptance made a member: the configurations that waited for this account to join (the wizard's
 * Finish named it as their exchange user) now wait for its password.
 */
export async function releaseWaitingConfigurations(tx: Prisma.TransactionClient, accountId: string) {
  const account = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { status: true } });
  if (account.status !== 'ACTIVE') return;
  const waiting = await tx.connectConfiguration.findMany({
    where: { exchangeAccountId: accountId, status: 'AWAITING_ACCEPTANCE' },
    select: { id: true, companyId: true, program: true },
  });
  if (waiting.length === 0) return;
  const memberships = await tx.membership.findMany({ where: { accountId }, select: { companyId: true, role: true } });
  const ready = waiting.filter((c) =>
    memberships.some((m) => m.companyId === c.companyId && m.role === roleFor(c.program)),
  );
  await tx.connectConfiguration.updateMany({
    where: { id: { in: ready.map((c) => c.id) }, status: 'AWAITING_ACCEPTANCE' },
    data: { status: 'AWAITING_PASSWORD' },
  });
}

/** The invitations an activation link was mailed for are accepted when the account is activated with it. */
export async function acceptLinkedInvitations(tx: Prisma.TransactionClient, activationTokenId: string, now: Date) {
  const linked = await tx.invitation.findMany({
    where: { activationTokenId, status: 'PENDING', expiresAt: { gt: now } },
  });
  for (const invitation of linked) {
    await tx.invitation.update({ where: { id: invitation.id }, data: { status: 'ACCEPTED', acceptedAt: now } });
    await joinCompany(tx, invitation.companyId, invitation.accountId, invitation.role);
  }
}

/** Ends a pending invitation, written only if nobody answered it meanwhile. */
async function answer(
  ctx: Context,
  invitationId: string,
  data: Prisma.InvitationUpdateManyMutationInput,
  onAnswered?: (tx: Prisma.TransactionClient, invitation: Invitation) => Promise<void>,
) {
  const now = ctx.now();
  return ctx.db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUniqueOrThrow({ where: { id: invitationId } });
    refuseUnlessPending(invitation, now);
    const updated = await tx.invitation.updateMany({ where: { id: invitationId, status: 'PENDING' }, data });
    if (updated.count !== 1) {
      refuseUnlessPending(await tx.invitation.findUniqueOrThrow({ where: { id: invitationId } }), now);
    }
    await onAnswered?.(tx, invitation);
    return tx.invitation.findUniqueOrThrow({ where: { id: invitationId } });
  });
}

/** The invited account (the gate checked it is the caller) joins the company in the invitation's role. */
export async function acceptInvitation(ctx: Context, invitationId: string) {
  const accepted = await answer(
    ctx,
    invitationId,
    { status: 'ACCEPTED', acceptedAt: ctx.now() },
    async (tx, invitation) => {
      await joinCompany(tx, invitation.companyId, invitation.accountId, invitation.role);
      await releaseWaitingConfigurations(tx, invitation.accountId);
    },
  );
  // Access granted: an office following its clients live takes this company in at once.
  ctx.events.accessChanged({ companyId: accepted.companyId, accountId: accepted.accountId });
  return accepted;
}

export async function declineInvitation(ctx: Context, invitationId: string) {
  return answer(ctx, invitationId, { status: 'DECLINED', declinedAt: ctx.now() });
}

/** The company withdraws a pending invitation (the gate checked the caller manages its members). */
export async function revokeInvitation(ctx: Context, invitationId: string) {
  return answer(ctx, invitationId, { status: 'REVOKED', revokedAt: ctx.now() });
}
