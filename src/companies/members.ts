import type { Context } from '../context.js';
import { ValidationError, type Warning } from '../errors.js';
import type { MemberRole, Permission } from '../generated/prisma/enums.js';
import type { Prisma } from '../generated/prisma/client.js';
import { isUniqueViolation } from '../db/errors.js';
import { programsFor } from '../connect/programs.js';
import { beyondDefaults, DEFAULT_PERMISSIONS } from './permissions.js';

/** The membership an owner manages (the gate has checked that the caller may). */
const membershipToManage = (ctx: Context, membershipId: string) =>
  ctx.db.membership.findUniqueOrThrow({ where: { id: membershipId } });

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
    if (isUniqueViolation(error)) {
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
      status: { in: ['ACTIVE', 'AWAITING_PASSWORD'] },
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
