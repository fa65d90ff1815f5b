/**
 * `npm run client:pack`: builds @konekt/client (its prepack script) and packs it as
 * packages/client/konekt-client.tgz, the file the programs in examples/ install. The name carries
 * no version so that their package.json need not change with each release; npm reads the version
 * from inside the tarball.
 */
import { execFile } from 'node:child_process';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

export const CLIENT_DIR = path.resolve(import.meta.dirname, '../packages/client');
export const TARBALL_NAME = 'konekt-client.tgz';

/** Packs the client into `destination` and returns the tarball's path. */
export async function packClient(destination = CLIENT_DIR): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['pack', '--json', '--pack-destination', destination, '--no-audit', '--no-fund'],
    { cwd: CLIENT_DIR },
  );
  const [packed] = JSON.parse(stdout) as [{ filename: string }];
  const tarball = path.join(destination, TARBALL_NAME);
  await rename(path.join(destination, packed.filename), tarball);
  return tarball;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(path.relative(process.cwd(), await packClient()));
}
