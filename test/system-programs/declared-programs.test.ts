import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnSites } from '../support/spawned-programs.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Declared {
  readonly name: string;
  readonly package: string;
  readonly for: readonly string[];
  readonly usedIn: readonly string[];
}
const { programs } = JSON.parse(readFileSync(path.join(ROOT, 'scripts/system-programs/programs.json'), 'utf8')) as { programs: Declared[] };

// Where the suite's harness and the code it runs start programs. scripts/system-programs
// is left out: it is the installer, and apt-get is what it uses to install the rest.
const SCANNED = ['src', 'test', 'bench', 'scripts'];
const SKIPPED = ['scripts/system-programs'];

// Spawns whose program the file alone does not say (a parameter, a search result), keyed file:name.
const INDIRECT: Record<string, readonly string[]> = {
  // findPgbench() tries 'pgbench' on PATH, then Debian's folders.
  'bench/insert-reference.ts:pgbench': ['pgbench'],
  // These tests run the check on a Node that an unprivileged user may execute.
  'test/system-programs/check.test.ts:node': ['node'],
  'test/system-programs/check.test.ts:candidate': ['node'],
  // runCommand itself: its callers are scanned instead.
  'src/db/local-postgres/exec.ts:command': [],
  // launch(binary) runs what `command -v redis-server` printed.
  'test/support/redis-server.ts:binary': ['redis-server'],
  // majorVersionOf(postgresBinary): an installed PostgreSQL's server, or npm's.
  'src/cli/cluster/postgres-install.ts:postgresBinary': ['postgres'],
  // The local observability view starts Prometheus and Alertmanager by path.
  'src/cli/cluster/observability-view.ts:binary': ['prometheus', 'prometheus-alertmanager'],
  // The fleet's PgBouncer and HAProxy, started by path through one helper.
  'src/cli/cluster/fleet/daemon.ts:command': ['pgbouncer', 'haproxy'],
  // The observability tests' daemons and their command-line checks.
  'test/support/observability/daemon.ts:binary': ['prometheus', 'prometheus-alertmanager'],
  'test/support/observability/programs.ts:binary': ['prometheus', 'promtool', 'prometheus-alertmanager', 'amtool'],
  // runCommand of the image scripts: its callers are scanned instead.
  'scripts/image/run-command.ts:command': [],
  // A tool of the project's own npm dependencies (lockfile-lint, secretlint, cyclonedx-npm).
  'scripts/deploy-check/supply-chain.ts:bin': [],
  // hclfmt, built with `go` from the hclfmt-source package into .cache/tools.
  'scripts/deploy-check/terraform.ts:binary': [],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.name === 'node_modules' || SKIPPED.includes(relative)) return [];
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [relative] : [];
  });
}

const sites = SCANNED.flatMap(sourceFiles).flatMap((file) => spawnSites(file, readFileSync(path.join(ROOT, file), 'utf8'), INDIRECT));

describe('the declaration of system programs (scripts/system-programs/programs.json)', () => {
  it('names the program of every place that spawns one', () => {
    const unknown = sites.filter((site) => site.programs === undefined).map((site) => `${site.file}:${site.line}: ${site.text}`);
    expect(unknown, 'say which program these start (a literal, or an INDIRECT entry in this test)').toEqual([]);
  });

  it('lists every program the harness and the code under test spawn', () => {
    // Node and npm run every command of the README; they are the one thing a machine must bring.
    const declared = new Set([...programs.map((program) => program.name), 'node', 'npm']);
    const undeclared = sites.flatMap((site) => (site.programs ?? []).filter((name) => !declared.has(name)).map((name) => `${name} (${site.file}:${site.line})`));
    expect(undeclared, 'add a line for each to scripts/system-programs/programs.json').toEqual([]);
  });

  it('finds the spawns it is meant to find (the scan itself works)', () => {
    const found = new Set(sites.flatMap((site) => site.programs ?? []));
    for (const name of ['redis-server', 'chromium', 'pg_basebackup', 'postgres', 'initdb', 'pgbench', 'sh', 'id', 'getent', 'useradd']) expect(found).toContain(name);
    const invented = spawnSites(
      'x.ts',
      "import { spawn } from 'node:child_process';\nimport * as cp from 'node:child_process';\nspawn('/usr/sbin/haproxy', ['-f', cfg]);\ncp.execFileSync(tool);\n",
    );
    expect(invented.map((site) => site.programs)).toEqual([['haproxy'], undefined]);
  });

  it('says which npm commands need each program and where it is used, truthfully', () => {
    const scripts = Object.keys((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
    for (const program of programs) {
      expect(program.for.length, program.name).toBeGreaterThan(0);
      for (const command of program.for) expect(scripts, `${program.name}: for "${command}"`).toContain(command);
      for (const used of program.usedIn) expect(existsSync(path.join(ROOT, used)), `${program.name}: usedIn ${used}`).toBe(true);
    }
    expect(new Set(programs.map((program) => program.name)).size).toBe(programs.length);
  });
});
