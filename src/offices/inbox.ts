import type { ViewerOf } from '../auth/viewer.js';
import type { Context } from '../context.js';
import type { Db } from '../db/index.js';
import type { Company } from '../generated/prisma/client.js';
import { listDocuments, type DocumentFilter, type DocumentsAsked } from '../documents/listing.js';
import { servedCompanyIds } from './clients.js';

type Office = ViewerOf<'office'>;

const HOUR_MS = 60 * 60 * 1000;

/** A client in the office's inbox: how many of its documents wait to be imported, and since when. */
export interface InboxEntry {
  company: Company;
  /** Current documents not yet imported or rejected (SENT or RECEIVED). */
  waiting: number;
  /** When the longest-waiting of them was sent. */
  waitingSince: Date | null;
  /** The earliest issue date among them. */
  oldestWaitingIssueDate: Date | null;
  lastEventAt: Date | null;
  /** Waiting longer than the office's reminder time (never when reminders are off). */
  overdue: boolean;
}

/**
 * Every client of the office with what waits for it. The documents that wait are those the partial
 * index "Document_waiting_idx" covers, so counting them never reads the documents already imported.
 */
export async function inbox(db: Db, accountId: string, now: Date, reminderAfterHours: number | null) {
  const served = await servedCompanyIds(db, accountId);
  const rows = await db.$queryRaw<
    (Company & {
      waiting: number;
      waitingSince: Date | null;
      oldestWaitingIssueDate: Date | null;
      lastEventAt: Date | null;
    })[]
  >`
    SELECT c.*, w.waiting, w."waitingSince", w."oldestWaitingIssueDate", e."occurredAt" AS "lastEventAt"
    FROM "Company" c
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS waiting, min(d."createdAt") AS "waitingSince", min(d."issueDate") AS "oldestWaitingIssueDate"
      FROM "Document" d
      WHERE d."companyId" = c.id AND d.state = 'CURRENT' AND d.status IN ('SENT', 'RECEIVED')
    ) w
    LEFT JOIN "DocumentEvent" e ON e."companyId" = c.id AND e.sequence = c."lastEventSequence"
    WHERE c.id = ANY (${served}::uuid[])
    ORDER BY w."waitingSince" ASC NULLS LAST, c.name`;
  const overdueBefore = reminderAfterHours === null ? null : now.getTime() - reminderAfterHours * HOUR_MS;
  return rows.map(
    ({ waiting, waitingSince, oldestWaitingIssueDate, lastEventAt, ...company }): InboxEntry => ({
      company,
      waiting,
      waitingSince,
      oldestWaitingIssueDate,
      lastEventAt,
      overdue: overdueBefore !== null && waitingSince !== null && waitingSince.getTime() <= overdueBefore,
    }),
  );
}

/** `officeClients`: the inbox, with "overdue" measured against the office's own reminder setting. */
export async function officeClients(ctx: Context, office: Office) {
  const { reminderAfterHours } = await ctx.db.connectConfiguration.findUniqueOrThrow({
    where: { id: office.configurationId },
    select: { reminderAfterHours: true },
  });
  return inbox(ctx.db, office.accountId, ctx.now(), reminderAfterHours);
}

/** The documents of one client (the gate checked the office serves it) or of all of them, newest first. */
export async function officeDocuments(
  ctx: Context,
  office: Office,
  companyId: string | null | undefined,
  args: { first?: number | null; after?: string | null; filter?: DocumentFilter | null },
  asked: DocumentsAsked,
) {
  return listDocuments(ctx, companyId ?? (await servedCompanyIds(ctx.db, office.accountId)), args, asked);
}
