import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import { Prisma } from '../generated/prisma/client.js';
import { TooManyAttemptsError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { AttemptKey, MetricsHooks } from '../observability/metrics.js';

/** Attempts a key may make freely; after that each waits, the first `delayMs`, doubling up to `maxDelayMs`. */
export interface AttemptPolicy {
  free: number;
  delayMs: number;
  maxDelayMs: number;
}

interface CountedKey {
  key: string;
  kind: AttemptKey;
  policy: AttemptPolicy;
  /** After a right password: 'clear' forgets the key, 'refund' takes back just this attempt. */
  onSuccess: 'clear' | 'refund';
}

/** An attempt let through: say whether the secret was right, so it does not count against its keys. */
export interface Attempt {
  succeeded(): Promise<void>;
}

const MINUTE = 60_000;
/** A key quiet for this long starts afresh (longer than its longest wait, so waiting it out does not reset it). */
const forgetAfter = (policy: AttemptPolicy) => Math.max(4 * policy.maxDelayMs, 60 * MINUTE);
const SWEEP_EVERY_MS = MINUTE;

/**
 * Attempt limits that hold under bursts and across servers: each attempt is counted in the
 * database, atomically and before the password is checked, so of any number of parallel
 * attempts only the free ones get through, whichever server they reach. Beyond them come growing
 * delays instead of a lockout, and keys are per account from one address, per account, and per
 * address, so an attacker's address waits while the owner, from another, still gets in.
 */
export class AttemptLimits {
  private lastSweep = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly limits: Config['attemptLimits'],
    private readonly logger: Logger,
    private readonly metrics: Pick<MetricsHooks, 'attemptRefused'>,
  ) {}

  /** One password attempt on the account (an e-mail) from the client address; throws TooManyAttemptsError when it must wait. */
  password(account: string, address: string): Promise<Attempt> {
    const policy = (free: number) => ({ free, delayMs: this.limits.delayMs, maxDelayMs: this.limits.maxDelayMs });
    return this.begin([
      {
        key: `password:${account}@${address}`,
        kind: 'account_and_address',
        policy: policy(this.limits.perAccountAndAddress),
        onSuccess: 'clear',
      },
      { key: `password:${account}`, kind: 'account', policy: policy(this.limits.perAccount), onSuccess: 'refund' },
      { key: `password-from:${address}`, kind: 'address', policy: policy(this.limits.perAddress), onSuccess: 'refund' },
    ]);
  }

  private async begin(keys: CountedKey[]): Promise<Attempt> {
    this.sweep();
    // Most specific first: a refused attempt is not counted against the wider keys.
    for (const { key, kind, policy } of keys) {
      const waitMs = await this.count(key, policy);
      if (waitMs > 0) {
        this.metrics.attemptRefused(kind);
        throw new TooManyAttemptsError(Math.ceil(waitMs / 1000));
      }
    }
    return {
      succeeded: async () => {
        const clear = keys.filter((k) => k.onSuccess === 'clear').map((k) => k.key);
        const refund = keys.filter((k) => k.onSuccess === 'refund').map((k) => k.key);
        await this.db.$executeRaw`DELETE FROM "AttemptCounter" WHERE key = ANY(${clear})`;
        await this.db
          .$executeRaw`UPDATE "AttemptCounter" SET count = GREATEST(count - 1, 0) WHERE key = ANY(${refund})`;
      },
    };
  }

  /**
   * Counts one attempt on the key unless it must wait; returns 0 when counted, else the wait in ms.
   * One statement: the row lock of the upsert orders parallel attempts, on every server alike.
   */
  private async count(key: string, policy: AttemptPolicy): Promise<number> {
    const now = this.now().getTime();
    const expiresAt = now + forgetAfter(policy);
    // The outer SELECT sees the row as it was before this statement: when nothing was counted, it
    // tells how long the key still has to wait.
    const [result] = await this.db.$queryRaw<{ counted: number | null; waitMs: number | null }[]>`
      WITH counted AS (
        INSERT INTO "AttemptCounter" AS a (key, count, "lastAt", "expiresAt")
        VALUES (${key}, 1, ${now}::bigint, ${expiresAt}::bigint)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN a."expiresAt" <= ${now}::bigint THEN 1 ELSE a.count + 1 END,
          "lastAt" = ${now}::bigint,
          "expiresAt" = ${expiresAt}::bigint
        WHERE a."expiresAt" <= ${now}::bigint
          OR a.count < ${policy.free}::int
          OR a."lastAt" + ${waitAfter(policy)} <= ${now}::bigint
        RETURNING a.count
      )
      SELECT (SELECT count FROM counted) AS counted,
        (SELECT (a."lastAt" + ${waitAfter(policy)} - ${now}::bigint)::float8
          FROM "AttemptCounter" AS a WHERE a.key = ${key}) AS "waitMs"`;
    if (result?.counted !== null && result?.counted !== undefined) return 0;
    return Math.max(result?.waitMs ?? 0, 1);
  }

  /** Forgets keys nobody tried for a while; at most once a minute, off the request's path. */
  private sweep() {
    const now = this.now().getTime();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.db.$executeRaw`DELETE FROM "AttemptCounter" WHERE "expiresAt" <= ${now}::bigint`.catch((error: unknown) =>
      this.logger.warn('could not forget old attempt counts', error),
    );
  }
}

/** SQL for the wait after `a.count` attempts: none within the free ones, then delayMs doubling up to maxDelayMs. */
function waitAfter(policy: AttemptPolicy) {
  return Prisma.sql`(CASE WHEN a.count < ${policy.free}::int THEN 0
    ELSE LEAST(${policy.maxDelayMs}::float8, ${policy.delayMs}::float8 * power(2, LEAST(a.count - ${policy.free}::int, 40))) END)`;
}
