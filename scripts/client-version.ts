/**
 * `npm run client:version`: what changed in schema/schema.graphql since the last release of
 * @konekt/client (schema/releases/<version>.graphql), the least version that change calls for, and
 * whether packages/client/package.json has it. Exits 1 when it has not. test/client-version.test.ts
 * runs the same check.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CriticalityLevel, diff, type Change, type TypeOfChangeType } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

/** One schema change, its `type` typed (inspector's default leaves it `any`). */
export type SchemaChange = Change<TypeOfChangeType>;

export type Bump = 'none' | 'patch' | 'minor' | 'major';
const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

type Version = [major: number, minor: number, patch: number];

export function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a version of the form 1.2.3`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

const compareVersions = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/**
 * Breaking (a program's operation may stop validating) → major. Dangerous (a new enum value or
 * union member a program may not handle) or anything added → minor. Only descriptions and
 * deprecation reasons → patch.
 */
export function requiredBump(changes: readonly SchemaChange[]): Bump {
  if (changes.some((change) => change.criticality.level === CriticalityLevel.Breaking)) return 'major';
  const wordingOnly = (change: SchemaChange) => /DESCRIPTION|DEPRECATION_REASON/.test(change.type);
  if (changes.some((change) => !wordingOnly(change))) return 'minor';
  return changes.length > 0 ? 'patch' : 'none';
}

/** The bump from `released` to `next`; 'lower' when `next` goes back. */
export function bumpBetween(released: string, next: string): Bump | 'lower' {
  const [from, to] = [parseVersion(released), parseVersion(next)];
  if (compareVersions(to, from) < 0) return 'lower';
  if (to[0] > from[0]) return 'major';
  if (to[1] > from[1]) return 'minor';
  return to[2] > from[2] ? 'patch' : 'none';
}

/** The least version after `released` that makes the bump. */
export function nextVersion(released: string, bump: Bump): string {
  const [major, minor, patch] = parseVersion(released);
  if (bump === 'major') return `${major + 1}.0.0`;
  if (bump === 'minor') return `${major}.${minor + 1}.0`;
  if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
  return released;
}

export interface VersionCheck {
  /** The last release, whose SDL is schema/releases/<released>.graphql. */
  released: string;
  /** packages/client/package.json's version. */
  version: string;
  changes: SchemaChange[];
  required: Bump;
  /** The least version the changes since the release call for. */
  leastVersion: string;
  ok: boolean;
}

export async function checkClientVersion(root: string): Promise<VersionCheck> {
  const releasesDir = path.join(root, 'schema/releases');
  const releases = (await readdir(releasesDir))
    .filter((name) => name.endsWith('.graphql'))
    .map((name) => name.slice(0, -'.graphql'.length))
    .sort((a, b) => compareVersions(parseVersion(a), parseVersion(b)));
  const released = releases.at(-1);
  if (!released) throw new Error(`no release SDL in ${releasesDir}`);
  const sdl = (file: string) => readFile(path.join(root, file), 'utf8').then((text) => buildSchema(text));
  const before = await sdl(`schema/releases/${released}.graphql`);
  const changes = (await diff(before, await sdl('schema/schema.graphql'))) as SchemaChange[];
  const packageJson = JSON.parse(await readFile(path.join(root, 'packages/client/package.json'), 'utf8')) as {
    version: string;
  };
  const required = requiredBump(changes);
  const actual = bumpBetween(released, packageJson.version);
  return {
    released,
    version: packageJson.version,
    changes,
    required,
    leastVersion: nextVersion(released, required),
    ok: actual !== 'lower' && RANK[actual] >= RANK[required],
  };
}

export function describeCheck(check: VersionCheck): string {
  const lines = check.changes.map((change) => `  ${change.criticality.level.padEnd(12)} ${change.message}`);
  return [
    `schema/schema.graphql since @konekt/client ${check.released}: ${check.changes.length} change(s)`,
    ...lines,
    (check.required === 'none' ? 'no bump needed' : `a ${check.required} bump: at least ${check.leastVersion}`) +
      `; packages/client/package.json has ${check.version}${check.ok ? '' : ', too low'}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const check = await checkClientVersion(path.resolve(import.meta.dirname, '..'));
  console.log(describeCheck(check));
  process.exitCode = check.ok ? 0 : 1;
}
