import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHECK = path.join(ROOT, 'scripts/system-programs/check.mjs');
const HIDDEN = 'redis-server';
const scratch = mkdtempSync(path.join(os.tmpdir(), 'bookedbarber-check-'));
// Readable by all: one test runs the check as an unprivileged user with this PATH.
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder of links to every program on this PATH except `hidden`, as a machine without it would have. */
function pathWithout(hidden: string): string {
  const dir = mkdtempSync(path.join(scratch, 'path-'));
  chmodSync(dir, 0o755);
  const dirs = [path.dirname(process.execPath), ...(process.env.PATH ?? '').split(path.delimiter)].filter(Boolean);
  for (const from of dirs) {
    let entries: string[] = [];
    try {
      entries = readdirSync(from);
    } catch {
      continue;
    }
    for (const name of entries) {
      if (name === hidden || existsSync(path.join(dir, name))) continue;
      symlinkSync(path.join(from, name), path.join(dir, name));
    }
  }
  return dir;
}

interface RunOptions {
  readonly uid?: number;
  readonly gid?: number;
  readonly script?: string;
  readonly node?: string;
}

function check(args: readonly string[], env: NodeJS.ProcessEnv, options: RunOptions = {}): SpawnSyncReturns<string> {
  const { script = CHECK, node = process.execPath, ...identity } = options;
  return spawnSync(node, [script, ...args], { env, encoding: 'utf8', timeout: 30_000, ...identity });
}

const hiddenPath = pathWithout(HIDDEN);
const cleanEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: hiddenPath };
  delete env.BOOKEDBARBER_NO_AUTO_INSTALL;
  return env;
};
const isRoot = process.getuid?.() === 0;

function expectSudoStop(result: SpawnSyncReturns<string>): void {
  expect(result.status).toBe(1);
  expect(result.stdout).not.toContain('$ apt-get');
  expect(result.stderr).toContain('not root');
  expect(result.stderr).toMatch(new RegExp(`^  sudo apt-get install -y .*\\b${HIDDEN}\\b`, 'm'));
}

describe('npm test checks the system programs first (scripts/system-programs/check.mjs)', () => {
  it('finds a program on PATH and reports it missing when PATH hides it', () => {
    const withProgram = mkdtempSync(path.join(scratch, 'with-'));
    writeFileSync(path.join(withProgram, HIDDEN), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(withProgram, HIDDEN), 0o755);

    const hidden = check(['--list'], cleanEnv());
    const shown = check(['--list'], { ...cleanEnv(), PATH: `${withProgram}${path.delimiter}${hiddenPath}` });
    expect(hidden.stdout).toMatch(new RegExp(`^${HIDDEN} .* MISSING$`, 'm'));
    expect(shown.stdout).toMatch(new RegExp(`^${HIDDEN} .* ${path.join(withProgram, HIDDEN)}$`, 'm'));
  });

  it('takes a program named by a variable from that variable only, and refuses an unknown --for', () => {
    const wrong = check(['--list'], { ...cleanEnv(), CHROMIUM_PATH: path.join(scratch, 'no-such-chromium') });
    expect(wrong.stdout).toMatch(/^chromium .* MISSING$/m);
    const typo = check(['--for', 'tset'], cleanEnv());
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('no program in programs.json is for "tset"');
  });

  it('in a dry run, names the missing program and the install command it would run, and runs nothing', () => {
    const result = check(['--dry-run'], cleanEnv());
    const output = result.stdout + result.stderr;
    expect(output).toContain(HIDDEN);
    if (isRoot) {
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('[dry run]');
      expect(result.stdout).toContain('$ apt-get update');
      expect(result.stdout).toMatch(new RegExp(`^\\$ apt-get install -y --no-install-recommends .*\\b${HIDDEN}\\b`, 'm'));
    } else {
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`sudo apt-get install -y .*\\b${HIDDEN}\\b`));
    }
  });

  it('with BOOKEDBARBER_NO_AUTO_INSTALL=1, stops with the exact command instead of installing', () => {
    const result = check([], { ...cleanEnv(), BOOKEDBARBER_NO_AUTO_INSTALL: '1' });
    expect(result.status).toBe(1);
    expect(result.stdout).not.toContain('$ apt-get');
    expect(result.stderr).toContain('BOOKEDBARBER_NO_AUTO_INSTALL is set');
    expect(result.stderr).toMatch(new RegExp(`^  (sudo )?apt-get install -y .*\\b${HIDDEN}\\b`, 'm'));
  });

  it('as a user who is not root, stops at once with the sudo command', () => {
    if (!isRoot) {
      expectSudoStop(check([], cleanEnv()));
      return;
    }
    const nobody = { uid: 65534, gid: 65534 };
    // The checkout may sit where other users cannot read (CI may clone into a private folder): run a copy.
    const copyRoot = mkdtempSync(path.join(os.tmpdir(), 'bookedbarber-check-copy-'));
    try {
      const copy = path.join(copyRoot, 'system-programs');
      cpSync(path.dirname(CHECK), copy, { recursive: true });
      for (const dir of [copyRoot, copy]) chmodSync(dir, 0o755);
      for (const file of readdirSync(copy)) chmodSync(path.join(copy, file), 0o644);
      const node = [process.execPath, '/usr/bin/node', '/usr/local/bin/node'].find((candidate) => spawnSync(candidate, ['--version'], nobody).status === 0);
      expect(node, 'a Node that user nobody may run').toBeDefined();
      expectSudoStop(check([], cleanEnv(), { ...nobody, node, script: path.join(copy, 'check.mjs') }));
    } finally {
      rmSync(copyRoot, { recursive: true, force: true });
    }
  });

  it('stops npm test before the suite runs', () => {
    // Should the check ever let this through, vitest finds no test file and fails instead of running the suite again.
    const result = spawnSync('sh', ['-c', 'exec npm test -- --dir scripts/system-programs'], {
      cwd: ROOT,
      env: { ...cleanEnv(), BOOKEDBARBER_NO_AUTO_INSTALL: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const output = result.stdout + result.stderr;
    expect(result.status).not.toBe(0);
    expect(output).toMatch(new RegExp(`npm test needs .*\\b${HIDDEN}\\b`));
    expect(output).toContain('Stopped before running anything');
    expect(output).not.toMatch(/RUN\s+v\d|No test files found/);
  });
});
