/**
 * @konekt/client as a program gets it: packed to a tarball, installed from it into copies of the
 * programs in examples/ (one npm install for both, from the npm cache), type-checked there, and
 * run against a live server.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { packClient } from '../scripts/pack-client.js';
import { DocumentsDocument } from './generated/graphql.js';
import { connectCompany } from './helpers/connect.js';
import { disposeAfterAll } from './helpers/dispose.js';
import { jsonSamples } from './helpers/json-samples.js';
import { fillPlaceholders, fixture, SELLER_NIP } from './helpers/ksef.js';
import { startNode } from './helpers/process.js';
import { startTestServer } from './helpers/server.js';

const root = path.resolve(import.meta.dirname, '..');
const EXAMPLES = ['sales', 'accounting'] as const;
/** npm install and codegen are bounded: a registry that does not answer fails the test, it does not hang it. */
const COMMAND_TIMEOUT_MS = 240_000;

type PackageJson = {
  version: string;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  overrides?: Record<string, string>;
};
const readJson = async <T>(file: string) => JSON.parse(await readFile(file, 'utf8')) as T;

/** Runs a command to its end; a failure says what the command printed. */
async function command(file: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    return await promisify(execFile)(file, args, {
      cwd,
      env: { ...process.env, ...env },
      timeout: COMMAND_TIMEOUT_MS,
      maxBuffer: 32 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`${[file, ...args].join(' ')} failed in ${cwd}:\n${stdout}${stderr}`, { cause: error });
  }
}

const work = await mkdtemp(path.join(tmpdir(), 'konekt-client-package-'));
disposeAfterAll(() => rm(work, { recursive: true, force: true }));
const tarball = await packClient(work);

