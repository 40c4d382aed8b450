import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// semver ships no types; this is the part of its API the test uses.
interface Semver {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string): boolean;
}
const semver = createRequire(import.meta.url)('semver') as Semver;

const readJson = <T>(file: string): T => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as T;

/**
 * `npm ci` warns EBADENGINE for every locked package whose `engines.node`
 * excludes the running Node. The oldest Node the project supports must be
 * accepted by all of them, so a newcomer on Node 20 sees a clean install
 * (cookie 2 declares Node 22+; package.json overrides it with 1.1, same API).
 */
describe('locked packages and the oldest supported Node', () => {
  it('every package in package-lock.json accepts the minimum of package.json engines.node', () => {
    const { engines } = readJson<{ engines: { node: string } }>('package.json');
    const oldest = semver.minVersion(engines.node)?.version;
    expect(oldest).toBe('20.19.0');
    const lock = readJson<{ packages: Record<string, { version?: string; engines?: { node?: string } }> }>('package-lock.json');
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && entry.engines?.node !== undefined && !semver.satisfies(oldest as string, entry.engines.node))
      .map(([path, entry]) => `${path}@${entry.version ?? '?'} wants node ${entry.engines?.node ?? ''}`);
    expect(refusing).toEqual([]);
  });
});
