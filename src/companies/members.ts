import type { ViewerOf } from '../auth/viewer.js';
import type { Context } from '../context.js';
import { ValidationError, type Warning } from '../errors.js';
import type { MemberRole, Permission } from '../generated/prisma/enums.js';
import { Prisma } from '../generated/prisma/client.js';
import { normaliseEmail } from '../accounts/service.js';
import { programsFor } from '../connect/programs.js';
import { mailParticipant } from '../connect/wizard.js';
import { beyondDefaults, DEFAULT_PERMISSIONS } from './permissions.js';

/** The membership an owner manages (the gate has checked that the caller may). */
const membershipToManage = (ctx: Context, membershipId: string) =>
  ctx.db.membership.findUniqueOrThrow({ where: { id: membershipId } });

export async function inviteMember(
  ctx: Context,
  inviter: ViewerOf<'account'>,
  companyId: string,
  emailInput: string,
  role: MemberRole,
) {
  const email = normaliseEmail(emailInput);
  const inviterId = inviter.accountId;
  const company = await ctx.db.company.findUniqueOrThrow({ where: { id: companyId } });
  const { account, membership } = await ctx.db.$transaction(async (tx) => {
    const account =
      (await tx.account.findUnique({ where: { email } })) ?? (await tx.account.create({ data: { email } }));
    const existing = await tx.membership.findUnique({
      where: { companyId_accountId_role: { companyId, accountId: account.id, role } },
    });
    if (existing) throw new ValidationError('email', (m) => m.validation.alreadyMember(email, role));
    const membership = await tx.membership.create({
      data: { companyId, accountId: account.id, role, permissions: DEFAULT_PERMISSIONS[role] },
    });
    await tx.invitation.create({ data: { companyId, accountId: account.id, role, invitedById: inviterId } });
    return { account, membership };
  });
  // Access granted, not ended: an office following its clients live takes this company in at once.
  ctx.events.accessChanged({ companyId, accountId: account.id });
  await mailParticipant(ctx, account, company, role);
  return membership;
}

export async function changeMemberRole(ctx: Context, membershipId: string, role: MemberRole) {
  const membership = await membershipToManage(ctx, membershipId);
  if (membership.role === role) return membership;
  await ensureAnotherOwner(ctx, membership);
  try {
    const updated = await ctx.db.$transaction(async (tx) => {
      await retireProgramsOf(tx, membership, ctx.now());
      return tx.membership.update({
        where: { id: membershipId },
        data: { role, permissions: DEFAULT_PERMISSIONS[role] },
      });
    });
    ctx.events.accessChanged({ companyId: membership.companyId, accountId: membership.accountId });
    return updated;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ValidationError('role', (m) => m.validation.alreadyHasRole(role));
    }
    throw error;
  }
}

export async function setMemberPermissions(ctx: Context, membershipId: string, permissions: Permission[]) {
  const membership = await membershipToManage(ctx, membershipId);
  if (membership.role === 'OWNER' && !permissions.includes('MANAGE_MEMBERS')) {
    await ensureAnotherOwner(ctx, membership);
  }
  const unique = [...new Set(permissions)];
  const updated = await ctx.db.membership.update({ where: { id: membershipId }, data: { permissions: unique } });
  ctx.events.accessChanged({ companyId: membership.companyId, accountId: membership.accountId });
  const extra = beyondDefaults(membership.role, unique);
  const warnings: Warning[] = extra.length
    ? [
        {
          code: 'BEYOND_DEFAULT_PERMISSIONS',
          describe: (m) => m.warnings.beyondDefaultPermissions(membership.role, extra.join(', ')),
        },
      ]
    : [];
  return { membership: updated, warnings };
}

export async function removeMember(ctx: Context, membershipId: string) {
  const membership = await membershipToManage(ctx, membershipId);
  await ensureAnotherOwner(ctx, membership);
  await ctx.db.$transaction(async (tx) => {
    await retireProgramsOf(tx, membership, ctx.now());
    await tx.membership.delete({ where: { id: membershipId } });
  });
  ctx.events.accessChanged({ companyId: membership.companyId, accountId: membership.accountId });
  return membership;
}

/**
 * The programs that act through this membership (its account is their exchange account in this
 * role) lose their tokens for good: inviting the account again does not revive them; the program
 * enters the password again.
 */
async function retireProgramsOf(
  tx: Prisma.TransactionClient,
  membership: { companyId: string; accountId: string; role: MemberRole },
  now: Date,
) {
  const programs = programsFor(membership.role);
  if (programs.length === 0) return;
  const configurations = await tx.connectConfiguration.findMany({
    where: {
      companyId: membership.companyId,
      exchangeAccountId: membership.accountId,
      program: { in: programs },
      status: { in: ['ACTIVE', 'AWAITING_PASSWORD', 'AWAITING_ACTIVATION'] },
    },
    select: { id: true },
  });
  const ids = configurations.map((c) => c.id);
  if (ids.length === 0) return;
  await tx.connectConfiguration.updateMany({
    where: { id: { in: ids }, status: 'ACTIVE' },
    data: { status: 'AWAITING_PASSWORD' },
  });
  await tx.authToken.updateMany({
    where: { configurationId: { in: ids }, kind: 'PROGRAM', revokedAt: null },
    data: { revokedAt: now },
  });
}

/** A company never loses its last owner able to manage members. */
async function ensureAnotherOwner(ctx: Context, membership: { id: string; companyId: string; role: MemberRole }) {
  if (membership.role !== 'OWNER') return;
  const others = await ctx.db.membership.count({
    where: {
      companyId: membership.companyId,
      role: 'OWNER',
      id: { not: membership.id },
      permissions: { has: 'MANAGE_MEMBERS' },
    },
  });
  if (others === 0) throw new ValidationError('membershipId', (m) => m.validation.lastOwner);
}
