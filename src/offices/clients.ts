import type { Db } from '../db/index.js';
import type { Company, Prisma } from '../generated/prisma/client.js';

/**
 * The rule that makes a company an office's client: the office's account is the company's
 * receiving user with the permission to receive (what the seed asks of any accounting program's
 * account). Read afresh on every use, so a company that adds or removes the office takes effect at once.
 */
export const servedThrough = (accountId: string) =>
  ({ accountId, role: 'RECEIVER', permissions: { has: 'RECEIVE_DOCUMENTS' } }) satisfies Prisma.MembershipWhereInput;

/**
 * The companies the office's account serves now, in cursor-key order: read on every page of the
 * office's feed, so in one plain statement (the same rule as servedThrough).
 */
export function servedCompanies(db: Db, accountId: string): Promise<Company[]> {
  return db.$queryRaw<Company[]>`
    SELECT c.id, c.name, c.nip, c.plan::text AS plan, c."createdAt", c."lastEventSequence", c."cursorKey"
    FROM "Membership" m JOIN "Company" c ON c.id = m."companyId"
    WHERE m."accountId" = ${accountId}::uuid AND m.role = 'RECEIVER' AND 'RECEIVE_DOCUMENTS' = ANY (m.permissions)
    ORDER BY c."cursorKey"`;
}

export async function servedCompanyIds(db: Db, accountId: string): Promise<string[]> {
  const memberships = await db.membership.findMany({ where: servedThrough(accountId), select: { companyId: true } });
  return memberships.map((m) => m.companyId);
}
