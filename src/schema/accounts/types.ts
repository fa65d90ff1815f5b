import { builder } from '../../builder.js';
import { AccountStatus, Locale, MemberRole } from '../../generated/prisma/enums.js';

export const LocaleEnum = builder.enumType(Locale, { name: 'Locale' });
export const AccountStatusEnum = builder.enumType(AccountStatus, { name: 'AccountStatus' });
export const MemberRoleEnum = builder.enumType(MemberRole, {
  name: 'MemberRole',
  description:
    'OWNER manages the company; SENDER sends from a sales program; RECEIVER receives in an accounting program.',
});

export const AccountRef = builder.prismaNode('Account', {
  id: { field: 'id' },
  fields: (t) => ({
    email: t.exposeString('email'),
    status: t.expose('status', { type: AccountStatusEnum }),
    locale: t.expose('locale', { type: LocaleEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    activatedAt: t.expose('activatedAt', { type: 'DateTime', nullable: true }),
    memberships: t.relation('memberships', {
      authScopes: { account: true },
      description:
        'The companies this account belongs to, and in which role. Another account (an owner listing its members) sees only the companies it manages members of.',
      query: (_args, ctx) => ({
        where:
          ctx.viewer.kind === 'account'
            ? {
                OR: [
                  { accountId: ctx.viewer.accountId },
                  {
                    company: {
                      memberships: {
                        some: { accountId: ctx.viewer.accountId, permissions: { has: 'MANAGE_MEMBERS' } },
                      },
                    },
                  },
                ],
              }
            : { id: { in: [] } },
        orderBy: { createdAt: 'asc' },
      }),
    }),
  }),
});
