import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import { DomainError } from '../../errors/domain-error.js';
import { loadCandidates } from './shard-candidates.repository.js';
import type { ShardCandidate } from './shard-candidates.repository.js';

/**
 * Where a new franchise lives (DESIGN.md section 2, data residency): an active
 * shard of its own region, the least loaded by franchises per unit of weight;
 * only when the region has no shard, a shared shard that accepts any region
 * (the single database of a one-node install). Ties go to the lower id, so the
 * choice is deterministic.
 */
export function chooseShard(candidates: readonly ShardCandidate[], region: string): ShardCandidate | undefined {
  const inRegion = candidates.filter((shard) => shard.region === region);
  const pool = inRegion.length > 0 ? inRegion : candidates.filter((shard) => shard.acceptsAnyRegion);
  return [...pool].sort((a, b) => a.franchiseCount / a.weight - b.franchiseCount / b.weight || a.id.localeCompare(b.id))[0];
}

export async function placeFranchise(catalog: Kysely<CatalogDatabase>, region: string): Promise<string> {
  const shard = chooseShard(await loadCandidates(catalog, region), region);
  if (!shard) throw new DomainError('ShardUnavailable', `No shard takes franchises in ${region} right now.`, { retryAfterSeconds: 30 });
  return shard.id;
}
