import type { Db } from '../db/index.js';
import type { Plan } from '../generated/prisma/enums.js';
import { planInfo } from './plans.js';

/** First instant of the calendar month (UTC) that `now` falls in: quotas reset then and do not carry over. */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Documents sent this month against the plan's limit. Each new document counts once; new versions are free. */
export async function monthlyQuota(db: Pick<Db, 'documentEvent'>, company: { id: string; plan: Plan }, now: Date) {
  const used = await db.documentEvent.count({
    where: { companyId: company.id, kind: 'SENT', occurredAt: { gte: monthStart(now) } },
  });
  const limit = planInfo(company.plan).monthlyDocumentLimit;
  return { limit, used, remaining: Math.max(0, limit - used) };
}
