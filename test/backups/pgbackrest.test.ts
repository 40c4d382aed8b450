import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalPostgres } from '../../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../src/db/local-postgres/local-postgres-server.js';
import { configureBackups, prepareBackups } from '../../src/ops/backups/pgbackrest.js';
import type { Backups } from '../../src/ops/backups/pgbackrest.js';
import { startRestoredServer } from '../../src/ops/backups/restored-server.js';
import { installedPostgresBinDir } from '../support/shard-servers.js';

/** pgBackRest against a real server: full and incremental backups, WAL archiving, restore to an instant. */
describe('pgBackRest backups', () => {
  let root: string;
  let server: LocalPostgresServer;
  let backups: Backups;
  let binDir: string;

  const query = async <R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<R>(text)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    const found = await installedPostgresBinDir();
    if (!found) throw new Error('Debian PostgreSQL (package postgresql) is needed: pgBackRest 2.45 supports its major version');
    binDir = found;
    root = await mkdtemp(path.join(os.tmpdir(), 'bb-pgbackrest-'));
    const options = { stanza: 'shard-test', backupDir: path.join(root, 'backups') };
    const settings = await prepareBackups(options);
    server = await startLocalPostgres({ dataDir: path.join(root, 'primary'), port: 0, persistent: false, binDir, settings });
    backups = await configureBackups(server, options);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('restores into a new server exactly what was committed up to the target instant', async () => {
    const url = server.connectionString('postgres');
    await query(url, 'CREATE TABLE t (n int PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())');
    await query(url, 'INSERT INTO t (n) SELECT generate_series(1, 100)');
    const full = await backups.backup('full');
    expect(full.type).toBe('full');
    await query(url, 'INSERT INTO t (n) SELECT generate_series(101, 150)');
    const incr = await backups.backup('incr');
    expect(incr.type).toBe('incr');
    expect(incr.repoBytes).toBeLessThan(full.repoBytes);
    await query(url, 'INSERT INTO t (n) SELECT generate_series(151, 175)');
    const [mark] = await query<{ now: Date }>(url, 'SELECT clock_timestamp() AS now');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await query(url, 'DELETE FROM t WHERE n <= 50'); // the accident
    await query(url, 'INSERT INTO t (n) VALUES (1000)');
    await backups.flushWal();
    expect((await backups.list()).map((b) => b.type)).toEqual(['full', 'incr']);

    const restoredDir = path.join(root, 'restored');
    await backups.restore({ to: (mark as { now: Date }).now, dataDir: restoredDir });
    const restored = await startRestoredServer({ dataDir: restoredDir, binDir });
    try {
      const rows = await query<{ n: string; min: number; max: number }>(restored.connectionString('postgres'), 'SELECT count(*) AS n, min(n) AS min, max(n) AS max FROM t');
      expect(rows[0]).toEqual({ n: '175', min: 1, max: 175 });
      // Promoted, and not archiving into the stanza it came from.
      const [settings] = await query<{ archive_mode: string; recovering: boolean }>(restored.connectionString('postgres'), "SELECT current_setting('archive_mode') AS archive_mode, pg_is_in_recovery() AS recovering");
      expect(settings).toEqual({ archive_mode: 'off', recovering: false });
    } finally {
      await restored.stop();
    }
  }, 240_000);

  it('refuses a data folder that already holds a server', async () => {
    await expect(backups.restore({ to: new Date(), dataDir: server.dataDir })).rejects.toThrow(/already holds/);
  });
});
