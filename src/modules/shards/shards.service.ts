import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import type { ShardRouter } from '../../db/shard-router.js';
import { redact } from '../../db/shard-router.js';
import { DomainError, notFound } from '../../errors/domain-error.js';
import { registerShard } from '../../platform/bootstrap.js';
import type { FranchiseFilter, FranchisePlacementRow, ShardRow } from './shards.repository.js';
import { listFranchisePlacements, listShardRows, setReplicaUrls, setShardState } from './shards.repository.js';

export interface ShardView extends Omit<ShardRow, 'primaryUrl' | 'replicaUrls'> {
  readonly primaryUrl: string;
  readonly replicaUrls: readonly string[];
  readonly schema: { readonly expected: string; readonly applied: string | null } | null;
  readonly reachable: boolean;
  readonly error?: string;
}

export interface AddShardInput {
  readonly id: string;
  readonly region: string;
  readonly primaryUrl: string;
  readonly replicaUrls?: readonly string[];
  readonly weight?: number;
  readonly acceptsAnyRegion?: boolean;
}

const SHARD_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export interface ShardsDeps {
  readonly catalog: Kysely<CatalogDatabase>;
  readonly router: ShardRouter;
  readonly regions: readonly string[];
  readonly logger: Logger;
}

/** The operator's view of shards and placements; the CLI and the platform API both use it. */
export class ShardsService {
  constructor(private readonly deps: ShardsDeps) {}

  /** Every shard with its load, schema version and reachability (checked in parallel). */
  async list(): Promise<ShardView[]> {
    const rows = await listShardRows(this.deps.catalog);
    return Promise.all(rows.map((row) => this.describe(row)));
  }

  async show(id: string): Promise<ShardView> {
    const row = (await listShardRows(this.deps.catalog)).find((shard) => shard.id === id);
    if (!row) throw notFound(`shard ${id}`);
    return this.describe(row);
  }

  /** Migrates the new shard to the current schema first; only then does it take franchises. */
  async add(input: AddShardInput): Promise<ShardView> {
    if (!SHARD_ID.test(input.id)) throw new DomainError('ValidationFailed', 'shard id: lower-case letters, digits and dashes');
    if (!this.deps.regions.includes(input.region)) throw new DomainError('ValidationFailed', `region must be one of ${this.deps.regions.join(', ')}`);
    await registerShard(
      this.deps.catalog,
      { id: input.id, region: input.region, primaryUrl: input.primaryUrl, ...(input.weight !== undefined && { weight: input.weight }), ...(input.acceptsAnyRegion !== undefined && { acceptsAnyRegion: input.acceptsAnyRegion }) },
      this.deps.logger,
    );
    if (input.replicaUrls && input.replicaUrls.length > 0) await setReplicaUrls(this.deps.catalog, input.id, input.replicaUrls);
    this.deps.router.forgetAll();
    return this.show(input.id);
  }

  /** A draining shard takes no new franchises; the ones it has stay until moved. */
  async drain(id: string): Promise<ShardView> {
    if (!(await setShardState(this.deps.catalog, id, 'draining'))) throw notFound(`shard ${id}`);
    this.deps.router.forgetAll();
    return this.show(id);
  }

  async activate(id: string): Promise<ShardView> {
    if (!(await setShardState(this.deps.catalog, id, 'active'))) throw notFound(`shard ${id}`);
    this.deps.router.forgetAll();
    return this.show(id);
  }

  async franchises(filter: FranchiseFilter): Promise<FranchisePlacementRow[]> {
    return listFranchisePlacements(this.deps.catalog, filter);
  }

  async franchise(idOrSlug: string): Promise<FranchisePlacementRow> {
    const [row] = await listFranchisePlacements(this.deps.catalog, { idOrSlug, limit: 1 });
    if (!row) throw notFound(`franchise ${idOrSlug}`);
    return row;
  }

  private async describe(row: ShardRow): Promise<ShardView> {
    const base = { ...row, primaryUrl: redact(row.primaryUrl), replicaUrls: row.replicaUrls.map(redact) };
    try {
      const schema = await this.deps.router.schemaStatus(row.id);
      return { ...base, schema, reachable: true };
    } catch (error) {
      return { ...base, schema: null, reachable: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
