import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { startLocalPostgres } from '../db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../db/local-postgres/local-postgres-server.js';

export const EMBEDDED_CATALOG_DB = 'bookedbarber_catalog';
export const EMBEDDED_SHARD_DB = 'bookedbarber_shard_1';

export interface EmbeddedDatabase {
  readonly server: LocalPostgresServer;
  readonly catalogUrl: string;
  readonly shardUrl: string;
}

/**
 * The embedded default (DESIGN.md section 2): one PostgreSQL server in the data
 * folder, holding the catalog and one shard as two databases. Its password is
 * made on first start and kept in the folder, readable by the owner only.
 */
export async function startEmbeddedDatabase(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  const password = await loadOrCreatePassword(path.join(dataDir, 'embedded-postgres.json'));
  const server = await startLocalPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port: 0,
    persistent: true,
    password,
    onProgress: (message) => logger.info(message),
  });
  const admin = new pg.Client({ connectionString: server.connectionString('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database');
    const existing = new Set(rows.map((row) => row.datname));
    for (const name of [EMBEDDED_CATALOG_DB, EMBEDDED_SHARD_DB]) {
      if (!existing.has(name)) await admin.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await admin.end();
  }
  return { server, catalogUrl: server.connectionString(EMBEDDED_CATALOG_DB), shardUrl: server.connectionString(EMBEDDED_SHARD_DB) };
}

async function loadOrCreatePassword(file: string): Promise<string> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { password?: unknown };
    if (typeof saved.password === 'string' && saved.password.length > 0) return saved.password;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const password = randomBytes(18).toString('base64url');
  await writeFile(file, JSON.stringify({ password }, null, 2), { mode: 0o600 });
  return password;
}
