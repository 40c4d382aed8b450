import type { Kysely } from 'kysely';
import { DomainError } from '../errors/domain-error.js';
import { latestMigrationName } from './migrator.js';
import { appliedSchema } from './router-queries.repository.js';
import type { ShardDatabase } from './shard-schema.js';

const SCHEMA_RECHECK_MS = 30_000;

/**
 * A shard whose schema is behind this build's migrations answers 503 until it
 * is migrated; checked at most every 30 s per shard. A shard ahead of this
 * build is fine during a rolling deploy (names sort in order: 0001_…, 0002_…).
 */
export class SchemaGate {
  private readonly checks = new Map<string, { readonly applied: string | null; readonly checkedAt: number }>();
  readonly expected = latestMigrationName('shard');

  async assertCurrent(shardId: string, db: Kysely<ShardDatabase>): Promise<void> {
    let check = this.checks.get(shardId);
    if (!check || Date.now() - check.checkedAt > SCHEMA_RECHECK_MS) check = await this.read(shardId, db);
    if (check.applied === null || check.applied < this.expected) {
      throw new DomainError('ShardUnavailable', `Shard ${shardId} is at schema ${check.applied ?? 'none'}, this node needs ${this.expected}; run "bookedbarber migrate".`, {
        retryAfterSeconds: 30,
      });
    }
  }

  /** Reads the shard's applied migration now (for /ready and the CLI). */
  async status(shardId: string, db: Kysely<ShardDatabase>): Promise<{ expected: string; applied: string | null }> {
    const { applied } = await this.read(shardId, db);
    return { expected: this.expected, applied };
  }

  private async read(shardId: string, db: Kysely<ShardDatabase>): Promise<{ applied: string | null; checkedAt: number }> {
    const check = { applied: await appliedSchema(db), checkedAt: Date.now() };
    this.checks.set(shardId, check);
    return check;
  }
}
