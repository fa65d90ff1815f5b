import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';

export const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  totalMemoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
  node: process.version,
  os: `${os.type()} ${os.release()}`,
};

export const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');

export function printMachine(load: string) {
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.totalMemoryGiB} GiB, ${machine.os}`);
  console.log(`Node ${machine.node}; all times in ms, median and p99 (nearest rank)`);
  console.log(`Load average at start: ${load} (other processes on these cores skew every number)\n`);
}

/** Writes bench/results/<name>-<UTC time>.json and returns its path. */
export async function writeResults(name: string, results: object): Promise<string> {
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const file = new URL(`${name}-${stamp}.json`, dir);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  return file.pathname;
}
