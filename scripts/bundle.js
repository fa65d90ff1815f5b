// The server bundled by esbuild (build/<stamp>/main.js), rebuilt only when src/ or the packages
// changed: plain `node` then loads a few files instead of hundreds of modules through tsx's loader
// hooks and node's resolver, which took over half the CPU of a start. The packages that find files
// next to their own modules stay outside (EXTERNAL).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const sourceDir = path.join(root, 'src');
const buildsDir = path.join(root, 'build');

/**
 * Packages left to node: wasm, data or native files beside their modules (PGlite, Prisma's query
 * compiler, argon2, libxml2), an optional native binding (pg), worker files found by path (pino's
 * transports), and what is loaded only when needed (Redis, GraphiQL's page).
 */
const EXTERNAL = [
  '@electric-sql/pglite',
  '@prisma/client',
  'argon2',
  'libxml2-wasm',
  'pg',
  'pino',
  '@redis/client',
  '@graphql-yoga/render-graphiql',
].flatMap((name) => [name, `${name}/*`]);

/**
 * What the bundle is made of: every file under src/, this script (the build's options), and the
 * versions of esbuild and of every package (package-lock.json).
 */
function stamp() {
  const hash = createHash('sha256').update(readFileSync(import.meta.filename));
  hash.update(readFileSync(path.join(root, 'package-lock.json')));
  const files = readdirSync(sourceDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) hash.update(`\0${path.relative(root, file)}\0`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Code that finds files next to its own module (the migrations, the FA(3) schema) is given its
 * source file's location, relative to the bundle (build/<stamp>/), so that it still finds them.
 */
const sourceLocations = {
  name: 'source-locations',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (!args.path.startsWith(sourceDir + path.sep)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const fromBundle = path.relative(path.join(buildsDir, 'stamp'), args.path).split(path.sep).join('/');
      const contents = source.replaceAll(
        'import.meta.url',
        `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
      );
      return { contents, loader: 'ts' };
    });
  },
};

/**
 * Returns the entry of the bundle of src/main.ts in build/<stamp of the sources>/, building it
 * first when there is none. Each build is made aside and renamed into place, so that a server
 * starting meanwhile finds a whole one or none; older builds are removed after.
 */
export async function bundleIfStale() {
  const name = stamp();
  const entry = path.join(buildsDir, name, 'main.js');
  if (existsSync(entry)) return entry;
  const temporary = path.join(buildsDir, `${name}.${process.pid}.tmp`);
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [path.join(sourceDir, 'main.ts')],
    outdir: temporary,
    bundle: true,
    // What main.ts imports only after its checks (the app and its packages) stays in chunks loaded then.
    splitting: true,
    external: EXTERNAL,
    // Packages written as CommonJS require node's modules and the external packages at run time.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Class names as written: the logs show them (an error's type).
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    plugins: [sourceLocations],
    logLevel: 'warning',
  });
  try {
    renameSync(temporary, path.dirname(entry));
  } catch (error) {
    // Another start built the same sources at the same time.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    rmSync(temporary, { recursive: true, force: true });
  }
  removeOtherBuilds(buildsDir, name);
  return entry;
}

/**
 * Removes every build in `dir` but `keep`: older ones, and those a start left half made when it died
 * while building (`<stamp>.<pid>.tmp` of a process that is gone). One being made now is left alone.
 */
export function removeOtherBuilds(dir, keep) {
  for (const other of readdirSync(dir)) {
    const builder = /\.(\d+)\.tmp$/.exec(other)?.[1];
    if (other === keep || (builder && isRunning(Number(builder)))) continue;
    rmSync(path.join(dir, other), { recursive: true, force: true });
  }
}

/** Whether process `pid` (a process group when negative) is still there. */
export function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code !== 'ESRCH';
  }
}
