import path from 'node:path';
import { diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  bumpBetween,
  checkClientVersion,
  describeCheck,
  nextVersion,
  requiredBump,
} from '../scripts/client-version.js';

const root = path.resolve(import.meta.dirname, '..');

const BASE = `
  type Query { documents(first: Int): [Document!]! }
  "A document"
  type Document { id: ID!, number: String!, status: Status! }
  enum Status { SENT RECEIVED }
`;

const bumpFor = async (next: string) => requiredBump(await diff(buildSchema(BASE), buildSchema(next)));

describe('@konekt/client version', () => {
  it("packages/client/package.json's version is right for the schema's changes since the last release (npm run client:version)", async () => {
    const check = await checkClientVersion(root);
    expect(check.ok, describeCheck(check)).toBe(true);
  });

  it('a breaking change needs a major bump, a dangerous or added one a minor, new wording a patch', async () => {
    expect(await bumpFor(BASE)).toBe('none');
    expect(await bumpFor(BASE.replace('number: String!, ', ''))).toBe('major');
    expect(await bumpFor(BASE.replace('documents(first: Int)', 'documents(first: Int!)'))).toBe('major');
    expect(await bumpFor(BASE.replace('SENT RECEIVED', 'SENT RECEIVED IMPORTED'))).toBe('minor');
    expect(await bumpFor(BASE.replace('status: Status!', 'status: Status!, notes: String'))).toBe('minor');
    expect(await bumpFor(BASE.replace('"A document"', '"A document on the exchange"'))).toBe('patch');
  });

  it('compares versions the semver way', () => {
    expect(bumpBetween('1.4.2', '2.0.0')).toBe('major');
    expect(bumpBetween('1.4.2', '1.10.0')).toBe('minor');
    expect(bumpBetween('1.4.2', '1.4.3')).toBe('patch');
    expect(bumpBetween('1.4.2', '1.4.2')).toBe('none');
    expect(bumpBetween('1.4.2', '1.3.9')).toBe('lower');
    expect(nextVersion('1.4.2', 'major')).toBe('2.0.0');
    expect(nextVersion('1.4.2', 'minor')).toBe('1.5.0');
    expect(nextVersion('1.4.2', 'patch')).toBe('1.4.3');
  });
});
