#!/usr/bin/env node
/* global process, console */
// Makes sure the system programs an npm command needs (programs.json) are here
// before it starts: `npm test` runs this as its pretest step, .ci/run calls it too.
// Missing programs are installed with apt-get when we can (root, apt-get present,
// BOOKEDBARBER_NO_AUTO_INSTALL unset); otherwise it stops with the exact command to run.
//
//   node scripts/system-programs/check.mjs [--for test|bench|all] [--dry-run] [--list]
// (--for defaults to test, or to all with --list)
//
// Exit 0: all present (or installed; in a dry run: would install). 1: missing and not
// installed, with the command to run. 2: bad arguments.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { loadPrograms, locate, survey } from './programs.mjs';

const { values } = parseArgs({
  options: { for: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, list: { type: 'boolean', default: false } },
});
const command = values.for ?? (values.list ? 'all' : 'test');
const dryRun = values['dry-run'];
const label = command === 'test' ? 'npm test' : `npm run ${command}`;
const APT_OPTIONS = ['-o', 'DPkg::Lock::Timeout=600']; // another install in progress: wait for it, do not fail
const isRoot = process.getuid?.() === 0;

function packagesOf(entries) {
  return [...new Set(entries.map(({ program }) => program.package))];
}

/** Why this process must not install by itself, or undefined when it may. */
function blocker() {
  const optOut = process.env.BOOKEDBARBER_NO_AUTO_INSTALL;
  if (optOut && optOut !== '0') return 'BOOKEDBARBER_NO_AUTO_INSTALL is set';
  if (process.platform !== 'linux' || !locate({ find: ['apt-get'] })) return 'no apt-get here: not Debian or Ubuntu';
  if (!isRoot) return 'not root';
  return undefined;
}

function stop(missing, reason) {
  const install = `${isRoot ? '' : 'sudo '}apt-get install -y ${packagesOf(missing).join(' ')}`;
  const how = reason.startsWith('no apt-get') ? `with your system's package manager (on Debian or Ubuntu: ${install})` : `with:\n\n  ${install}\n`;
  console.error(
    `\n${label} needs ${missing.map(({ program }) => program.name).join(', ')}, which this machine does not have.\n` +
      `Stopped before running anything (${reason}). Install ${missing.length === 1 ? 'it' : 'them'} ${how}\n` +
      `then run ${label} again.\n`,
  );
  return 1;
}

function run(args) {
  console.log(`$ apt-get ${args.join(' ')}`);
  if (dryRun) return true;
  // Output goes straight to the terminal or log: apt's own lines are the progress.
  const result = spawnSync('apt-get', [...APT_OPTIONS, ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

function list() {
  for (const { program, path } of survey(command)) {
    console.log(`${program.name.padEnd(14)} ${program.package.padEnd(14)} ${program.for.join(',').padEnd(10)} ${path ?? 'MISSING'}`);
  }
  return 0;
}

function main() {
  if (command !== 'all' && !loadPrograms().some((program) => program.for.includes(command))) {
    // A typo in --for must not read as "all present".
    console.error(`no program in programs.json is for "${command}" (try --for test, --for all)`);
    return 2;
  }
  if (values.list) return list();
  const found = survey(command);
  const missing = found.filter((entry) => entry.path === undefined);
  if (missing.length === 0) {
    console.log(`system programs for ${label}: all ${found.length} present`);
    return 0;
  }
  const reason = blocker();
  if (reason) return stop(missing, reason);

  const packages = packagesOf(missing);
  console.log(
    `${dryRun ? '[dry run] ' : ''}${label} needs ${missing.map(({ program }) => program.name).join(', ')}: installing ${packages.join(' ')} ` +
      '(BOOKEDBARBER_NO_AUTO_INSTALL=1 turns this off)',
  );
  if (!run(['update'])) return stop(missing, 'apt-get update failed: no network or no Debian mirror?');
  if (!run(['install', '-y', '--no-install-recommends', ...packages])) return stop(missing, 'apt-get install failed');
  if (dryRun) return 0;

  const still = survey(command).filter((entry) => entry.path === undefined);
  if (still.length > 0) return stop(still, `installed ${packages.join(' ')} but still missing: is programs.json right?`);
  console.log(`system programs for ${label}: installed ${packages.join(' ')}; all ${found.length} present`);
  return 0;
}

process.exitCode = main();
