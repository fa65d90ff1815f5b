import type { Services } from '../context.js';
import type { Prisma } from '../db/index.js';
import type { Locale } from '../generated/prisma/enums.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import type { Lang } from '../i18n/index.js';

const HOUR = 60 * 60 * 1000;
export const LINK_LIFETIME: Record<'ACTIVATION' | 'PASSWORD_RESET', number> = {
  ACTIVATION: 72 * HOUR,
  PASSWORD_RESET: 1 * HOUR,
};

export const langOf = (locale: Locale): Lang => (locale === 'EN' ? 'en' : 'pl');

/** Creates a single-use link token for the account; only its hash is kept, the secret goes into the mail. */
export async function issueLinkToken(
  tx: Prisma.TransactionClient,
  now: Date,
  accountId: string,
  kind: 'ACTIVATION' | 'PASSWORD_RESET',
) {
  const secret = newSecret();
  const token = await tx.authToken.create({
    data: { kind, accountId, tokenHash: hashSecret(secret), expiresAt: new Date(now.getTime() + LINK_LIFETIME[kind]) },
    select: { id: true },
  });
  return { secret, tokenId: token.id };
}

export function portalLink(
  services: Pick<Services, 'publicUrl'>,
  page: 'activate' | 'reset-password',
  secret: string,
  lang: Lang,
) {
  const url = new URL(`${services.publicUrl}/${page}`);
  url.searchParams.set('token', secret);
  if (lang === 'en') url.searchParams.set('lang', 'en');
  return url.toString();
}
