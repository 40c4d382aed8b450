import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { startLocalPostgres } from '../../db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../db/local-postgres/local-postgres-server.js';
import { hotStandbySettings } from './hot-standby-settings.js';

const PROMOTE_TIMEOUT_MS = 10 * 60_000;

/**
 * Starts a server on a data folder that pgBackRest restored and waits until
 * WAL replay has reached the target and the server promoted itself. Until
 * then it accepts read-only connections (hot standby), which is not yet the
 * restored state. Settings that recovery needs at least as large as the
 * source's (max_connections and the like) are read from the restored pg_control.
 */
export async function startRestoredServer(options: { dataDir: string; binDir: string; settings?: Readonly<Record<string, string>>; persistent?: boolean; onProgress?: (message: string) => void }): Promise<LocalPostgresServer> {
  const server = await startLocalPostgres({
    dataDir: options.dataDir,
    binDir: options.binDir,
    port: 0,
    persistent: options.persistent ?? false,
    settings: await hotStandbySettings(options.binDir, options.dataDir, options.settings),
    ...(options.onProgress && { onProgress: options.onProgress }),
  });
  const client = new pg.Client({ connectionString: server.connectionString('template1') });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const deadline = Date.now() + PROMOTE_TIMEOUT_MS;
    for (let polls = 0; ; polls++) {
      const { rows } = await client.query<{ recovering: boolean; replayed: string | null }>('SELECT pg_is_in_recovery() AS recovering, pg_last_wal_replay_lsn()::text AS replayed');
      if (!rows[0]?.recovering) return server;
      if (Date.now() > deadline) throw new Error(`restored server on port ${server.port} still replaying WAL after ${PROMOTE_TIMEOUT_MS / 1000} s`);
      if (polls % 20 === 0) options.onProgress?.(`replaying WAL… (at ${rows[0].replayed ?? '?'})`);
      await sleep(100);
    }
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
