import { fileURLToPath } from 'node:url';
import { startChild } from './children.js';
import { postGraphQL } from './graphql.js';
import { summarize, type Summary } from './stats.js';

export const BASELINE = { clients: 10, requests: 2000, sequentialRequests: 1000, warmUpRequests: 200 };
const START_TIMEOUT_MS = 60_000;

export interface Load {
  clients: number;
  requests: number;
  latency: Summary;
  requestsPerSecond: number;
}

export interface BaselineResult {
  /** One client, one request at a time: the latency of a bare round trip. */
  sequential: Load;
  concurrent: Load;
}

/** A bare graphql-yoga server in a child process answering `{ __typename }`. */
export async function benchBaseline(): Promise<BaselineResult> {
  const child = await startChild<{ url: string }>(
    fileURLToPath(new URL('./baseline-server.ts', import.meta.url)),
    process.env,
    START_TIMEOUT_MS,
  );
  try {
    const { url } = child.info;
    await load(url, BASELINE.clients, BASELINE.warmUpRequests);
    return {
      sequential: await load(url, 1, BASELINE.sequentialRequests),
      concurrent: await load(url, BASELINE.clients, BASELINE.requests),
    };
  } finally {
    await child.stop();
  }
}

/** `clients` clients, each sending its share of `requests` one after another. */
async function load(url: string, clients: number, requests: number): Promise<Load> {
  const latencies: number[] = [];
  const client = async () => {
    for (let i = 0; i < requests / clients; i += 1) {
      const started = performance.now();
      await postGraphQL(url, '{ __typename }');
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  return { clients, requests, latency: summarize(latencies), requestsPerSecond: requests / seconds };
}
