import type { Kysely } from 'kysely';
import type { CatalogDatabase } from './catalog-schema.js';
import { notFound } from '../errors/domain-error.js';
import { findPlacement } from './router-queries.repository.js';
import type { PlacementRow } from './router-queries.repository.js';

export type Placement = PlacementRow;

/**
 * This node's copy of franchise → shard from the catalog (DESIGN.md section 4),
 * filled on first use and dropped on a placement change.
 */
export class PlacementCache {
  private readonly placements = new Map<string, Placement>();
  /** Bumped by every forget: a catalog answer that raced a forget is used once, never cached. */
  private forgets = 0;

  constructor(private readonly catalog: Kysely<CatalogDatabase>) {}

  /** Throws NotFound for an unknown franchise. */
  async placementOf(franchiseId: string): Promise<Placement> {
    const cached = this.placements.get(franchiseId);
    if (cached) return cached;
    const forgetsBefore = this.forgets;
    const placement = await findPlacement(this.catalog, franchiseId);
    if (!placement) throw notFound('franchise');
    // A forget while the catalog answered may announce the very change this answer predates.
    if (this.forgets === forgetsBefore) this.placements.set(franchiseId, placement);
    return placement;
  }

  held(): readonly Placement[] {
    return [...this.placements.values()];
  }

  forget(franchiseId: string): void {
    this.forgets++;
    this.placements.delete(franchiseId);
  }

  forgetAll(): void {
    this.forgets++;
    this.placements.clear();
  }
}
