import type { Config } from './config.js';
import type { Db } from './db/index.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mail/mailer.js';
import { hashSecret } from './auth/secrets.js';
import type { Throttle } from './auth/throttle.js';
import type { EventBus } from './events.js';
import type { ProgramKind } from './generated/prisma/enums.js';
import { permissionFor, roleFor, sideOf, type ProgramSide } from './schema/connect/programs.js';

export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'account'; accountId: string; tokenId: string }
  | {
      kind: 'program';
      configurationId: string;
      companyId: string;
      accountId: string;
      program: ProgramKind;
      side: ProgramSide;
      tokenId: string;
    }
  | { kind: 'wizard'; configurationId: string; tokenId: string };

/** What lives as long as the server: shared by every request's context. */
export interface Services {
  config: Config;
  /** Where users reach this server: the base of every link in e-mails. */
  publicUrl: string;
  db: Db;
  logger: Logger;
  mailer: Mailer;
  throttles: { signIn: Throttle; passwordReset: Throttle; exchangePassword: Throttle };
  events: EventBus;
  now: () => Date;
}

export interface Context extends Services {
  viewer: Viewer;
}

export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/** Resolves the bearer token to whoever holds it; an unknown, expired or revoked token is anonymous. */
export async function resolveViewer(services: Services, token: string | undefined): Promise<Viewer> {
  if (!token) return { kind: 'anonymous' };
  const found = await services.db.authToken.findUnique({
    where: { tokenHash: hashSecret(token) },
    select: {
      id: true,
      kind: true,
      accountId: true,
      configurationId: true,
      expiresAt: true,
      revokedAt: true,
      account: { select: { status: true } },
      configuration: {
        select: {
          status: true,
          program: true,
          companyId: true,
          exchangeAccountId: true,
          exchangeAccount: {
            select: { status: true, memberships: { select: { companyId: true, role: true, permissions: true } } },
          },
        },
      },
    },
  });
  if (!found || found.revokedAt || (found.expiresAt && found.expiresAt <= services.now())) {
    return { kind: 'anonymous' };
  }
  if (found.kind === 'SESSION' && found.accountId && found.account?.status === 'ACTIVE') {
    return { kind: 'account', accountId: found.accountId, tokenId: found.id };
  }
  const configuration = found.configuration;
  if (found.kind === 'PROGRAM' && found.configurationId && configuration?.status === 'ACTIVE') {
    const { companyId, exchangeAccountId, exchangeAccount, program } = configuration;
    // A program acts for its exchange account: it keeps access only while that account may do the program's job.
    const allowed =
      exchangeAccount?.status === 'ACTIVE' &&
      exchangeAccount.memberships.some(
        (m) =>
          m.companyId === companyId && m.role === roleFor(program) && m.permissions.includes(permissionFor(program)),
      );
    if (!allowed || !companyId || !exchangeAccountId) return { kind: 'anonymous' };
    return {
      kind: 'program',
      configurationId: found.configurationId,
      companyId,
      accountId: exchangeAccountId,
      program,
      side: sideOf(program),
      tokenId: found.id,
    };
  }
  if (found.kind === 'WIZARD' && found.configurationId) {
    return { kind: 'wizard', configurationId: found.configurationId, tokenId: found.id };
  }
  return { kind: 'anonymous' };
}
