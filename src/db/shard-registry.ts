import type { Kysely } from 'kysely';
import type { CatalogDatabase, ShardState } from './catalog-schema.js';
import { DomainError } from '../errors/domain-error.js';
import { listShardRows } from './router-queries.repository.js';

export interface ShardInfo {
  readonly id: string;
  readonly region: string;
  readonly state: ShardState;
  readonly primaryUrl: string;
  readonly replicaUrls: readonly string[];
}

/** The registered shards and their servers, read from the catalog when first asked and after a forget. */
export class ShardRegistry {
  private shards = new Map<string, ShardInfo>();

  constructor(private readonly catalog: Kysely<CatalogDatabase>) {}

  async all(): Promise<readonly ShardInfo[]> {
    await this.refresh();
    return [...this.shards.values()];
  }

  /** 503 for a shard the catalog does not know. */
  async get(shardId: string): Promise<ShardInfo> {
    const known = this.shards.get(shardId);
    if (known) return known;
    await this.refresh();
    const info = this.shards.get(shardId);
    if (!info) throw new DomainError('ShardUnavailable', `shard ${shardId} is not registered`, { retryAfterSeconds: 5 });
    return info;
  }

  /** The shards known now, without asking the catalog. */
  known(): readonly ShardInfo[] {
    return [...this.shards.values()];
  }

  forgetAll(): void {
    this.shards = new Map();
  }

  private async refresh(): Promise<void> {
    this.shards = new Map((await listShardRows(this.catalog)).map((row) => [row.id, row]));
  }
}
