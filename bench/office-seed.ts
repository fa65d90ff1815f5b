import { randomUUID } from 'node:crypto';
import { hashSecret, newSecret } from '../src/auth/secrets.js';
import type { Db } from '../src/db/index.js';
import { DEFAULT_PERMISSIONS } from '../src/companies/permissions.js';

export interface SeededOffice {
  email: string;
  configurationId: string;
  /** Program token of the office's accounting program (the OFFICE path). */
  token: string;
}

/**
 * An accounting office as the wizard's OFFICE path would leave it, written directly: its account
 * is the receiving user of every company in the database, its program connected once for all.
 */
export async function seedOffice(db: Db): Promise<SeededOffice> {
  const account = { id: randomUUID(), email: 'biuro@bench.konekt.local' };
  const configurationId = randomUUID();
  const token = newSecret();
  await db.account.create({ data: { ...account, status: 'ACTIVE', passwordHash: 'unused', activatedAt: new Date() } });
  const companies = await db.company.findMany({ select: { id: true } });
  await db.membership.createMany({
    data: companies.map((company) => ({
      companyId: company.id,
      accountId: account.id,
      role: 'RECEIVER' as const,
      permissions: DEFAULT_PERMISSIONS.RECEIVER,
    })),
  });
  await db.connectConfiguration.create({
    data: {
      id: configurationId,
      program: 'FINANSE_KSIEGOWOSC',
      path: 'OFFICE',
      status: 'ACTIVE',
      currentStep: 'DONE',
      finishedAt: new Date(),
      exchangeAccountId: account.id,
      tokens: { create: { kind: 'PROGRAM', tokenHash: hashSecret(token) } },
    },
  });
  return { email: account.email, configurationId, token };
}
