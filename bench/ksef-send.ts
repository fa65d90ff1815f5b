/**
 * Send throughput of FA(3) invoices (10 KB and 1 MiB) beside JSON documents, on one Konekt server
 * child, in alternating rounds so that a machine whose load changes treats every kind alike.
 */
import { fileURLToPath } from 'node:url';
import { sampleInvoice } from '../packages/client/src/sample.js';
import { invoiceOfSize } from '../test/helpers/ksef.js';
import { startServer } from './children.js';
import { postGraphQL, SEND_DOCUMENT } from './graphql.js';
import type { SeededCompany } from './seed.js';
import type { ServeInfo } from './serve.js';
import { summarize, type Summary } from './stats.js';

export interface SendSettings {
  rounds: number;
  /** Concurrent senders, each its own company. */
  senders: number;
  /** Documents per round, by kind. */
  documents: Record<KindName, number>;
}

export const SEND_SETTINGS: Record<'full' | 'reduced', SendSettings> = {
  full: { rounds: 3, senders: 4, documents: { json: 400, fa3Small: 400, fa3Large: 24 } },
  reduced: { rounds: 3, senders: 4, documents: { json: 120, fa3Small: 120, fa3Large: 8 } },
};

type KindName = 'json' | 'fa3Small' | 'fa3Large';

interface Kind {
  name: KindName;
  label: string;
  /** Size of what is sent: the XML, or the JSON of the document fields. */
  bytes: number;
  input: (company: SeededCompany, number: string) => { document: unknown } | { ksefXml: string };
}

export interface SendResult {
  kind: KindName;
  label: string;
  bytes: number;
  /** Median over the rounds of documents per second. */
  perSecond: number;
  rounds: number[];
  /** Every sendDocument request of every round, as the sender sees it. */
  request: Summary;
}

/** Sends a new document under `key`; fails unless it was CREATED. */
async function send(url: string, company: SeededCompany, key: string, input: object) {
  const data = await postGraphQL<{ sendDocument: { outcome?: string } }>(
    url,
    SEND_DOCUMENT,
    { input: { idempotencyKey: key, ...input } },
    company.senderToken,
  );
  if (data.sendDocument.outcome !== 'CREATED') throw new Error(`sendDocument: ${JSON.stringify(data.sendDocument)}`);
}

/** The ministry's example 01 grown to about `bytes`, issued by `nip` under `number`. */
function fa3Template(bytes: number) {
  const xml = invoiceOfSize(bytes);
  return (nip: string, number: string) => xml.replaceAll('9999999999', nip).replace('FV2026/02/150', number);
}

function kinds(): Kind[] {
  const small = fa3Template(10 * 1024);
  const large = fa3Template(1024 * 1024 - 1024);
  return [
    {
      name: 'json',
      label: 'JSON (sample invoice)',
      bytes: Buffer.byteLength(JSON.stringify(sampleInvoice('5210000000', 'FV/1'))),
      input: (company, number) => ({ document: sampleInvoice(company.nip, number) }),
    },
    {
      name: 'fa3Small',
      label: 'FA(3) 10 KB',
      bytes: Buffer.byteLength(small('5210000000', 'FV/1')),
      input: (company, number) => ({ ksefXml: small(company.nip, number) }),
    },
    {
      name: 'fa3Large',
      label: 'FA(3) 1 MiB',
      bytes: Buffer.byteLength(large('5210000000', 'FV/1')),
      input: (company, number) => ({ ksefXml: large(company.nip, number) }),
    },
  ];
}

/** `documents` sends spread over the senders, each sending one after another. */
async function batch(info: ServeInfo, kind: Kind, tag: string, documents: number, senders: number) {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    info.companies.slice(0, senders).map(async (company, sender) => {
      for (let i = sender; i < documents; i += senders) {
        const number = `${tag}/${i}`;
        const at = performance.now();
        await send(info.url, company, number, kind.input(company, number));
        latencies.push(performance.now() - at);
      }
    }),
  );
  return { perSecond: documents / ((performance.now() - started) / 1000), latencies };
}

/** Runs the rounds against a fresh server child on embedded PGlite (a data directory, as `npm start` runs). */
export async function benchSends(settings: SendSettings): Promise<SendResult[]> {
  const child = await startServer(
    fileURLToPath(new URL('./serve.ts', import.meta.url)),
    { ...process.env, DATABASE_URL: '', BENCH_COMPANIES: String(settings.senders) },
    180_000,
  );
  try {
    const all = kinds();
    const measured = new Map(all.map((kind) => [kind.name, { rates: [] as number[], latencies: [] as number[] }]));
    for (const kind of all) await batch(child.info, kind, `warm-${kind.name}`, settings.senders * 2, settings.senders);
    for (let round = 0; round < settings.rounds; round += 1) {
      for (const kind of all) {
        const { perSecond, latencies } = await batch(
          child.info,
          kind,
          `${kind.name}-${round}`,
          settings.documents[kind.name],
          settings.senders,
        );
        measured.get(kind.name)!.rates.push(perSecond);
        measured.get(kind.name)!.latencies.push(...latencies);
      }
    }
    return all.map((kind) => {
      const { rates, latencies } = measured.get(kind.name)!;
      return {
        kind: kind.name,
        label: kind.label,
        bytes: kind.bytes,
        perSecond: [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)]!,
        rounds: rates,
        request: summarize(latencies),
      };
    });
  } finally {
    await child.stop();
  }
}
