import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = '/usr/lib/postgresql';

/**
 * The newest installed PostgreSQL (Debian's /usr/lib/postgresql/N/bin): a
 * restored copy runs the same major version as the shard it came from, and
 * pgBackRest from Debian supports Debian's version.
 */
export function installedPostgresBin(): string | undefined {
  const majors = existsSync(ROOT) ? readdirSync(ROOT).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  return majors.map((major) => path.join(ROOT, major, 'bin')).find((dir) => existsSync(path.join(dir, 'postgres')));
}
