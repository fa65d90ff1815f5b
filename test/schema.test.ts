import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';

const root = path.resolve(import.meta.dirname, '..');

describe('committed artefacts', () => {
  it('schema/schema.graphql is the printed schema (run `npm run schema:print`)', async () => {
    const committed = await readFile(path.join(root, 'schema/schema.graphql'), 'utf8');
    expect(committed).toBe(`${printSchema(schema)}\n`);
  });

  it('the generated typed documents are current (run `npm run codegen`)', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'konekt-codegen-'));
    await promisify(execFile)(
      path.join(root, 'node_modules/.bin/graphql-codegen'),
      ['--config', 'codegen.ts', '--silent'],
      {
        cwd: root,
        env: { ...process.env, CODEGEN_OUT_DIR: out },
      },
    );
    const generatedDirs = ['test/generated', 'packages/client/src/generated'];
    for (const dir of generatedDirs) {
      for (const file of await readdir(path.join(root, dir))) {
        const fresh = await readFile(path.join(out, dir, file), 'utf8');
        expect(await readFile(path.join(root, dir, file), 'utf8'), `${dir}/${file}`).toBe(fresh);
      }
    }
  }, 60_000);
});