// Copies of the examples in one npm workspace, so that their shared dependencies install once.
const programs = path.join(work, 'programs');
const overrides: Record<string, string> = {};
for (const example of EXAMPLES) {
  const copy = path.join(programs, example);
  await cp(path.join(root, 'examples', example), copy, {
    recursive: true,
    filter: (source) => !/(^|\/)(node_modules|generated|package-lock\.json)$/.test(source),
  });
  const manifest = await readJson<PackageJson>(path.join(copy, 'package.json'));
  manifest.dependencies = { ...manifest.dependencies, '@konekt/client': `file:${tarball}` };
  // npm applies overrides from the workspace's root only.
  Object.assign(overrides, manifest.overrides);
  await writeFile(path.join(copy, 'package.json'), JSON.stringify(manifest, null, 2));
}
await writeFile(
  path.join(programs, 'package.json'),
  JSON.stringify({ private: true, workspaces: [...EXAMPLES], overrides }, null, 2),
);
await command('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], programs);
const installed = path.join(programs, 'node_modules/@konekt/client');

const server = await startTestServer();
// The FA(3) sample's seller is SELLER_NIP: the company must be that seller.
const company = await connectCompany(server, { nip: SELLER_NIP });

const tsc = (example: string) =>
  command(
    process.execPath,
    [path.join(programs, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.'],
    path.join(programs, example),
  );

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name` */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

type LsNode = { version?: string; dependencies?: Record<string, LsNode> };

/** Every package installed under `node` (a deduplicated entry is looked up where npm ls shows it in full). */
function packagesUnder(node: LsNode, full: Map<string, LsNode>, found = new Set<string>()): Set<string> {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    // npm ls lists optional peers that are not installed as empty entries.
    if (!child.version || found.has(`${name}@${child.version}`)) continue;
    found.add(`${name}@${child.version}`);
    packagesUnder(full.get(`${name}@${child.version}`) ?? child, full, found);
  }
  return found;
}

function fullEntries(node: LsNode, into = new Map<string, LsNode>()): Map<string, LsNode> {
  for (const [name, child] of Object.entries(node.dependencies ?? {})) {
    if (child.dependencies && !into.has(`${name}@${child.version}`)) into.set(`${name}@${child.version}`, child);
    fullEntries(child, into);
  }
  return into;
}

describe('@konekt/client installed by a program', () => {
  it('is a tarball of the built JavaScript, types and SDL, whose dependency tree holds no server code', async () => {
    const { stdout: listing } = await command('tar', ['-tzf', tarball], work);
    const files = listing.trim().split('\n').sort();
    expect(files).toEqual(
      expect.arrayContaining(['package/package.json', 'package/dist/index.js', 'package/dist/index.d.ts']),
    );
    expect(files).toContain('package/dist/schema.graphql');
    expect(
      files.filter((file) => !/^package\/(package\.json|README\.md|dist\/.+\.(js|d\.ts|graphql))$/.test(file)),
    ).toEqual([]);

    const { stdout: packedManifest } = await command('tar', ['-xzOf', tarball, 'package/package.json'], work);
    const packed = JSON.parse(packedManifest) as PackageJson;
    expect(packed.exports?.['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    const project = await readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(
      path.join(root, 'package.json'),
    );
    // The client's runtime, at the versions the server and the konekt command run with.
    expect(packed.dependencies).toEqual({
      '@graphql-typed-document-node/core': project.devDependencies['@graphql-typed-document-node/core'],
      graphql: project.dependencies.graphql,
      'graphql-ws': project.dependencies['graphql-ws'],
      ws: project.dependencies.ws,
    });
    const clientDependencies = Object.keys(packed.dependencies ?? {});
    // Server code: everything the server depends on but those three.
    const serverCode = Object.keys(project.dependencies).filter(
      (name) => !['graphql', 'graphql-ws', 'ws'].includes(name),
    );
    expect(serverCode).toEqual(
      expect.arrayContaining([
        '@prisma/client',
        '@electric-sql/pglite',
        'argon2',
        'graphql-yoga',
        '@pothos/core',
        'libxml2-wasm',
      ]),
    );

    const { stdout: ls } = await command('npm', ['ls', '--all', '--json'], programs);
    const tree = JSON.parse(ls) as LsNode;
    for (const example of EXAMPLES) {
      const client = tree.dependencies?.[`konekt-example-${example}`]?.dependencies?.['@konekt/client'];
      expect(client?.version).toBe(packed.version);
    }
    const full = fullEntries(tree);
    const client = full.get(`@konekt/client@${packed.version}`);
    expect(client).toBeDefined();
    const names = [...packagesUnder(client!, full)].map((entry) => entry.slice(0, entry.lastIndexOf('@')));
    expect(names).toContain('graphql-ws');
    expect(
      names.filter((name) => serverCode.includes(name) || /prisma|pglite|argon2|yoga|pothos|libxml/.test(name)),
    ).toEqual([]);

    // The built code imports nothing it does not declare.
    const imported = new Set<string>();
    for (const file of await readdir(path.join(installed, 'dist'), { recursive: true })) {
      if (!file.endsWith('.js')) continue;
      const code = await readFile(path.join(installed, 'dist', file), 'utf8');
      for (const [, specifier] of code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
        if (!specifier!.startsWith('.')) imported.add(packageOf(specifier!));
      }
    }
    const undeclared = [...imported].filter(
      (name) => !clientDependencies.includes(name) && !name.startsWith('node:') && !builtinModules.includes(name),
    );
    expect(undeclared).toEqual([]);
  });

  it(
    "type-checks the sales example and the README's snippets against the installed package",
    { timeout: 120_000 },
    async () => {
      const readme = await readFile(path.join(root, 'README.md'), 'utf8');
      const section = readme.slice(readme.indexOf('## Use Konekt from your program'), readme.indexOf('### The client'));
      const snippets = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map(([, code]) => code);
      expect(snippets).toHaveLength(2);
      await writeFile(path.join(programs, 'sales/src/readme.ts'), snippets.join('\n'));
      await tsc('sales');
    },
  );

  // Codegen and tsc in child processes: a minute and more on two busy cores.
  it(
    'generates the accounting example its types for its own operation from the live server, and they type-check',
    { timeout: 120_000 },
    async () => {
      const accounting = path.join(programs, 'accounting');
      await command(
        process.execPath,
        [path.join(programs, 'node_modules/@graphql-codegen/cli/esm/bin.js'), '--config', 'codegen.ts', '--silent'],
        accounting,
        { KONEKT_URL: server.url },
      );
      const generated = await readFile(path.join(accounting, 'src/generated/graphql.ts'), 'utf8');
      expect(generated).toContain('export const MarkImportedDocument');
      await tsc('accounting');
    },
  );

  it('a document sent by the sales example arrives at the accounting example, and its IMPORTED status comes back', async () => {
    const invoices = path.join(work, 'invoices');
    await mkdir(invoices);
    const xml = fillPlaceholders(fixture('cirfmf-java-invoice-template_v3.xml'), 'EX-2');
    const json = { ...jsonSamples(SELLER_NIP)['packages/client/src/sample.ts'], number: 'EX/1' };
    await writeFile(path.join(invoices, 'invoice.json'), JSON.stringify(json));
    await writeFile(path.join(invoices, 'invoice.xml'), xml);
    await writeFile(path.join(invoices, 'notes.txt'), 'not an invoice');
    const inbox = path.join(work, 'inbox');
    // What `npm start -- <folder>` runs in each example.
    const run = (example: string, script: string, folder: string, token: string) =>
      startNode(['--import', 'tsx', script, folder], {
        cwd: path.join(programs, example),
        env: { ...process.env, KONEKT_URL: server.url, KONEKT_TOKEN: token },
      });

    const accounting = run('accounting', 'src/accounting.ts', inbox, company.receiver.token);
    await accounting.waitFor('receiving from the first event');
    const sales = run('sales', 'src/sales.ts', invoices, company.sender.token);
    await sales.waitFor('every document sent has its final status', 1, 60_000);
    expect(await sales.exited, sales.stderr).toBe(0);
    const xmlNumber = /invoice\.xml: (\S+) v1 created, SENT/.exec(sales.stdout)?.[1];
    expect(xmlNumber, sales.stdout).toBeDefined();
    expect(sales.stdout).toContain('invoice.json: EX/1 v1 created, SENT');
    expect(sales.stdout).toContain('EX/1 v1: IMPORTED');
    expect(sales.stdout).toContain(`${xmlNumber} v1: IMPORTED`);
    expect(sales.stdout).toContain('every document sent has its final status');

    await accounting.waitFor(`${xmlNumber}: IMPORTED`);
    expect(accounting.stdout).toContain('EX/1 v1: received, 2 line(s), 256.80 PLN');
    expect(accounting.stdout).toContain('EX/1: IMPORTED');
    const inboxFiles = await readdir(inbox);
    expect(inboxFiles).toEqual(expect.arrayContaining(['EX_1.v1.json', 'EX_1.v1.xml', '.konekt-cursor']));
    const xmlFile = inboxFiles.find((name) => name.endsWith('.xml') && !name.startsWith('EX_1'))!;
    expect(await readFile(path.join(inbox, xmlFile), 'utf8')).toBe(xml);

    accounting.child.kill('SIGTERM');
    expect(await accounting.exited, accounting.stderr).toBe(0);
    expect(accounting.stdout).toContain('stopped');
    const { documents } = await server.query(DocumentsDocument, {}, company.receiver.token);
    expect(documents.edges.map(({ node }) => node.status)).toEqual(['IMPORTED', 'IMPORTED']);
  });
});
