import type { Logger } from 'pino';
import type { MoveMetrics } from './move-metrics.js';
import type { MovesRepository } from './moves.repository.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import type { ShardLinks } from './shard-links.js';

/**
 * What both the mover and the recovery work with, built once by MovesService.
 * It lives below both so that neither imports the other for it.
 */
export interface MoveContext {
  /** The catalog's connection string: moves hold session locks on connections of their own. */
  readonly catalogUrl: string;
  readonly repository: MovesRepository;
  readonly links: ShardLinks;
  readonly metrics: MoveMetrics;
  readonly logger: Logger;
  /** This node's routing entry for a franchise (other nodes hear the catalog's placement notification). */
  readonly placements: { forget(franchiseId: string): void };
  /** Where a move's end is published, so this node's cached pages of the franchise are dropped. */
  readonly changes: Pick<FranchiseChanges, 'publish'>;
}
