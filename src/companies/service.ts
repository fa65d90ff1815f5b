import type { Context, Services } from '../context.js';
import type { Prisma } from '../db/index.js';
import { InvalidNipError, NipAlreadyRegisteredError, ValidationError } from '../errors.js';
import type { Locale, Plan } from '../generated/prisma/enums.js';
import { parseEmailAddress } from '../accounts/email.js';
import { issueLinkToken, langOf, portalLink } from '../accounts/links.js';
import { queueMail, transactionWithMail } from '../mail/outbox.js';
import { takeMailQuota } from '../mail/quota.js';
import { isUniqueViolation } from '../db/errors.js';
import { mails } from '../mail/templates.js';
import { isValidNip, normaliseNip } from './nip.js';
import { DEFAULT_PERMISSIONS } from './permissions.js';

export function parseNip(input: string): string {
  const nip = normaliseNip(input);
  if (!nip || !isValidNip(nip)) throw new InvalidNipError(input);
  return nip;
}

// A scheme, "www.", an e-mail address or a dotted name such as example.com: mail clients turn these
// into links, and company names go into mails sent to whatever address a stranger typed.
const LINK_LIKE = /\bhttps?\b|:\/\/|\bwww\.|@|[\p{L}\p{N}-]\.\p{L}{2,}/iu;

export function parseCompanyName(input: string): string {
  const name = input.trim();
  if (name.length < 2 || name.length > 200)
    throw new ValidationError('companyName', (m) => m.validation.companyName(2, 200));
  if (LINK_LIKE.test(name)) throw new ValidationError('companyName', (m) => m.validation.companyNameLink);
  return name;
}

/** A link that can still activate an account (a reset link activates a pending account too). */
const liveLink = (now: Date) => ({
  kind: { in: ['ACTIVATION' as const, 'PASSWORD_RESET' as const] },
  usedAt: null,
  revokedAt: null,
  expiresAt: { gt: now },
});

/** A registration nobody completed: no member was ever activated, and no link that could still do it lives. */
const staleCompany = (now: Date): Prisma.CompanyWhereInput => ({
  memberships: {
    none: { account: { OR: [{ status: { not: 'PENDING' } }, { tokens: { some: liveLink(now) } }] } },
  },
});

/**
 * A registration never activated holds its NIP only while its activation link lives. After that,
 * registering the NIP (or the address) again removes the stale company and its never-activated
 * account, in the transaction that registers the new one.
 */
async function removeStaleRegistrations(
  tx: Prisma.TransactionClient,
  now: Date,
  claim: { nip: string; email?: string },
) {
  const companies = await tx.company.findMany({
    where: {
      AND: [
        staleCompany(now),
        {
          OR: [
            { nip: claim.nip },
            ...(claim.email ? [{ memberships: { some: { account: { email: claim.email } } } }] : []),
          ],
        },
      ],
    },
    select: { id: true, memberships: { select: { accountId: true } } },
  });
  if (companies.length > 0) await tx.company.deleteMany({ where: { id: { in: companies.map((c) => c.id) } } });
  const accountIds = companies.flatMap((company) => company.memberships.map((m) => m.accountId));
  await tx.account.deleteMany({
    where: {
      OR: [{ id: { in: accountIds } }, ...(claim.email ? [{ email: claim.email }] : [])],
      status: 'PENDING',
      memberships: { none: {} },
      tokens: { none: liveLink(now) },
      invitations: { none: { status: 'PENDING', expiresAt: { gt: now } } },
    },
  });
}

async function nipTaken(ctx: Services, nip: string, now: Date) {
  return (await ctx.db.company.count({ where: { nip, NOT: staleCompany(now) } })) > 0;
}

export interface RegisterInput {
  companyName: string;
  nip: string;
  email: string;
  plan: Plan;
  locale: Locale;
}

/**
 * Registers a company with a new owner account pending activation. When the e-mail already has an
 * account, nothing is created and the caller cannot tell: that address is mailed instead. The mail
 * is written in the same transaction, so the answer means it will be sent.
 */
export async function registerCompany(ctx: Context, input: RegisterInput): Promise<{ email: string }> {
  const name = parseCompanyName(input.companyName);
  const nip = parseNip(input.nip);
  const email = parseEmailAddress(input.email);
  const now = ctx.now();
  if (await nipTaken(ctx, nip, now)) throw new NipAlreadyRegisteredError(nip);
  await takeMailQuota(ctx, [email]);
  try {
    await transactionWithMail(ctx, async (tx) => {
      await removeStaleRegistrations(tx, now, { nip, email });
      const existing = await tx.account.findUnique({ where: { email } });
      if (existing) return mailExistingAccount(tx, ctx, now, existing);
      const company = await tx.company.create({ data: { name, nip, plan: input.plan } });
      const account = await tx.account.create({
        data: {
          email,
          locale: input.locale,
          memberships: { create: { companyId: company.id, role: 'OWNER', permissions: DEFAULT_PERMISSIONS.OWNER } },
        },
      });
      const lang = langOf(account.locale);
      const { secret } = await issueLinkToken(tx, now, account.id, 'ACTIVATION');
      await queueMail(tx, now, email, mails.activation(lang, portalLink(ctx, 'activate', secret, lang), name));
    });
  } catch (error) {
    // Lost a race with a concurrent registration of the same NIP or e-mail.
    if (!isUniqueViolation(error)) throw error;
    if (await nipTaken(ctx, nip, now)) throw new NipAlreadyRegisteredError(nip);
    await transactionWithMail(ctx, async (tx) =>
      mailExistingAccount(tx, ctx, now, await tx.account.findUniqueOrThrow({ where: { email } })),
    );
  }
  return { email };
}

async function mailExistingAccount(
  tx: Prisma.TransactionClient,
  ctx: Services,
  now: Date,
  account: { id: string; email: string; locale: Locale; status: string },
) {
  const lang = langOf(account.locale);
  if (account.status === 'PENDING') {
    const { secret } = await issueLinkToken(tx, now, account.id, 'ACTIVATION');
    const url = portalLink(ctx, 'activate', secret, lang);
    await queueMail(tx, now, account.email, mails.alreadyRegisteredPending(lang, url));
    return;
  }
  const { secret } = await issueLinkToken(tx, now, account.id, 'PASSWORD_RESET');
  const url = portalLink(ctx, 'reset-password', secret, lang);
  await queueMail(tx, now, account.email, mails.alreadyRegistered(lang, url));
}

/** A signed-in account registers one more company that it owns. */
export async function addCompany(
  ctx: Services,
  accountId: string,
  input: { companyName: string; nip: string; plan: Plan },
) {
  const name = parseCompanyName(input.companyName);
  const nip = parseNip(input.nip);
  const now = ctx.now();
  try {
    return await ctx.db.$transaction(async (tx) => {
      await removeStaleRegistrations(tx, now, { nip });
      return tx.company.create({
        data: {
          name,
          nip,
          plan: input.plan,
          memberships: { create: { accountId, role: 'OWNER', permissions: DEFAULT_PERMISSIONS.OWNER } },
        },
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new NipAlreadyRegisteredError(nip);
    throw error;
  }
}
