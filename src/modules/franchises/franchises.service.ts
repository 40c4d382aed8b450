import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CatalogDatabase, MembershipRole } from '../../db/catalog-schema.js';
import { PG, pgCode } from '../../db/db-errors.js';
import { newId } from '../../db/ids.js';
import type { ShardRouter } from '../../db/shard-router.js';
import { DomainError, invalid, notFound } from '../../errors/domain-error.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { AccessService } from '../access/access.service.js';
import { ALL_ROLES, requireActor } from '../access/access.service.js';
import { recordAudit } from '../../shared/audit.repository.js';
import { toLocationView } from '../locations/locations.mapper.js';
import type { LocationView } from '../locations/locations.mapper.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import type { FranchiseRow } from './franchises.repository.js';
import { findFranchise, insertFranchiseWithOwner, findFranchiseBySlug } from './franchises.repository.js';
import { placeFranchise } from './placement.js';
import { listLocations } from '../../shared/location-rows.repository.js';

export interface FranchiseView {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly region: string;
}

export interface FranchiseDetailView extends FranchiseView {
  /** The caller's role in it. */
  readonly role: MembershipRole;
  readonly locations: LocationView[];
}

export interface CreateFranchiseInput {
  readonly name: string;
  readonly slug: string;
  readonly region: string;
}

export interface FranchisesDeps {
  readonly access: AccessService;
  readonly catalog: Kysely<CatalogDatabase>;
  readonly router: ShardRouter;
  readonly regions: readonly string[];
  readonly changes: FranchiseChanges;
  readonly logger: Logger;
}

export class FranchisesService {
  constructor(private readonly deps: FranchisesDeps) {}

  /** Whether a franchise already uses this slug (the demo seeder's "seeded already" test). */
  async slugTaken(slug: string): Promise<boolean> {
    return (await findFranchiseBySlug(this.deps.catalog, slug)) !== undefined;
  }

  /** Places the franchise on a shard of its region and makes the caller its owner. */
  async create(ctx: RequestContext, input: CreateFranchiseInput): Promise<FranchiseView> {
    const actor = requireActor(ctx);
    if (!this.deps.regions.includes(input.region)) throw invalid('region', `must be one of ${this.deps.regions.join(', ')}`);
    const shardId = await placeFranchise(this.deps.catalog, input.region);
    let row: FranchiseRow;
    try {
      row = await insertFranchiseWithOwner(this.deps.catalog, { id: newId(), slug: input.slug, name: input.name.trim(), region: input.region, shardId, ownerUserId: actor.userId });
    } catch (error) {
      if (pgCode(error) === PG.uniqueViolation) throw new DomainError('AlreadyExists', `The franchise slug "${input.slug}" is taken.`);
      throw error;
    }
    const view = toFranchiseView(row);
    // The franchise lives in the catalog, its audit trail on its shard: two databases, so the
    // audit row follows the commit and a failure to write it is logged rather than undoing the franchise.
    try {
      await this.deps.router.withPrimary(row.id, ({ db }) =>
        recordAudit(db, ctx, { franchiseId: row.id, action: 'franchise.created', entity: 'franchise', entityId: row.id, after: { ...view, shardId } }),
      );
    } catch (error) {
      this.deps.logger.warn({ err: error, franchiseId: row.id }, 'franchise created but its audit row was not written');
    }
    await this.deps.changes.publish({ franchiseId: row.id, locationId: null, kind: 'franchise' });
    return view;
  }

  /** The franchise and the locations the caller may see. */
  async get(ctx: RequestContext, franchiseId: string): Promise<FranchiseDetailView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const row = await findFranchise(this.deps.catalog, franchiseId);
    if (!row) throw notFound('franchise');
    const { db } = await this.deps.router.primaryFor(franchiseId);
    const locations = await listLocations(db, franchiseId, access.locationIds);
    return { ...toFranchiseView(row), role: access.role, locations: locations.map(toLocationView) };
  }
}

function toFranchiseView(row: FranchiseRow): FranchiseView {
  return { id: row.id, name: row.name, slug: row.slug, region: row.region };
}
