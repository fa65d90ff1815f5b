// npm start, test, typecheck, lint and bench run this first: `prisma generate` (about 2.5 s) only when
// the generated client in src/generated/ is missing or was made from another schema or another
// version of the generators. `--force` generates in any case (npm run generate).
// Plain JavaScript, so that the check itself costs one bare `node` start (or none: scripts/start.js imports it).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const generated = path.join(root, 'src', 'generated');
const stampFile = path.join(generated, 'schema.stamp');
const outputs = [path.join(generated, 'prisma', 'client.ts'), path.join(generated, 'pothos-types.ts')];
const packageDir = (name) => path.join(root, 'node_modules', name);

/** What the generated files depend on: the schema and the generators that read it. */
function stamp() {
  const hash = createHash('sha256').update(readFileSync(path.join(root, 'prisma', 'schema.prisma')));
  for (const name of ['prisma', '@prisma/client', '@pothos/plugin-prisma']) {
    const { version } = JSON.parse(readFileSync(path.join(packageDir(name), 'package.json'), 'utf8'));
    hash.update(`\0${name}@${version}`);
  }
  return hash.digest('hex');
}

export function generateIfStale({ force = false } = {}) {
  const wanted = stamp();
  const upToDate = () =>
    outputs.every((file) => existsSync(file)) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted;
  if (!force && upToDate()) return;
  const cli = path.join(packageDir('prisma'), 'build', 'index.js');
  // The Pothos generator is found on PATH, as npm would put it there.
  const env = { ...process.env, PATH: [packageDir('.bin'), process.env.PATH].join(path.delimiter) };
  const { status, error } = spawnSync(process.execPath, [cli, 'generate'], { cwd: root, env, stdio: 'inherit' });
  if (error) throw error;
  if (status !== 0) process.exit(status ?? 1);
  writeFileSync(stampFile, wanted);
}

const runAsScript = process.argv[1] !== undefined && realpathSync(process.argv[1]) === import.meta.filename;
if (runAsScript) generateIfStale({ force: process.argv.includes('--force') });
