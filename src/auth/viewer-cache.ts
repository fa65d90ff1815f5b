import type { Viewer } from '../context.js';

/**
 * Who a token belongs to, remembered for a few seconds so that a busy program does not pay a
 * database lookup on every request. Every change that can end access signals the event bus, which
 * empties the cache at once (on every server when REDIS_URL is set); the short lifetime bounds what
 * a server without those signals can miss.
 */
export class ViewerCache {
  private readonly entries = new Map<string, { viewer: Viewer; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(tokenHash: string, now: number): Viewer | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.until > now) return entry.viewer;
    this.entries.delete(tokenHash);
    return undefined;
  }

  set(tokenHash: string, viewer: Viewer, now: number, tokenExpiresAt: Date | null): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const until = Math.min(now + this.ttlMs, tokenExpiresAt?.getTime() ?? Infinity);
    this.entries.set(tokenHash, { viewer, until });
  }

  clear(): void {
    this.entries.clear();
  }
}
