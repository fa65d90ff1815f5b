import type { Context } from '../context.js';
import type { Permission } from '../generated/prisma/enums.js';
import type { Messages } from '../i18n/index.js';
import { servedThrough } from '../offices/clients.js';

/** Which tokens may reach a configuration: its own program or wizard token, or an account managing it. */
export type ConfigurationVia = 'program' | 'wizard' | 'account' | 'office';

/**
 * The one catalogue of rules. Every root field (and every object field that reaches data of
 * another company) names the scopes it needs; the server refuses to build a root field that names
 * none. The parameterised scopes are checked against the database once per request and argument.
 */
export interface Scopes {
  /** Anyone, with or without a token. */
  public: boolean;
  /** A signed-in account (session token). */
  account: boolean;
  /** A connect wizard's token. */
  wizard: boolean;
  /** A program token, of either side. */
  program: boolean;
  salesProgram: boolean;
  accountingProgram: boolean;
  /** An accounting office's program token (the OFFICE path of the wizard). */
  officeProgram: boolean;
  /** A signed-in account holding this permission in the company. */
  companyPermission: { companyId: string; permission: Permission };
  /** The program's own company (a program sees nothing of another). */
  ownCompany: string;
  /** A company the office serves now: its account is the company's receiving user, permitted to receive. */
  officeClient: string;
  /** A signed-in account managing the members of the membership's company. */
  membershipManager: string;
  /** The signed-in account the invitation is addressed to. */
  invitee: string;
  /** A signed-in account managing the members of the company that sent the invitation. */
  invitationManager: string;
  /** The configuration, through one of the listed kinds of token. */
  configuration: { id: string; via: readonly ConfigurationVia[] };
  /** Every one of these documents belongs to the program's company, or to a company the office serves now. */
  documents: readonly string[];
}

/** The scopes that look up a resource: failing one of them reads as "not found", never "forbidden". */
export const RESOURCE_SCOPES = {
  companyPermission: 'company',
  ownCompany: 'company',
  officeClient: 'company',
  membershipManager: 'member',
  invitee: 'invitation',
  invitationManager: 'invitation',
  configuration: 'configuration',
  documents: 'document',
} as const satisfies Partial<Record<keyof Scopes, keyof Messages['access']['notFound']>>;

export function scopesOf(ctx: Context) {
  const { viewer, db } = ctx;
  const accountId = viewer.kind === 'account' ? viewer.accountId : undefined;
  const accountMay = async (companyId: string, permission: Permission) =>
    accountId !== undefined &&
    (await db.membership.count({ where: { companyId, accountId, permissions: { has: permission } } })) > 0;
  return {
    public: true,
    account: viewer.kind === 'account',
    wizard: viewer.kind === 'wizard',
    program: viewer.kind === 'program',
    salesProgram: viewer.kind === 'program' && viewer.side === 'SALES',
    accountingProgram: viewer.kind === 'program' && viewer.side === 'ACCOUNTING',
    officeProgram: viewer.kind === 'office',
    companyPermission: ({ companyId, permission }: Scopes['companyPermission']) => accountMay(companyId, permission),
    ownCompany: (companyId: string) => viewer.kind === 'program' && viewer.companyId === companyId,
    officeClient: async (companyId: string) =>
      viewer.kind === 'office' &&
      (await db.membership.count({ where: { ...servedThrough(viewer.accountId), companyId } })) > 0,
    membershipManager: async (membershipId: string) => {
      if (accountId === undefined) return false;
      const membership = await db.membership.findUnique({ where: { id: membershipId }, select: { companyId: true } });
      return membership !== null && (await accountMay(membership.companyId, 'MANAGE_MEMBERS'));
    },
    invitee: async (invitationId: string) =>
      accountId !== undefined && (await db.invitation.count({ where: { id: invitationId, accountId } })) > 0,
    invitationManager: async (invitationId: string) => {
      if (accountId === undefined) return false;
      const invitation = await db.invitation.findUnique({ where: { id: invitationId }, select: { companyId: true } });
      return invitation !== null && (await accountMay(invitation.companyId, 'MANAGE_MEMBERS'));
    },
    configuration: async ({ id, via }: Scopes['configuration']) => {
      if (viewer.kind === 'anonymous' || !via.includes(viewer.kind)) return false;
      if (viewer.kind !== 'account') return viewer.configurationId === id;
      const configuration = await db.connectConfiguration.findUnique({
        where: { id },
        select: { companyId: true, path: true, exchangeAccountId: true },
      });
      // An office's configuration belongs to no company: the office's own account manages it.
      if (configuration?.path === 'OFFICE') return configuration.exchangeAccountId === viewer.accountId;
      return configuration?.companyId ? accountMay(configuration.companyId, 'MANAGE_CONFIGURATIONS') : false;
    },
    documents: async (ids: readonly string[]) => {
      if (viewer.kind !== 'program' && viewer.kind !== 'office') return false;
      const unique = [...new Set(ids)];
      if (unique.length === 0) return true;
      const found = await db.document.count({
        where: {
          id: { in: unique },
          ...(viewer.kind === 'program'
            ? { companyId: viewer.companyId }
            : { company: { memberships: { some: servedThrough(viewer.accountId) } } }),
        },
      });
      return found === unique.length;
    },
  };
}
