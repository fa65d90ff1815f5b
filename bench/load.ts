import { fileURLToPath } from 'node:url';
import { runChild } from './children.js';

/** What each of the load generator's requests is. */
export type LoadRequest =
  | { kind: 'query'; query: string; token?: string }
  | {
      /** sendDocument of a fresh sample invoice; its number carries the time the request was built (stamps.ts). */
      kind: 'send';
      companies: { nip: string; senderToken: string }[];
      /** All connections send for the first company, connection i for company i, or each request for the next one. */
      spread: 'shared' | 'perConnection' | 'rotate';
      /** Unique to the run: document numbers are `<prefix>/<connection>/<n>@<time>`. */
      prefix: string;
    };

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** The run ends when every connection has had its share of this many responses, if that comes first. */
  maxRequests?: number;
  /** The same per connection. */
  maxPerConnection?: number;
  request: LoadRequest;
  /** Every response must contain this and no "errors", or the run fails. */
  expect: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Responses over the time from the start to the last response. */
  perSecond: number;
  latency: { meanMs: number; p50Ms: number; p99Ms: number; maxMs: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  /** The first response that was not as expected, if any. */
  firstMismatch?: string;
}

const LOAD_CHILD = fileURLToPath(new URL('./load-child.ts', import.meta.url));

/** Runs autocannon in a process of its own, so that its client cost does not land in the bench process. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const result = await runChild<LoadResult>(
    LOAD_CHILD,
    [JSON.stringify(spec)],
    process.env,
    spec.seconds * 1000 + 60_000,
  );
  if (result.non2xx > 0 || result.mismatches > 0 || result.requests === 0) {
    throw new Error(
      `load on ${spec.url} failed: ${result.requests} responses, ${result.non2xx} non-2xx, ${result.mismatches} ` +
        `unexpected (first: ${result.firstMismatch?.slice(0, 500)})`,
    );
  }
  return result;
}
