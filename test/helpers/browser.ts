import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** No update checks, no sync, no QUIC: the tests run without a network. */
const OFFLINE_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium build inside @sparticuz/chromium (from the lockfile), unpacked once per version into
 * node_modules/.cache. It is unpacked into a folder of its own and renamed into place, so test files
 * starting at the same time, or a run killed halfway, never see half a binary.
 */
async function packagedChromium(): Promise<{ executablePath: string; args: string[] }> {
  const { default: Chromium } = await import('@sparticuz/chromium');
  const packageJson = path.join(ROOT, 'node_modules', '@sparticuz', 'chromium', 'package.json');
  const { version } = JSON.parse(await readFile(packageJson, 'utf8')) as { version: string };
  const cache = path.join(ROOT, 'node_modules', '.cache', 'konekt-chromium');
  const folder = path.join(cache, version);
  const executablePath = path.join(folder, 'chromium');
  if (!existsSync(executablePath)) {
    await mkdir(cache, { recursive: true });
    const staging = await mkdtemp(path.join(cache, `.${version}-`));
    // The package unpacks into os.tmpdir(), which follows TMPDIR.
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    try {
      await Chromium.executablePath();
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
    }
    await rename(staging, folder).catch(async (error: NodeJS.ErrnoException) => {
      // Another test file unpacked it first.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await rm(staging, { recursive: true, force: true });
    });
  }
  // One process for everything suits Lambda, but there closing a page ends the whole browser.
  const args = Chromium.args.filter((arg) => arg !== '--single-process');
  return { executablePath, args: [...args, ...OFFLINE_ARGS] };
}

async function findChromium(): Promise<{ executablePath: string; args: string[] }> {
  if (process.env.CHROMIUM_PATH) return { executablePath: process.env.CHROMIUM_PATH, args: OFFLINE_ARGS };
  const system = SYSTEM_CHROMIUMS.find((file) => existsSync(file));
  if (system) return { executablePath: system, args: OFFLINE_ARGS };
  if (os.platform() === 'linux' && os.arch() === 'x64') return packagedChromium();
  throw new Error('No Chromium found: set CHROMIUM_PATH to a Chromium or Chrome executable');
}

/**
 * Headless Chromium for the tests: CHROMIUM_PATH, else a system Chromium, else the one in
 * @sparticuz/chromium on Linux x64. The caller closes it (register that at module level).
 */
export async function launchBrowser(): Promise<Browser> {
  const { executablePath, args } = await findChromium();
  return chromium.launch({ executablePath, args });
}
