/**
 * A fleet of receivers in a process of its own, so that their client cost does not land in the
 * processes that send or measure. Each follows documentEvents over its own graphql-ws connection;
 * for documents with stamped numbers (stamps.ts) it records the time from the request to arrival.
 * Prints one JSON line with its control URL once every receiver is acknowledged.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { exitWhenTold } from './child-exit.js';
import type { FleetSpec, FleetSummary } from './fleet.js';
import { connectReceiver, type ArrivalSink, type Receiver } from './receivers.js';
import { stampOf, wallClockMs } from './stamps.js';
import { summarize } from './stats.js';

const CONNECT_BATCH = 100;
const CONNECT_TIMEOUT_MS = 30_000;

const spec = JSON.parse(process.env.BENCH_FLEET!) as FleetSpec;
let arrivals = 0;
let samples: number[] = [];
let failure: string | undefined;
const sink: ArrivalSink = {
  arrived(number) {
    const stamp = stampOf(number);
    arrivals += 1;
    if (stamp !== undefined) samples.push(wallClockMs() - stamp);
  },
  failed(reason) {
    failure ??= reason;
  },
};

const control = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') {
    arrivals = 0;
    samples = [];
  }
  const summary: FleetSummary = {
    receivers: receivers.length,
    arrivals,
    ...(failure ? { failure } : {}),
    ...(samples.length > 0 ? { requestToArrival: summarize(samples) } : {}),
  };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(summary));
});
const receivers: Receiver[] = [];
const closeAll = () => Promise.all(receivers.map((receiver) => receiver.close()));
exitWhenTold(async () => {
  control.close();
  await closeAll();
});
// Connected in batches so the server is not hit by all at once.
for (let start = 0; start < spec.receivers; start += CONNECT_BATCH) {
  const batch = Array.from({ length: Math.min(CONNECT_BATCH, spec.receivers - start) }, (_, i) => {
    const wsUrl = spec.wsUrls?.[(start + i) % spec.wsUrls.length] ?? spec.wsUrl;
    if (spec.bare) return openBare(wsUrl);
    const company = spec.companies[(start + i) % spec.companies.length]!;
    return connectReceiver(wsUrl, company.token, company.after, sink, CONNECT_TIMEOUT_MS);
  });
  const settled = await Promise.allSettled(batch);
  for (const result of settled) if (result.status === 'fulfilled') receivers.push(result.value);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) {
    await closeAll();
    throw failed.reason;
  }
}

await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
console.log(JSON.stringify({ controlUrl: `http://127.0.0.1:${(control.address() as AddressInfo).port}` }));

function openBare(url: string): Promise<Receiver> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ close: () => Promise.resolve(socket.terminate()) }));
    socket.once('error', reject);
  });
}
