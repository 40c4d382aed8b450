import type { Kysely } from 'kysely';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import { PG, pgCode } from '../../db/db-errors.js';
import { newId } from '../../db/ids.js';
import type { ShardRouter } from '../../db/shard-router.js';
import type { LocationAddress } from '../../db/shard-schema.js';
import { DomainError, notFound } from '../../errors/domain-error.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { AccessService } from '../access/access.service.js';
import { ALL_ROLES, MANAGERS, requireLocation } from '../access/access.service.js';
import { recordAudit } from '../../shared/audit.repository.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import { claimLocationSlug, releaseLocationSlug } from './location-directory.repository.js';
import { locationFieldErrors } from './location-rules.js';
import { toLocationView } from './locations.mapper.js';
import type { LocationView } from './locations.mapper.js';
import type { LocationChanges, LocationPolicy } from './locations.repository.js';
import { insertLocation, updateLocation } from './locations.repository.js';
import { findLocation, listLocations } from '../../shared/location-rows.repository.js';

export const DEFAULT_POLICY: LocationPolicy = { minNoticeMinutes: 60, horizonDays: 90, cancellationWindowHours: 24, slotStepMinutes: 15 };

export interface CreateLocationInput {
  readonly name: string;
  readonly slug: string;
  readonly timezone: string;
  readonly currency: string;
  readonly address?: LocationAddress | undefined;
  readonly policy?: Partial<LocationPolicy> | undefined;
}

export interface UpdateLocationInput {
  readonly name?: string | undefined;
  readonly currency?: string | undefined;
  readonly address?: LocationAddress | null | undefined;
  readonly policy?: Partial<LocationPolicy> | undefined;
}

export interface LocationsDeps {
  readonly access: AccessService;
  readonly catalog: Kysely<CatalogDatabase>;
  readonly router: ShardRouter;
  readonly changes: FranchiseChanges;
}

/** A franchise's shops: slug (global, via the catalog), zone, currency and booking policy. */
export class LocationsService {
  constructor(private readonly deps: LocationsDeps) {}

  async create(ctx: RequestContext, franchiseId: string, input: CreateLocationInput): Promise<LocationView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    if (access.locationIds !== null) throw new DomainError('Forbidden', 'Only franchise-wide owners and managers can open a location.');
    const errors = locationFieldErrors(input);
    if (errors.length > 0) throw new DomainError('ValidationFailed', 'The location is not valid.', { errors });

    const id = newId();
    // Claim the globally unique slug first; the shard row follows, and a failed shard write gives the slug back.
    try {
      await claimLocationSlug(this.deps.catalog, { id, franchiseId, slug: input.slug });
    } catch (error) {
      if (pgCode(error) === PG.uniqueViolation) throw new DomainError('AlreadyExists', `The location slug "${input.slug}" is taken.`);
      throw error;
    }
    try {
      const row = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
        const created = await insertLocation(trx, {
          franchiseId,
          id,
          slug: input.slug,
          name: input.name.trim(),
          timezone: input.timezone,
          currency: input.currency,
          address: input.address ?? null,
          policy: { ...DEFAULT_POLICY, ...input.policy },
        });
        await recordAudit(trx, ctx, { franchiseId, action: 'location.created', entity: 'location', entityId: id, after: toLocationView(created) });
        return created;
      }));
      await this.deps.changes.publish({ franchiseId, locationId: id, kind: 'location' });
      return toLocationView(row);
    } catch (error) {
      // If even the release fails, the orphaned claim only keeps the slug taken; the original error matters more.
      await releaseLocationSlug(this.deps.catalog, franchiseId, id).catch(() => undefined);
      throw error;
    }
  }

  /** The locations the caller may see: all of them, or those of a location-scoped membership. */
  async list(ctx: RequestContext, franchiseId: string): Promise<LocationView[]> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const { db } = await this.deps.router.primaryFor(franchiseId);
    return (await listLocations(db, franchiseId, access.locationIds)).map(toLocationView);
  }

  async update(ctx: RequestContext, franchiseId: string, locationId: string, input: UpdateLocationInput): Promise<LocationView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    const errors = locationFieldErrors(input);
    if (errors.length > 0) throw new DomainError('ValidationFailed', 'The location is not valid.', { errors });

    const row = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      const before = await findLocation(trx, franchiseId, locationId, { forUpdate: true });
      if (!before) throw notFound('location');
      requireLocation(access, locationId);
      const changes: LocationChanges = {
        ...(input.name !== undefined && { name: input.name.trim() }),
        ...(input.currency !== undefined && { currency: input.currency }),
        ...(input.address !== undefined && { address: input.address === null ? null : JSON.stringify(input.address) }),
        ...(input.policy?.minNoticeMinutes !== undefined && { min_notice_minutes: input.policy.minNoticeMinutes }),
        ...(input.policy?.horizonDays !== undefined && { horizon_days: input.policy.horizonDays }),
        ...(input.policy?.cancellationWindowHours !== undefined && { cancellation_window_hours: input.policy.cancellationWindowHours }),
        ...(input.policy?.slotStepMinutes !== undefined && { slot_step_minutes: input.policy.slotStepMinutes }),
      };
      const after = await updateLocation(trx, franchiseId, locationId, changes);
      await recordAudit(trx, ctx, { franchiseId, action: 'location.updated', entity: 'location', entityId: locationId, before: toLocationView(before), after: toLocationView(after) });
      return after;
    }));
    await this.deps.changes.publish({ franchiseId, locationId, kind: 'location' });
    return toLocationView(row);
  }
}
