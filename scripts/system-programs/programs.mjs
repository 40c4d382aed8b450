/* global process */
// Reads the declaration (programs.json) and finds each program on this machine.
// Plain Node, no dependencies: it runs before anything else, on any Node from 20 on.
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DECLARATION = path.join(path.dirname(fileURLToPath(import.meta.url)), 'programs.json');
const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/** @typedef {{ name: string, package: string, find: string[], for: string[], usedIn: string[] }} Program */

/** @returns {Program[]} */
export function loadPrograms(file = DECLARATION) {
  const { programs } = JSON.parse(readFileSync(file, 'utf8'));
  for (const program of programs) {
    // The package names end up on an apt-get command line: refuse anything but a Debian package name.
    if (!PACKAGE_NAME.test(program.package)) throw new Error(`${file}: ${program.name}: "${program.package}" is not a Debian package name`);
    if (!Array.isArray(program.find) || program.find.length === 0) throw new Error(`${file}: ${program.name}: "find" lists no place to look`);
  }
  return programs;
}

function isExecutableFile(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Expands `*` in folder names (`/usr/lib/postgresql/*\/bin/initdb`) against the disk. */
function expand(pattern) {
  let candidates = [path.sep];
  for (const part of pattern.split(path.sep).filter(Boolean)) {
    candidates = candidates.flatMap((dir) => {
      if (!part.includes('*')) return [path.join(dir, part)];
      const re = new RegExp(`^${part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      try {
        return readdirSync(dir).filter((entry) => re.test(entry)).sort().map((entry) => path.join(dir, entry));
      } catch {
        return [];
      }
    });
  }
  return candidates;
}

/**
 * Where `program` is, or undefined. A `$VAR` entry that is set is the only answer
 * (the user chose that file), so a wrong CHROMIUM_PATH is reported, not papered over.
 */
export function locate(program, env = process.env) {
  for (const entry of program.find) {
    if (entry.startsWith('$')) {
      const chosen = env[entry.slice(1)];
      if (chosen) return isExecutableFile(chosen) ? chosen : undefined;
    } else if (path.isAbsolute(entry)) {
      const found = expand(entry).find(isExecutableFile);
      if (found) return found;
    } else {
      for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
        if (isExecutableFile(path.join(dir, entry))) return path.join(dir, entry);
      }
    }
  }
  return undefined;
}

/** The declared programs that `command` (an npm script name, or 'all') needs, each with where it was found. */
export function survey(command, env = process.env, programs = loadPrograms()) {
  return programs
    .filter((program) => command === 'all' || program.for.includes(command))
    .map((program) => ({ program, path: locate(program, env) }));
}
