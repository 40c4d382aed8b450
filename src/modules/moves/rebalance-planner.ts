import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import { MovesRepository } from './moves.repository.js';
import type { FranchisePlacementRow } from './moves.repository.js';

export interface PlannedMove {
  readonly franchiseId: string;
  readonly slug: string;
  readonly from: string;
  readonly to: string;
  readonly reason: 'region' | 'balance' | 'evacuate';
}

interface ShardLoad {
  readonly id: string;
  readonly region: string;
  readonly weight: number;
  readonly state: string;
  readonly acceptsAnyRegion: boolean;
  franchises: number;
}

async function loads(catalog: Kysely<CatalogDatabase>): Promise<{ shards: ShardLoad[]; franchises: FranchisePlacementRow[] }> {
  const repository = new MovesRepository(catalog);
  const shards = await repository.shards();
  const franchises = await repository.placements();
  return { shards: shards.map((s) => ({ ...s, franchises: franchises.filter((f) => f.shardId === s.id).length })), franchises };
}

const fill = (shard: ShardLoad): number => shard.franchises / shard.weight;
const lightest = (shards: readonly ShardLoad[]): ShardLoad | undefined => [...shards].sort((x, y) => fill(x) - fill(y) || x.id.localeCompare(y.id))[0];

/**
 * Plans moves (nothing runs): first every franchise not on a shard of its own
 * region moves to the least-filled active shard of that region (when the
 * region has one), for every region, then, within each region, franchises move from the fullest
 * to the emptiest shard (by franchises per unit of weight) until they differ by
 * at most one franchise's worth.
 */
export async function planRebalance(catalog: Kysely<CatalogDatabase>, options: { region?: string } = {}): Promise<PlannedMove[]> {
  const { shards, franchises } = await loads(catalog);
  const byId = new Map(shards.map((s) => [s.id, s]));
  const placement = new Map(franchises.map((f) => [f.id, f.shardId]));
  const plan: PlannedMove[] = [];
  const regions = [...new Set(shards.map((s) => s.region))].filter((r) => !options.region || r === options.region);
  const activeIn = (region: string): ShardLoad[] => shards.filter((s) => s.region === region && s.state === 'active');
  // Every region's homecoming first: a franchise about to leave a shard must not count as that shard's load.
  for (const region of regions) {
    const active = activeIn(region);
    if (active.length === 0) continue;
    for (const franchise of franchises.filter((f) => f.region === region)) {
      const current = byId.get(placement.get(franchise.id) ?? '');
      if (current && current.region === region) continue;
      const to = lightest(active) as ShardLoad;
      plan.push({ franchiseId: franchise.id, slug: franchise.slug, from: franchise.shardId, to: to.id, reason: 'region' });
      if (current) current.franchises--;
      to.franchises++;
      placement.set(franchise.id, to.id);
    }
  }
  for (const region of regions) {
    const active = activeIn(region);
    for (let guard = 0; guard < franchises.length && active.length > 1; guard++) {
      const sorted = [...active].sort((x, y) => fill(y) - fill(x));
      const full = sorted[0] as ShardLoad;
      const empty = sorted.at(-1) as ShardLoad;
      if ((full.franchises - 1) / full.weight < (empty.franchises + 1) / empty.weight) break;
      const candidate = franchises.find((f) => placement.get(f.id) === full.id && f.region === region && !plan.some((p) => p.franchiseId === f.id));
      if (!candidate) break;
      plan.push({ franchiseId: candidate.id, slug: candidate.slug, from: full.id, to: empty.id, reason: 'balance' });
      full.franchises--;
      empty.franchises++;
      placement.set(candidate.id, empty.id);
    }
  }
  return plan;
}

/**
 * Every franchise off `shardId`: to the least-filled active shard of the
 * franchise's own region, else of the shard's region, else one that accepts
 * any region. Throws when some franchise has nowhere to go.
 */
export async function planEvacuation(catalog: Kysely<CatalogDatabase>, shardId: string): Promise<PlannedMove[]> {
  const { shards, franchises } = await loads(catalog);
  const leaving = shards.find((s) => s.id === shardId);
  if (!leaving) throw new Error(`shard ${shardId} not found`);
  const others = shards.filter((s) => s.id !== shardId && s.state === 'active');
  const plan: PlannedMove[] = [];
  for (const franchise of franchises.filter((f) => f.shardId === shardId)) {
    const to =
      lightest(others.filter((s) => s.region === franchise.region)) ?? lightest(others.filter((s) => s.region === leaving.region)) ?? lightest(others.filter((s) => s.acceptsAnyRegion));
    if (!to) throw new Error(`no active shard can take franchise ${franchise.slug} (region ${franchise.region}); add one first`);
    plan.push({ franchiseId: franchise.id, slug: franchise.slug, from: shardId, to: to.id, reason: 'evacuate' });
    to.franchises++;
  }
  return plan;
}
