import { GraphQLError } from 'graphql';
import { accessDenied, type Context } from '../context.js';
import type { Permission } from '../generated/prisma/enums.js';

/** Whether the signed-in account holds a permission in the company. */
export async function accountMay(ctx: Context, companyId: string | null, permission: Permission): Promise<boolean> {
  if (ctx.viewer.kind !== 'account' || !companyId) return false;
  const membership = await ctx.db.membership.findFirst({
    where: { companyId, accountId: ctx.viewer.accountId, permissions: { has: permission } },
    select: { id: true },
  });
  return membership !== null;
}

/**
 * The configuration, if the caller may manage it: its own program token, its wizard token, or a
 * signed-in account allowed to manage the company's configurations (the owner by default).
 */
export async function configurationFor(
  ctx: Context,
  configurationId: string,
  via: readonly ('program' | 'wizard' | 'account')[],
) {
  const { viewer } = ctx;
  if (viewer.kind === 'anonymous' || !via.includes(viewer.kind)) {
    throw accessDenied(ctx.viewer, 'Send the program token or the owner\'s session as "Authorization: Bearer <token>"');
  }
  if ((viewer.kind === 'program' || viewer.kind === 'wizard') && viewer.configurationId !== configurationId) {
    throw accessDenied(ctx.viewer, 'This token belongs to another configuration');
  }
  const configuration = await ctx.db.connectConfiguration.findUnique({ where: { id: configurationId } });
  if (
    viewer.kind === 'account' &&
    !(await accountMay(ctx, configuration?.companyId ?? null, 'MANAGE_CONFIGURATIONS'))
  ) {
    throw new GraphQLError('No such configuration in your companies', { extensions: { code: 'NOT_FOUND' } });
  }
  if (!configuration) throw new GraphQLError('No such configuration', { extensions: { code: 'NOT_FOUND' } });
  return configuration;
}
