import type { Db } from '../db/index.js';
import type { Company, Prisma } from '../generated/prisma/client.js';

/**
 * The rule that makes a company an office's client: the office's account is the company's
 * receiving user with the permission to receive (what the seed asks of any accounting program's
 * account). Read afresh on every use, so a company that adds or removes the office takes effect at once.
 */
export const servedThrough = (accountId: string) =>
  ({ accountId, role: 'RECEIVER', permissions: { has: 'RECEIVE_DOCUMENTS' } }) satisfies Prisma.MembershipWhereInput;

/** The companies the office's account serves now, in cursor-key order (one statement: it runs on every page of the feed). */
export function servedCompanies(db: Db, accountId: string): Promise<Company[]> {
  return db.company.findMany({
    where: { memberships: { some: servedThrough(accountId) } },
    orderBy: { cursorKey: 'asc' },
  });
}

export async function servedCompanyIds(db: Db, accountId: string): Promise<string[]> {
  const memberships = await db.membership.findMany({ where: servedThrough(accountId), select: { companyId: true } });
  return memberships.map((m) => m.companyId);
}
