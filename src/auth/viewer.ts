import type { Services } from '../context.js';
import type {
  AccountStatus,
  AuthTokenKind,
  ConnectPath,
  ConnectStatus,
  MemberRole,
  Permission,
  Plan,
  ProgramKind,
} from '../generated/prisma/enums.js';
import { permissionFor, roleFor, sideOf, type ProgramSide } from '../connect/programs.js';
import { hashSecret } from './secrets.js';

/** Who is asking, as their bearer token says. */
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
  | { kind: 'wizard'; configurationId: string; tokenId: string }
  /** An accounting office's program: one token for every company where its account is the receiving user. */
  | { kind: 'office'; configurationId: string; accountId: string; program: ProgramKind; tokenId: string };

export type ViewerOf<K extends Viewer['kind']> = Extract<Viewer, { kind: K }>;

/** A token was sent, but it is unknown, expired, revoked or no longer gives access. */
export const REJECTED = 'rejected' as const;

interface TokenRow {
  id: string;
  kind: AuthTokenKind;
  accountId: string | null;
  configurationId: string | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  accountStatus: AccountStatus | null;
  configurationStatus: ConnectStatus | null;
  path: ConnectPath | null;
  program: ProgramKind | null;
  companyId: string | null;
  exchangeAccountId: string | null;
  exchangeAccountStatus: AccountStatus | null;
  companyNip: string | null;
  companyPlan: Plan | null;
  exchangeMemberships: { role: MemberRole; permissions: Permission[] }[];
}

export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/**
 * Resolves a bearer token to whoever holds it: anonymous without a token, REJECTED for a token that
 * does not work (so the caller can say so instead of treating it as missing).
 */
export async function resolveViewer(services: Services, token: string | undefined): Promise<Viewer | typeof REJECTED> {
  if (!token) return { kind: 'anonymous' };
  const tokenHash = hashSecret(token);
  const now = services.now();
  const cached = services.viewers.get(tokenHash, now.getTime());
  if (cached) return cached;
  // One round trip: this runs for every request and every subscription the cache does not answer.
  const [found] = await services.db.$queryRaw<TokenRow[]>`
    SELECT t.id, t.kind::text AS kind, t."accountId", t."configurationId", t."expiresAt", t."revokedAt",
      a.status::text AS "accountStatus", c.status::text AS "configurationStatus", c.path::text AS path,
      c.program::text AS program,
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
  if (found && viewer !== REJECTED) services.viewers.set(tokenHash, viewer, now.getTime(), found.expiresAt);
  return viewer;
}

function viewerOf(found: TokenRow | undefined, now: Date): Viewer | typeof REJECTED {
  if (!found || found.revokedAt || (found.expiresAt && found.expiresAt <= now)) return REJECTED;
  if (found.kind === 'SESSION' && found.accountId && found.accountStatus === 'ACTIVE') {
    return { kind: 'account', accountId: found.accountId, tokenId: found.id };
  }
  const { program, companyId, exchangeAccountId, companyNip, companyPlan } = found;
  if (found.kind === 'PROGRAM' && found.configurationId && found.configurationStatus === 'ACTIVE' && program) {
    // An office's clients are read when it acts: joining or leaving a company does not change its token.
    if (found.path === 'OFFICE') {
      if (found.exchangeAccountStatus !== 'ACTIVE' || !exchangeAccountId) return REJECTED;
      return {
        kind: 'office',
        configurationId: found.configurationId,
        accountId: exchangeAccountId,
        program,
        tokenId: found.id,
      };
    }
    // A program acts for its exchange account: it keeps access only while that account may do the program's job.
    const allowed =
      found.exchangeAccountStatus === 'ACTIVE' &&
      found.exchangeMemberships.some(
        (m) => m.role === roleFor(program) && m.permissions.includes(permissionFor(program)),
      );
    if (!allowed || !companyId || !exchangeAccountId || !companyNip || !companyPlan) return REJECTED;
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
  return REJECTED;
}

/**
 * The viewer as the kind (or one of the kinds) the field's rule admitted. The gate
 * (src/auth/scopes.ts) has already decided; a mismatch here means a field's rule and its resolver
 * disagree, which is a bug.
 */
export function actingAs<K extends Viewer['kind']>(viewer: Viewer, ...kinds: [K, ...K[]]): ViewerOf<K> {
  if (!(kinds as Viewer['kind'][]).includes(viewer.kind)) {
    throw new Error(`resolver expected a ${kinds.join(' or ')} viewer but the rule admitted ${viewer.kind}`);
  }
  return viewer as ViewerOf<K>;
}
