/** Load generator: runs autocannon as bench/load.ts asks (the spec is argv[2]) and prints the result as JSON. */
import autocannon, { type Request } from 'autocannon';
import { sampleInvoice } from '../packages/client/src/sample.js';
import { SEND_DOCUMENT } from './graphql.js';
import type { LoadResult, LoadSpec } from './load.js';
import { stampedNumber } from './stamps.js';

const spec = JSON.parse(process.argv[2]!) as LoadSpec;
const path = new URL(spec.url).pathname;
const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const withToken = (token: string | undefined) => (token ? { ...headers, authorization: `Bearer ${token}` } : headers);

let rotation = 0;

function requestsOf(connection: number): Request[] {
  const { request } = spec;
  if (request.kind === 'query') {
    return [
      { method: 'POST', path, headers: withToken(request.token), body: JSON.stringify({ query: request.query }) },
    ];
  }
  const { companies } = request;
  let count = 0;
  const companyOf = () => {
    if (request.spread === 'perConnection') return companies[connection % companies.length]!;
    if (request.spread === 'rotate') return companies[(rotation += 1) % companies.length]!;
    return companies[0]!;
  };
  const setupRequest = (req: Request): Request => {
    const company = companyOf();
    const number = stampedNumber(`${request.prefix}/${connection}/${(count += 1)}`);
    const document = sampleInvoice(company.nip, number);
    return {
      ...req,
      headers: withToken(company.senderToken),
      body: JSON.stringify({ query: SEND_DOCUMENT, variables: { input: { idempotencyKey: number, document } } }),
    };
  };
  return [{ method: 'POST', path, setupRequest }];
}

let connections = 0;
let responses = 0;
let lastResponse = 0;
let firstMismatch: string | undefined;
const started = performance.now();
const instance = autocannon(
  {
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    maxOverallRequests: spec.maxRequests,
    maxConnectionRequests: spec.maxPerConnection,
    requests: requestsOf(0),
    setupClient: (client) => client.setRequests(requestsOf((connections += 1) - 1)),
    verifyBody: (body) => {
      const ok = body.includes(spec.expect) && !body.includes('"errors"');
      if (!ok) firstMismatch ??= body;
      return ok;
    },
  },
  (error, result) => {
    if (error) throw error;
    const seconds = (lastResponse - started) / 1000;
    const output: LoadResult = {
      requests: responses,
      seconds,
      perSecond: responses / seconds,
      latency: {
        meanMs: result.latency.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        maxMs: result.latency.max,
      },
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      mismatches: result.mismatches,
      ...(firstMismatch ? { firstMismatch } : {}),
    };
    console.log(JSON.stringify(output));
  },
);
instance.on('response', () => {
  responses += 1;
  lastResponse = performance.now();
});
