import { randomUUID } from 'node:crypto';
import { hashSecret, newSecret } from '../src/auth/secrets.js';
import type { Db } from '../src/db/index.js';
import { isValidNip } from '../src/companies/nip.js';
import { validateDocument } from '../src/documents/validation.js';
import { sampleInvoice } from '../packages/client/src/sample.js';
import { DEFAULT_PERMISSIONS } from '../src/companies/permissions.js';
import { DEFAULT_MAX_BODY_BYTES } from '../src/config.js';

export interface SeededCompany {
  id: string;
  nip: string;
  /** Program token of the sales program (HANDEL). */
  senderToken: string;
  /** Program token of the accounting program (FINANSE_KSIEGOWOSC); all receivers of the company share it. */
  receiverToken: string;
}

/**
 * The first `count` valid NIPs from 521000000x on: unique within the fresh bench database, and
 * accepted by the FA(3) schema's NIP pattern (which refuses 00 as the second and third digits).
 */
function validNips(count: number): string[] {
  const nips: string[] = [];
  for (let base = 521_000_000; nips.length < count; base += 1) {
    const nip = [...'0123456789'].map((digit) => `${base}${digit}`).find(isValidNip);
    if (nip) nips.push(nip);
  }
  return nips;
}

function companyRows(nip: string, index: number) {
  const companyId = randomUUID();
  const sender = { id: randomUUID(), email: `sender-${index}@bench.konekt.local` };
  const receiver = { id: randomUUID(), email: `receiver-${index}@bench.konekt.local` };
  const salesId = randomUUID();
  const accountingId = randomUUID();
  const senderToken = newSecret();
  const receiverToken = newSecret();
  const now = new Date();
  const configuration = { companyNip: nip, companyId, status: 'ACTIVE', currentStep: 'DONE', finishedAt: now } as const;
  return {
    seeded: { id: companyId, nip, senderToken, receiverToken },
    company: { id: companyId, name: `Bench ${index} sp. z o.o.`, nip, plan: 'BUSINESS' as const },
    accounts: [sender, receiver].map((a) => ({
      ...a,
      status: 'ACTIVE' as const,
      passwordHash: 'unused',
      activatedAt: now,
    })),
    memberships: [
      { companyId, accountId: sender.id, role: 'SENDER' as const, permissions: DEFAULT_PERMISSIONS.SENDER },
      { companyId, accountId: receiver.id, role: 'RECEIVER' as const, permissions: DEFAULT_PERMISSIONS.RECEIVER },
    ],
    configurations: [
      {
        ...configuration,
        id: salesId,
        program: 'HANDEL' as const,
        path: 'OWNER' as const,
        exchangeAccountId: sender.id,
      },
      {
        ...configuration,
        id: accountingId,
        program: 'FINANSE_KSIEGOWOSC' as const,
        path: 'INVITED' as const,
        exchangeAccountId: receiver.id,
      },
    ],
    tokens: [
      { kind: 'PROGRAM' as const, configurationId: salesId, tokenHash: hashSecret(senderToken) },
      { kind: 'PROGRAM' as const, configurationId: accountingId, tokenHash: hashSecret(receiverToken) },
    ],
  };
}

/**
 * Companies connected as the wizard would leave them (BUSINESS plan, an active sales and accounting
 * configuration, each with a program token), written directly: the wizard hashes passwords with
 * argon2, which would make seeding 100 companies take minutes.
 */
export async function seedCompanies(db: Db, count: number): Promise<SeededCompany[]> {
  const rows = validNips(count).map(companyRows);
  await db.company.createMany({ data: rows.map((r) => r.company) });
  await db.account.createMany({ data: rows.flatMap((r) => r.accounts) });
  await db.membership.createMany({ data: rows.flatMap((r) => r.memberships) });
  await db.connectConfiguration.createMany({ data: rows.flatMap((r) => r.configurations) });
  await db.authToken.createMany({ data: rows.flatMap((r) => r.tokens) });
  return rows.map((r) => r.seeded);
}

/**
 * A company's event log of `count` sent documents (each with its version and SENT event), written
 * in a few statements: a backlog this long cannot be sent through the API within one month's quota.
 * Dated a year back, so none of it counts against this month's quota.
 */
export async function seedEventLog(db: Db, company: SeededCompany, count: number): Promise<void> {
  const { content } = validateDocument(
    sampleInvoice(company.nip, 'REPLAY/0'),
    company,
    'HANDEL',
    DEFAULT_MAX_BODY_BYTES,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Document" (id, "companyId", "configurationId", number, type, version, status, state, "issueDate",
       "buyerName", "buyerNip", "grossAmount", currency, content, "contentHash", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), c."companyId", c.id, 'REPLAY/' || g, 'INVOICE'::"DocumentType", 1,
       'SENT'::"DocumentStatus", 'CURRENT'::"DocumentState", DATE '2026-11-20', 'Kupiec S.A.', '5260250274', 256.80,
       'PLN', jsonb_set($2::jsonb, '{number}', to_jsonb('REPLAY/' || g)), md5(g::text), t.at, t.at
     FROM "ConnectConfiguration" c, generate_series(1, $3::int) g,
       LATERAL (SELECT date_trunc('month', now()) - interval '1 year' + g * interval '1 millisecond' AS at) t
     WHERE c."companyId" = $1::uuid AND c.program = 'HANDEL'`,
    company.id,
    JSON.stringify(content),
    count,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "DocumentVersion" ("documentId", version, content, "contentHash", "createdAt")
     SELECT id, 1, content, "contentHash", "createdAt" FROM "Document" WHERE "companyId" = $1::uuid`,
    company.id,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "DocumentEvent" (id, "companyId", sequence, kind, "documentId", version, status, "occurredAt")
     SELECT gen_random_uuid(), "companyId", row_number() OVER (ORDER BY "createdAt"), 'SENT'::"DocumentEventKind",
       id, 1, 'SENT'::"DocumentStatus", "createdAt"
     FROM "Document" WHERE "companyId" = $1::uuid`,
    company.id,
  );
  await db.$executeRawUnsafe(
    `UPDATE "Company" SET "lastEventSequence" = $2::int WHERE id = $1::uuid`,
    company.id,
    count,
  );
}
