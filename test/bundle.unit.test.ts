import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeOtherBuilds } from '../scripts/bundle.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has exited. */
function goneProcess(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
}

describe('npm start builds', () => {
  it('keeps the current build and one being made, and removes older ones and those of starts that died building', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'konekt-builds-'));
    dirs.push(dir);
    const entries = ['current', 'older', `current.${goneProcess()}.tmp`, `current.${process.pid}.tmp`];
    for (const entry of entries) mkdirSync(path.join(dir, entry));
    removeOtherBuilds(dir, 'current');
    expect(readdirSync(dir).sort()).toEqual(['current', `current.${process.pid}.tmp`]);
  });
});
