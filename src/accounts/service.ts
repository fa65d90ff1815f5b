import type { Context, Services } from '../context.js';
import { InvalidCredentialsError, InvalidTokenError, MailRateLimitError, WeakPasswordError } from '../errors.js';
import type { AuthTokenKind } from '../generated/prisma/enums.js';
import {
  hashPassword,
  hashSecret,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  newSecret,
  verifyPassword,
} from '../auth/secrets.js';
import type { ViewerOf } from '../auth/viewer.js';
import { acceptLinkedInvitations, releaseWaitingConfigurations } from '../companies/invitations.js';
import { queueMail, transactionWithMail } from '../mail/outbox.js';
import { takeMailQuota } from '../mail/quota.js';
import { mails } from '../mail/templates.js';
import { parseEmailAddress } from './email.js';
import { issueLinkToken, langOf, portalLink } from './links.js';

const SESSION_LIFETIME = 30 * 24 * 60 * 60 * 1000;

export function checkPasswordStrength(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new WeakPasswordError(MIN_PASSWORD_LENGTH);
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new WeakPasswordError(MIN_PASSWORD_LENGTH, (m) => m.errors.weakPasswordLong(MAX_PASSWORD_LENGTH));
  }
  if (password.trim().length === 0 || new Set(password).size < 4) {
    throw new WeakPasswordError(MIN_PASSWORD_LENGTH, (m) => m.errors.weakPasswordSimple);
  }
}

/** Checks a link token without using it, so a page can tell a dead link before asking for a password. */
export async function inspectLinkToken(ctx: Services, secret: string, kind: 'ACTIVATION' | 'PASSWORD_RESET') {
  const token = await ctx.db.authToken.findUnique({ where: { tokenHash: hashSecret(secret) } });
  return linkTokenProblem(ctx, token, kind);
}

function linkTokenProblem(
  ctx: Pick<Services, 'now'>,
  token: { kind: AuthTokenKind; usedAt: Date | null; revokedAt: Date | null; expiresAt: Date | null } | null,
  kind: AuthTokenKind,
): InvalidTokenError | undefined {
  if (!token || token.kind !== kind || token.revokedAt) return new InvalidTokenError('UNKNOWN');
  if (token.usedAt) return new InvalidTokenError('USED');
  if (!token.expiresAt || token.expiresAt <= ctx.now()) return new InvalidTokenError('EXPIRED');
  return undefined;
}

/** Uses a link token and sets the account's password in one transaction; a second use finds it used. */
export async function setPasswordWithLink(
  ctx: Services,
  secret: string,
  password: string,
  kind: 'ACTIVATION' | 'PASSWORD_RESET',
) {
  const tokenHash = hashSecret(secret);
  const token = await ctx.db.authToken.findUnique({ where: { tokenHash } });
  const problem = linkTokenProblem(ctx, token, kind);
  if (problem || !token?.accountId) throw problem ?? new InvalidTokenError('UNKNOWN');
  checkPasswordStrength(password);
  const passwordHash = await hashPassword(password);
  const now = ctx.now();
  const account = await ctx.db.$transaction(async (tx) => {
    const claimed = await tx.authToken.updateMany({ where: { id: token.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count !== 1) throw new InvalidTokenError('USED');
    if (kind === 'PASSWORD_RESET') {
      await tx.authToken.updateMany({
        where: { accountId: token.accountId, kind: 'SESSION', revokedAt: null },
        data: { revokedAt: now },
      });
    }
    const current = await tx.account.findUniqueOrThrow({ where: { id: token.accountId! } });
    const account = await tx.account.update({
      where: { id: current.id },
      data: {
        passwordHash,
        ...(current.status === 'PENDING' ? { status: 'ACTIVE', activatedAt: now } : {}),
      },
    });
    // Activating from an invitation's mail is the consent to join; the configurations that waited
    // for this account to join can now ask for its password.
    if (kind === 'ACTIVATION') await acceptLinkedInvitations(tx, token.id, now);
    await releaseWaitingConfigurations(tx, account.id);
    return account;
  });
  // Sessions signed out by a reset lose their open subscriptions; an activation that accepted
  // invitations adds companies to an office's live feed.
  ctx.events.accessChanged({ accountId: account.id });
  return account;
}

/**
 * The active account with this e-mail and password. Wrong password, unknown or inactive account all
 * give the same error after the same work; every attempt is counted before the check (src/auth/attempts.ts).
 */
export async function authenticate(ctx: Context, emailInput: string, password: string) {
  const email = emailInput.trim().toLowerCase();
  const attempt = await ctx.attempts.password(email, ctx.clientAddress);
  const account = await ctx.db.account.findUnique({ where: { email } });
  const ok = await verifyPassword(account?.passwordHash, password);
  if (!ok || !account || account.status !== 'ACTIVE') throw new InvalidCredentialsError();
  await attempt.succeeded();
  return account;
}

export async function signIn(ctx: Context, emailInput: string, password: string) {
  const account = await authenticate(ctx, emailInput, password);
  const token = newSecret();
  await ctx.db.authToken.create({
    data: {
      kind: 'SESSION',
      accountId: account.id,
      tokenHash: hashSecret(token),
      expiresAt: new Date(ctx.now().getTime() + SESSION_LIFETIME),
    },
  });
  return { token, account };
}

/** Revokes the session token the request was sent with; its open subscriptions close. */
export async function signOut(ctx: Context, viewer: ViewerOf<'account'>) {
  await ctx.db.authToken.update({ where: { id: viewer.tokenId }, data: { revokedAt: ctx.now() } });
  ctx.events.accessChanged({ accountId: viewer.accountId });
}

/**
 * Mails a reset link when the address has an account. Every request counts against the address and
 * the client; an address mailed too often is skipped with the same answer as any other.
 */
export async function requestPasswordReset(ctx: Context, emailInput: string) {
  const email = parseEmailAddress(emailInput);
  try {
    await takeMailQuota(ctx, [email]);
  } catch (error) {
    if (error instanceof MailRateLimitError && error.limit === 'RECIPIENT') return;
    throw error;
  }
  const account = await ctx.db.account.findUnique({ where: { email } });
  if (!account || account.status === 'DISABLED') return;
  const lang = langOf(account.locale);
  const now = ctx.now();
  await transactionWithMail(ctx, async (tx) => {
    const { secret } = await issueLinkToken(tx, now, account.id, 'PASSWORD_RESET');
    await queueMail(tx, now, account.email, mails.passwordReset(lang, portalLink(ctx, 'reset-password', secret, lang)));
  });
}
