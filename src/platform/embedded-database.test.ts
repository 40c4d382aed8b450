import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateShard } from './bootstrap.js';
import { EMBEDDED_APP_ROLE, EMBEDDED_SHARD_DB, startEmbeddedDatabase } from './embedded-database.js';
import type { EmbeddedDatabase } from './embedded-database.js';

const logger = pino({ level: 'silent' });
const dirs: string[] = [];
const running: EmbeddedDatabase[] = [];

afterAll(async () => {
  for (const db of running) await db.server.stop();
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

async function start(dir: string): Promise<EmbeddedDatabase> {
  const db = await startEmbeddedDatabase(dir, logger);
  running.push(db);
  return db;
}

describe('the embedded database', () => {
  it('connects the app as an application role, not the superuser, that can still migrate its databases', { timeout: 120_000 }, async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bookedbarber-embedded-'));
    dirs.push(dir);
    const db = await start(dir);
    for (const url of [db.catalogUrl, db.shardUrl]) {
      expect(new URL(url).username).toBe(EMBEDDED_APP_ROLE);
      const [me] = await query<{ user: string; superuser: boolean; createdb: boolean; createrole: boolean }>(
        url,
        'SELECT current_user AS user, rolsuper AS superuser, rolcreatedb AS createdb, rolcreaterole AS createrole FROM pg_roles WHERE rolname = current_user',
      );
      expect(me).toEqual({ user: EMBEDDED_APP_ROLE, superuser: false, createdb: false, createrole: false });
    }
    // The shard's migrations (tables, btree_gist) run as the application role.
    await migrateShard(db.shardUrl, logger);
    const [owner] = await query<{ owner: string }>(db.shardUrl, "SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'appointments'");
    expect(owner?.owner).toBe(EMBEDDED_APP_ROLE);
    // What a superuser could do, the app cannot.
    await expect(query(db.catalogUrl, 'CREATE DATABASE should_not_exist')).rejects.toThrow(/permission denied/);
    await expect(query(db.catalogUrl, "COPY (SELECT 1) TO PROGRAM 'true'")).rejects.toThrow(/permission denied|must be superuser|privileges/i);
    await expect(query(db.catalogUrl, 'SELECT rolpassword FROM pg_authid')).rejects.toThrow(/permission denied/);
  });

  it('hands an older data folder (databases made by the superuser) over to the application role', { timeout: 120_000 }, async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bookedbarber-embedded-'));
    dirs.push(dir);
    const first = await start(dir);
    const superuser = first.server.connectionString(EMBEDDED_SHARD_DB);
    // As a folder from before: the superuser owns the database and a table with a serial column in it.
    await query(superuser, `ALTER DATABASE ${EMBEDDED_SHARD_DB} OWNER TO ${first.server.user}`);
    await query(superuser, 'CREATE TABLE legacy (id serial PRIMARY KEY, note text)');
    await first.server.stop();

    const again = await start(dir);
    const [row] = await query<{ dbowner: string; tableowner: string }>(
      again.shardUrl,
      "SELECT pg_get_userbyid(d.datdba) AS dbowner, t.tableowner FROM pg_database d, pg_tables t WHERE d.datname = current_database() AND t.tablename = 'legacy'",
    );
    expect(row).toEqual({ dbowner: EMBEDDED_APP_ROLE, tableowner: EMBEDDED_APP_ROLE });
    await query(again.shardUrl, "INSERT INTO legacy (note) VALUES ('still writable')");
    await query(again.shardUrl, 'ALTER TABLE legacy ADD COLUMN later int');
  });
});
