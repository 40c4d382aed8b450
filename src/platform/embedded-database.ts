import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from 'pino';
import { startLocalPostgres } from '../db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../db/local-postgres/local-postgres-server.js';

export const EMBEDDED_CATALOG_DB = 'bookedbarber_catalog';
export const EMBEDDED_SHARD_DB = 'bookedbarber_shard_1';
/** The role the app connects as: it owns its two databases and nothing else (no superuser, no CREATEDB, no CREATEROLE). */
export const EMBEDDED_APP_ROLE = 'bookedbarber_app';

export interface EmbeddedDatabase {
  readonly server: LocalPostgresServer;
  readonly catalogUrl: string;
  readonly shardUrl: string;
}

/**
 * The embedded default (DESIGN.md section 2): one PostgreSQL server in the data
 * folder, holding the catalog and one shard as two databases. The superuser
 * only sets up; the app connects as an application role that owns the two
 * databases (the migrations need DDL there, and btree_gist is a trusted
 * extension a database owner may create). Both passwords are made on first
 * start and kept in the folder, readable by the owner only.
 */
export async function startEmbeddedDatabase(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  await mkdir(dataDir, { recursive: true });
  const { password, appPassword } = await loadOrCreatePasswords(path.join(dataDir, 'embedded-postgres.json'));
  const server = await startLocalPostgres({
    dataDir: path.join(dataDir, 'postgres'),
    port: 0,
    persistent: true,
    password,
    onProgress: (message) => logger.info(message),
  });
  const stale = await withClient(server.connectionString('postgres'), async (admin) => {
    await ensureAppRole(admin, appPassword);
    const { rows } = await admin.query<{ datname: string; owner: string }>('SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database');
    const owners = new Map(rows.map((row) => [row.datname, row.owner]));
    const handOver: string[] = [];
    for (const name of [EMBEDDED_CATALOG_DB, EMBEDDED_SHARD_DB]) {
      const owner = owners.get(name);
      if (owner === undefined) await admin.query(`CREATE DATABASE ${name} OWNER ${EMBEDDED_APP_ROLE}`);
      else if (owner !== EMBEDDED_APP_ROLE) handOver.push(name);
    }
    return handOver;
  });
  // A data folder from before the application role: its databases and their objects change hands once.
  for (const name of stale) {
    logger.info({ database: name, role: EMBEDDED_APP_ROLE }, 'embedded database: handing the database over to the application role');
    await withClient(server.connectionString(name), (admin) => handOverObjects(admin, name));
  }
  const appUrl = (database: string): string => {
    const url = new URL(server.connectionString(database));
    url.username = EMBEDDED_APP_ROLE;
    url.password = appPassword;
    return url.toString();
  };
  return { server, catalogUrl: appUrl(EMBEDDED_CATALOG_DB), shardUrl: appUrl(EMBEDDED_SHARD_DB) };
}

async function withClient<T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function ensureAppRole(admin: pg.Client, appPassword: string): Promise<void> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [EMBEDDED_APP_ROLE]);
  const verb = rowCount ? 'ALTER' : 'CREATE';
  // The password is ours (base64url), but quote it the server's way anyway.
  const { rows } = await admin.query<{ literal: string }>('SELECT quote_literal($1) AS literal', [appPassword]);
  await admin.query(`${verb} ROLE ${EMBEDDED_APP_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${rows[0]?.literal}`);
}

/** Ownership of the database, its schemas, tables, sequences, views, functions and types moves to the app role. */
async function handOverObjects(admin: pg.Client, database: string): Promise<void> {
  await admin.query(`ALTER DATABASE ${database} OWNER TO ${EMBEDDED_APP_ROLE}`);
  await admin.query(`
    DO $$
    DECLARE statement text;
    BEGIN
      FOR statement IN
        SELECT format('ALTER SCHEMA %I OWNER TO ${EMBEDDED_APP_ROLE}', nspname) FROM pg_namespace
        WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
        UNION ALL
        SELECT format('ALTER %s %I.%I OWNER TO ${EMBEDDED_APP_ROLE}',
                      CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                      n.nspname, c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('e', 'i', 'a'))
        UNION ALL
        SELECT format('ALTER ROUTINE %s OWNER TO ${EMBEDDED_APP_ROLE}', p.oid::regprocedure) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT format('ALTER TYPE %s OWNER TO ${EMBEDDED_APP_ROLE}', t.oid::regtype) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype IN ('e', 'd', 'r') AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = t.oid AND d.deptype = 'e')
      LOOP
        EXECUTE statement;
      END LOOP;
    END $$`);
}

interface Passwords {
  /** The superuser's: set-up only. */
  readonly password: string;
  /** The application role's: every connection the app makes. */
  readonly appPassword: string;
}

async function loadOrCreatePasswords(file: string): Promise<Passwords> {
  let saved: { password?: unknown; appPassword?: unknown } = {};
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as typeof saved;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const fresh = (): string => randomBytes(18).toString('base64url');
  const given = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
  if (given(saved.password) && given(saved.appPassword)) return { password: saved.password, appPassword: saved.appPassword };
  const passwords = { password: given(saved.password) ? saved.password : fresh(), appPassword: fresh() };
  await writeFile(file, JSON.stringify(passwords, null, 2), { mode: 0o600 });
  return passwords;
}
