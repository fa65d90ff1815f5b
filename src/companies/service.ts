import type { Services } from '../context.js';
import { InvalidNipError, NipAlreadyRegisteredError, ValidationError } from '../errors.js';
import type { Locale, Plan } from '../generated/prisma/enums.js';
import { isUniqueViolation } from '../db/errors.js';
import { mails } from '../mail/templates.js';
import { issueLinkToken, langOf, normaliseEmail, portalLink, sendActivationMail } from '../accounts/service.js';
import { isValidNip, normaliseNip } from './nip.js';
import { DEFAULT_PERMISSIONS } from './permissions.js';

export function parseNip(input: string): string {
  const nip = normaliseNip(input);
  if (!nip || !isValidNip(nip)) throw new InvalidNipError(input);
  return nip;
}

export function parseCompanyName(input: string): string {
  const name = input.trim();
  if (name.length < 2 || name.length > 200)
    throw new ValidationError('companyName', (m) => m.validation.companyName(2, 200));
  return name;
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
 * account, nothing is created and the caller cannot tell: that address is mailed instead.
 */
export async function registerCompany(ctx: Services, input: RegisterInput): Promise<{ email: string }> {
  const name = parseCompanyName(input.companyName);
  const nip = parseNip(input.nip);
  const email = normaliseEmail(input.email);
  if (await ctx.db.company.findUnique({ where: { nip }, select: { id: true } }))
    throw new NipAlreadyRegisteredError(nip);

  const existing = await ctx.db.account.findUnique({ where: { email } });
  if (existing) {
    await mailExistingAccount(ctx, existing);
    return { email };
  }
  let account;
  try {
    account = await ctx.db.$transaction(async (tx) => {
      const company = await tx.company.create({ data: { name, nip, plan: input.plan } });
      return tx.account.create({
        data: {
          email,
          locale: input.locale,
          memberships: { create: { companyId: company.id, role: 'OWNER', permissions: DEFAULT_PERMISSIONS.OWNER } },
        },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Lost a race with a concurrent registration of the same NIP or e-mail.
    if (await ctx.db.company.findUnique({ where: { nip }, select: { id: true } }))
      throw new NipAlreadyRegisteredError(nip);
    const raced = await ctx.db.account.findUniqueOrThrow({ where: { email } });
    await mailExistingAccount(ctx, raced);
    return { email };
  }
  await sendActivationMail(ctx, account, name);
  return { email };
}

async function mailExistingAccount(
  ctx: Services,
  account: { id: string; email: string; locale: Locale; status: string },
) {
  const lang = langOf(account.locale);
  if (account.status === 'PENDING') {
    const secret = await issueLinkToken(ctx.db, ctx, account.id, 'ACTIVATION');
    await ctx.mailer.send(
      account.email,
      mails.alreadyRegisteredPending(lang, portalLink(ctx, 'activate', secret, lang)),
    );
    return;
  }
  const secret = await issueLinkToken(ctx.db, ctx, account.id, 'PASSWORD_RESET');
  await ctx.mailer.send(account.email, mails.alreadyRegistered(lang, portalLink(ctx, 'reset-password', secret, lang)));
}

/** A signed-in account registers one more company that it owns. */
export async function addCompany(
  ctx: Services,
  accountId: string,
  input: { companyName: string; nip: string; plan: Plan },
) {
  const name = parseCompanyName(input.companyName);
  const nip = parseNip(input.nip);
  try {
    return await ctx.db.company.create({
      data: {
        name,
        nip,
        plan: input.plan,
        memberships: { create: { accountId, role: 'OWNER', permissions: DEFAULT_PERMISSIONS.OWNER } },
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new NipAlreadyRegisteredError(nip);
    throw error;
  }
}
