import { GraphQLError } from 'graphql';
import type { Config } from './config.js';
import type { Db } from './db/index.js';
import type { Logger } from './logger.js';
import type { Mailer } from './mail/mailer.js';
import { hashSecret } from './auth/secrets.js';
import type { Throttle } from './auth/throttle.js';
import type { ViewerCache } from './auth/viewer-cache.js';
import type { EventBus } from './events.js';
import type { EventFeeds } from './documents/feed.js';
import type {
  AccountStatus,
  AuthTokenKind,
  ConnectStatus,
  MemberRole,
  Permission,
  Plan,
  ProgramKind,
} from './generated/prisma/enums.js';

interface TokenRow {
  id: string;
  kind: AuthTokenKind;
  accountId: string | null;
  configurationId: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  accountStatus: AccountStatus | null;
  configurationStatus: ConnectStatus | null;
  program: ProgramKind | null;
  companyId: string | null;
  exchangeAccountId: string | null;
  exchangeAccountStatus: AccountStatus | null;
  companyNip: string | null;
  companyPlan: Plan | null;
  exchangeMemberships: { role: MemberRole; permissions: Permission[] }[];
}
import { permissionFor, roleFor, sideOf, type ProgramSide } from './connect/programs.js';

export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'account'; accountId: string; tokenId: string }
  | {
      kind: 'program';
      configurationId: string;
      companyId: string;
      company: { nip: string; plan: Plan };
      accountId: string;
      program: ProgramKind;
      side: ProgramSide;
      tokenId: string;
    }
  | { kind: 'wizard'; configurationId: string; tokenId: string };

/** Refused for lack of credentials (no valid token) or for the wrong ones: the code tells which. */
export function accessDenied(viewer: Viewer, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: viewer.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN' },
  });
}

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
  viewers: ViewerCache;
  /** Shared reads of each company's event log for its live subscribers. */
  feeds: EventFeeds;
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
  const tokenHash = hashSecret(token);
  const now = services.now();
  const cached = services.viewers.get(tokenHash, now.getTime());
  if (cached) return cached;
  // One round trip: this runs for every request and every subscription the cache does not answer.
  const [found] = await services.db.$queryRaw<TokenRow[]>`
    SELECT t.id, t.kind::text AS kind, t."accountId", t."configurationId", t."expiresAt", t."revokedAt",
      a.status::text AS "accountStatus", c.status::text AS "configurationStatus", c.program::text AS program,
      c."companyId", c."exchangeAccountId", x.status::text AS "exchangeAccountStatus",
      co.nip AS "companyNip", co.plan::text AS "companyPlan",
      (SELECT coalesce(json_agg(json_build_object('role', m.role, 'permissions', m.permissions)), '[]'::json)
         FROM "Membership" m WHERE m."accountId" = c."exchangeAccountId" AND m."companyId" = c."companyId") AS "exchangeMemberships"
    FROM "AuthToken" t
    LEFT JOIN "Account" a ON a.id = t."accountId"
    LEFT JOIN "ConnectConfiguration" c ON c.id = t."configurationId"
    LEFT JOIN "Account" x ON x.id = c."exchangeAccountId"
    LEFT JOIN "Company" co ON co.id = c."companyId"
    WHERE t."tokenHash" = ${tokenHash}`;
  const viewer = viewerOf(found, now);
  // Only access is remembered: a token that does not work yet (say, before activation) is asked again.
  if (found && viewer.kind !== 'anonymous') services.viewers.set(tokenHash, viewer, now.getTime(), found.expiresAt);
  return viewer;
}

function viewerOf(found: TokenRow | undefined, now: Date): Viewer {
  if (!found || found.revokedAt || (found.expiresAt && found.expiresAt <= now)) {
    return { kind: 'anonymous' };
  }
  if (found.kind === 'SESSION' && found.accountId && found.accountStatus === 'ACTIVE') {
    return { kind: 'account', accountId: found.accountId, tokenId: found.id };
  }
  const { program, companyId, exchangeAccountId, companyNip, companyPlan } = found;
  if (found.kind === 'PROGRAM' && found.configurationId && found.configurationStatus === 'ACTIVE' && program) {
    // A program acts for its exchange account: it keeps access only while that account may do the program's job.
    const allowed =
      found.exchangeAccountStatus === 'ACTIVE' &&
      found.exchangeMemberships.some(
        (m) => m.role === roleFor(program) && m.permissions.includes(permissionFor(program)),
      );
    if (!allowed || !companyId || !exchangeAccountId || !companyNip || !companyPlan) return { kind: 'anonymous' };
    return {
      kind: 'program',
      configurationId: found.configurationId,
      companyId,
      company: { nip: companyNip, plan: companyPlan },
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
