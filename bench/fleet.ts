import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { startChild, type Child } from './children.js';
import type { Summary } from './stats.js';

export interface FleetSpec {
  wsUrl: string;
  /** When given, receiver i connects to wsUrls[i % length] instead (several balancers or servers). */
  wsUrls?: string[];
  receivers: number;
  /** Bare WebSocket connections that only open (the memory floor), not graphql-ws receivers. */
  bare?: boolean;
  /** Receiver i follows companies[i % length] after `after`, its last event: nothing is replayed. */
  companies: { nip: string; token: string; after: number }[];
}

export interface FleetSummary {
  receivers: number;
  /** Events received since the start or the last reset, over all receivers. */
  arrivals: number;
  failure?: string;
  /** For stamped document numbers only: from the building of the sendDocument request to each arrival. */
  requestToArrival?: Summary;
}

/**
 * Settings for a server that a fleet of `receivers` connects to: they all come from 127.0.0.1, many
 * with one company's token, and one server may hold all of them.
 */
export function limitsForFleet(receivers: number): Record<string, string> {
  const all = String(receivers * 4);
  return {
    MAX_CONNECTIONS: all,
    MAX_CONNECTIONS_PER_ADDRESS: all,
    MAX_SOCKETS_PER_ADDRESS: all,
    MAX_SUBSCRIPTIONS_PER_ADDRESS: all,
    MAX_SOCKETS_PER_TOKEN: String(receivers),
    MAX_SUBSCRIPTIONS_PER_TOKEN: String(receivers),
  };
}

const FLEET_CHILD = fileURLToPath(new URL('./fleet-child.ts', import.meta.url));
const READY_TIMEOUT_MS = 10 * 60_000;
const POLL_MS = 100;

/** Receivers in a child process (fleet-child.ts). */
export class Fleet {
  private constructor(private readonly child: Child<{ controlUrl: string }>) {}

  static async start(spec: FleetSpec): Promise<Fleet> {
    return new Fleet(
      await startChild(FLEET_CHILD, { ...process.env, BENCH_FLEET: JSON.stringify(spec) }, READY_TIMEOUT_MS),
    );
  }

  summary(): Promise<FleetSummary> {
    return this.control('GET');
  }

  /** Forgets the arrivals so far. */
  reset(): Promise<FleetSummary> {
    return this.control('POST', '/reset');
  }

  /** Waits until `total` events have arrived since the last reset. */
  async waitForArrivals(total: number, timeoutMs: number): Promise<FleetSummary> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const summary = await this.summary();
      if (summary.failure) throw new Error(`a receiver failed: ${summary.failure}`);
      if (summary.arrivals >= total) return summary;
      if (performance.now() > deadline) {
        throw new Error(`${summary.arrivals} of ${total} events arrived within ${timeoutMs} ms`);
      }
      await sleep(POLL_MS);
    }
  }

  stop(): Promise<void> {
    return this.child.stop();
  }

  private async control(method: string, path = '/summary'): Promise<FleetSummary> {
    const response = await fetch(`${this.child.info.controlUrl}${path}`, {
      method,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`fleet control: HTTP ${response.status}`);
    return (await response.json()) as FleetSummary;
  }
}
