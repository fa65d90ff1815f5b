/**
 * npm run bench:ksef — FA(3) validation + mapping per document (readFa3: size and declaration
 * checks, libxml2 parse, XSD validation, the structured document and its warnings) beside the JSON
 * validation, and the export of a JSON document to FA(3), for the ministry's 4 KB example and
 * generated 10 KB and 1 MiB invoices; then sendDocument throughput over HTTP for FA(3) invoices of
 * 10 KB and 1 MiB beside JSON documents, on one server. `-- --reduced` (or BENCH_REDUCED=1) runs
 * fewer iterations, for a loaded machine.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { sampleInvoice } from '../packages/client/src/sample.js';
import { exportFa3, loadFa3Schema, readFa3 } from '../src/ksef/index.js';
import { validateDocument } from '../src/documents/validation.js';
import { fixture, invoiceOfSize } from '../test/helpers/ksef.js';
import { benchSends, SEND_SETTINGS } from './ksef-send.js';
import { ms, summarize, table, type Summary } from './stats.js';
import { DEFAULT_MAX_BODY_BYTES } from '../src/config.js';

interface Case {
  name: string;
  bytes: number;
  iterations: number;
  run: () => unknown;
}

function measure({ iterations, run }: Case): Summary {
  for (let i = 0; i < Math.max(5, iterations / 10); i += 1) run();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i += 1) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

const reduced = process.argv.includes('--reduced') || process.env.BENCH_REDUCED === '1';
/** Fewer iterations per case in the reduced mode, never fewer than 10. */
const times = (iterations: number) => (reduced ? Math.max(10, Math.round(iterations / 4)) : iterations);

async function main() {
  const started = performance.now();
  loadFa3Schema();
  const schemaMs = performance.now() - started;

  const ministry = Buffer.from(fixture('mf-fa3-przyklad-21.xml'));
  const small = Buffer.from(invoiceOfSize(10 * 1024));
  const large = Buffer.from(invoiceOfSize(1024 * 1024));
  const jsonInput = sampleInvoice('5260001246', 'FV/1');
  const json = validateDocument(jsonInput, { nip: '5260001246' }, 'HANDEL', DEFAULT_MAX_BODY_BYTES).content;
  const cases: Case[] = [
    {
      name: 'readFa3, ministry example 21',
      bytes: ministry.length,
      iterations: times(2000),
      run: () => readFa3(ministry),
    },
    { name: 'readFa3, 10 KB invoice', bytes: small.length, iterations: times(2000), run: () => readFa3(small) },
    { name: 'readFa3, 1 MiB invoice', bytes: large.length, iterations: times(40), run: () => readFa3(large) },
    {
      name: 'validateDocument, JSON sample invoice',
      bytes: Buffer.byteLength(JSON.stringify(jsonInput)),
      iterations: times(2000),
      run: () => validateDocument(jsonInput, { nip: '5260001246' }, 'HANDEL', DEFAULT_MAX_BODY_BYTES),
    },
    {
      name: 'exportFa3, JSON sample invoice',
      bytes: Buffer.byteLength(exportFa3(json)),
      iterations: times(2000),
      run: () => exportFa3(json),
    },
  ];

  const load = loadAverage();
  const results = cases.map((c) => ({ name: c.name, bytes: c.bytes, ...measure(c) }));
  console.log(`Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node ${process.version}`);
  console.log(`Load average at start: ${load} (a shared machine: the figures are indicative)`);
  console.log(`Schema loaded once in ${ms(schemaMs)} ms; per document, ms (median and p99, nearest rank):\n`);
  console.log(
    table(
      ['case', 'bytes', 'runs', 'median', 'p99'],
      results.map((r) => [r.name, String(r.bytes), String(r.count), ms(r.medianMs), ms(r.p99Ms)]),
    ),
  );

  const settings = SEND_SETTINGS[reduced ? 'reduced' : 'full'];
  const sends = await benchSends(settings);
  const jsonSends = sends.find((r) => r.kind === 'json')!;
  console.log(
    `\nsendDocument over HTTP, embedded PGlite, ${settings.senders} concurrent senders, ${settings.rounds} alternating rounds` +
      ` (${Object.entries(settings.documents)
        .map(([kind, count]) => `${count} ${kind}`)
        .join(', ')} per round):\n`,
  );
  console.log(
    table(
      ['kind', 'bytes', 'docs/s (median round)', '÷ JSON', 'MB/s', 'rounds', 'request median', 'p99'],
      sends.map((r) => [
        r.label,
        String(r.bytes),
        r.perSecond.toFixed(1),
        `${(r.perSecond / jsonSends.perSecond).toFixed(2)}×`,
        ((r.perSecond * r.bytes) / 1e6).toFixed(2),
        r.rounds.map((rate) => rate.toFixed(1)).join(' '),
        ms(r.request.medianMs),
        ms(r.request.p99Ms),
      ]),
    ),
  );
  const loadAtEnd = loadAverage();
  console.log(`\nLoad average at end: ${loadAtEnd}`);

  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const file = new URL(`ksef-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}.json`, dir);
  const machine = { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version };
  await writeFile(
    file,
    `${JSON.stringify(
      {
        date: new Date(),
        machine,
        reduced,
        loadAverage: { start: load, end: loadAtEnd },
        schemaMs,
        results,
        sendSettings: settings,
        sends,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nResults written to ${file.pathname}`);
}

await main();
