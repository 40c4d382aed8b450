import { readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider, MigrationResult } from 'kysely';

export type SchemaKind = 'catalog' | 'shard';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Migrations are plain SQL files, applied in file-name order, each in the migrator's transaction. */
class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((file) => file.endsWith('.sql')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(path.join(this.folder, file), 'utf8');
      migrations[file.replace(/\.sql$/, '')] = {
        up: async (db) => {
          await sql.raw(text).execute(db);
        },
      };
    }
    return migrations;
  }
}

function migratorFor(db: Kysely<unknown>, kind: SchemaKind): Migrator {
  return new Migrator({
    db,
    provider: new SqlFileMigrationProvider(path.join(MIGRATIONS_DIR, kind)),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

export class MigrationFailedError extends Error {
  constructor(kind: SchemaKind, migration: string | undefined, cause: unknown) {
    super(`${kind} migration ${migration ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'MigrationFailedError';
  }
}

/** Applies every pending migration; safe to run again and from several processes (Kysely takes an advisory lock). */
export async function migrateToLatest(db: Kysely<unknown>, kind: SchemaKind): Promise<readonly MigrationResult[]> {
  const { error, results = [] } = await migratorFor(db, kind).migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationFailedError(kind, failed?.migrationName, error);
  }
  return results;
}

/** The newest migration this build knows, and the newest one the database has applied. */
export async function schemaVersions(db: Kysely<unknown>, kind: SchemaKind): Promise<{ expected: string; applied: string | null }> {
  const migrations = await migratorFor(db, kind).getMigrations();
  const expected = migrations.at(-1)?.name ?? '';
  const applied = migrations.filter((m) => m.executedAt !== undefined).at(-1)?.name ?? null;
  return { expected, applied };
}

/** The newest migration file of a kind, e.g. '0001_shard': what every database of that kind must have applied. */
export function latestMigrationName(kind: SchemaKind): string {
  const files = readdirSync(path.join(MIGRATIONS_DIR, kind)).filter((file) => file.endsWith('.sql')).sort();
  return (files.at(-1) ?? '').replace(/\.sql$/, '');
}
