import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import pg from 'pg';
import { startLocalPostgres } from '../../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../src/db/local-postgres/local-postgres-server.js';
import { registerShard } from '../../src/platform/bootstrap.js';
import type { TestPlatform } from './test-platform.js';

export interface ShardServer {
  readonly shardId: string;
  readonly region: string;
  readonly server: LocalPostgresServer;
  readonly url: string;
  /** A direct connection to the shard database, for assertions. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

/** Throwaway PostgreSQL servers, one shard database each, migrated and registered in the test catalog. */
export async function startShardServers(tp: TestPlatform, shards: readonly { shardId: string; region: string; binDir?: string }[]): Promise<ShardServer[]> {
  return Promise.all(
    shards.map(async ({ shardId, region, binDir }) => {
      const server = await startLocalPostgres({ dataDir: await mkdtemp(path.join(os.tmpdir(), `bb-${shardId}-`)), port: 0, persistent: false, ...(binDir && { binDir }) });
      const admin = new pg.Client({ connectionString: server.connectionString('postgres') });
      await admin.connect();
      await admin.query('CREATE DATABASE shard');
      await admin.end();
      const url = server.connectionString('shard');
      await registerShard(tp.platform.core.catalog, { id: shardId, region, primaryUrl: url }, pino({ level: 'silent' }));
      const pool = new pg.Pool({ connectionString: url, max: 2 });
      pool.on('error', () => undefined);
      let stopped = false;
      return {
        shardId,
        region,
        server,
        url,
        query: async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => (await pool.query<R>(text, values)).rows,
        stop: async () => {
          if (stopped) return;
          stopped = true;
          await pool.end();
          await server.stop();
        },
      };
    }),
  );
}

/** Debian's PostgreSQL, which ships pg_basebackup; undefined where it is not installed. */
export async function installedPostgresBinDir(): Promise<string | undefined> {
  const { readdir, access } = await import('node:fs/promises');
  const root = '/usr/lib/postgresql';
  const majors = (await readdir(root).catch(() => [] as string[])).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const dir = path.join(root, major, 'bin');
    try {
      await access(path.join(dir, 'pg_basebackup'));
      return dir;
    } catch {
      // not this one
    }
  }
  return undefined;
}
