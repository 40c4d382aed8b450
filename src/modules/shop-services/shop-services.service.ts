import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.js';
import type { ShardRouter } from '../../db/shard-router.js';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { DomainError, invalid, notFound } from '../../errors/domain-error.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { AccessService } from '../access/access.service.js';
import { ALL_ROLES, MANAGERS, requireLocation } from '../access/access.service.js';
import { recordAudit } from '../../shared/audit.repository.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import { toShopServiceView } from './shop-services.mapper.js';
import type { ShopServiceView } from './shop-services.mapper.js';
import type { ServiceChanges, ServiceRow } from './shop-services.repository.js';
import { findService, insertService, listServices, updateService } from './shop-services.repository.js';
import { listActiveBarberIds, addBarberServices, listServiceBarberIds, listBarberIdsAtLocation } from '../../shared/barber-services.repository.js';
import { findLocation } from '../../shared/location-rows.repository.js';

export interface CreateServiceInput {
  readonly locationId: string;
  readonly name: string;
  readonly durationMinutes: number;
  readonly priceCents: number;
  readonly depositCents?: number | undefined;
  readonly bufferMinutes?: number | undefined;
  /** Who performs it. Default: every active barber of the location. */
  readonly barberIds?: readonly string[] | undefined;
}

export interface UpdateServiceInput {
  readonly name?: string | undefined;
  readonly durationMinutes?: number | undefined;
  readonly priceCents?: number | undefined;
  readonly depositCents?: number | undefined;
  readonly bufferMinutes?: number | undefined;
  readonly isActive?: boolean | undefined;
  readonly sortOrder?: number | undefined;
}

export interface ShopServicesDeps {
  readonly access: AccessService;
  readonly router: ShardRouter;
  readonly changes: FranchiseChanges;
}

/**
 * A location's service menu. A new service is performed by every active barber
 * of the location unless `barberIds` names who (a shop adding "Hot towel shave"
 * usually means the whole shop; a specialist service passes its barbers, and
 * the schedule PUT can always narrow a barber's list). Amounts are integer cents.
 */
export class ShopServicesService {
  constructor(private readonly deps: ShopServicesDeps) {}

  async create(ctx: RequestContext, franchiseId: string, input: CreateServiceInput): Promise<ShopServiceView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    requireLocation(access, input.locationId);
    const depositCents = input.depositCents ?? 0;
    if (depositCents > input.priceCents) throw invalid('depositCents', 'must not be more than priceCents');

    const view = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      if (!(await findLocation(trx, franchiseId, input.locationId))) throw invalid('locationId', 'is not a location of this franchise');
      const barberIds = input.barberIds ? await requireBarbersAtLocation(trx, franchiseId, input.locationId, input.barberIds) : await listActiveBarberIds(trx, franchiseId, input.locationId);
      const row = await insertService(trx, {
        franchiseId,
        id: newId(),
        locationId: input.locationId,
        name: input.name.trim(),
        durationMinutes: input.durationMinutes,
        priceCents: input.priceCents,
        depositCents,
        bufferMinutes: input.bufferMinutes ?? 0,
      });
      await addBarberServices(trx, franchiseId, barberIds.map((barberId) => ({ barberId, serviceId: row.id })));
      const created = toShopServiceView(row, barberIds);
      await recordAudit(trx, ctx, { franchiseId, action: 'service.created', entity: 'service', entityId: row.id, after: created });
      return created;
    }));
    await this.deps.changes.publish({ franchiseId, locationId: input.locationId, kind: 'service' });
    return view;
  }

  async list(ctx: RequestContext, franchiseId: string, filter: { readonly locationId?: string | undefined } = {}): Promise<ShopServiceView[]> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    if (filter.locationId !== undefined) requireLocation(access, filter.locationId);
    const { db } = await this.deps.router.primaryFor(franchiseId);
    const rows = await listServices(db, franchiseId, filter.locationId !== undefined ? [filter.locationId] : access.locationIds);
    return withBarbers(db, franchiseId, rows);
  }

  async update(ctx: RequestContext, franchiseId: string, serviceId: string, input: UpdateServiceInput): Promise<ShopServiceView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    const view = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      const before = await findService(trx, franchiseId, serviceId, { forUpdate: true });
      if (!before) throw notFound('service');
      requireLocation(access, before.location_id);
      const priceCents = input.priceCents ?? before.price_cents;
      const depositCents = input.depositCents ?? before.deposit_cents;
      if (depositCents > priceCents) {
        throw invalid(input.depositCents !== undefined ? 'depositCents' : 'priceCents', `the deposit (${depositCents}) must not be more than the price (${priceCents})`);
      }
      const changes: ServiceChanges = {
        ...(input.name !== undefined && { name: input.name.trim() }),
        ...(input.durationMinutes !== undefined && { duration_minutes: input.durationMinutes }),
        ...(input.priceCents !== undefined && { price_cents: input.priceCents }),
        ...(input.depositCents !== undefined && { deposit_cents: input.depositCents }),
        ...(input.bufferMinutes !== undefined && { buffer_minutes: input.bufferMinutes }),
        ...(input.isActive !== undefined && { is_active: input.isActive }),
        ...(input.sortOrder !== undefined && { sort_order: input.sortOrder }),
      };
      // Appointments keep their own end and price: changing the menu never rewrites past or booked visits.
      const after = await updateService(trx, franchiseId, serviceId, changes);
      await recordAudit(trx, ctx, { franchiseId, action: 'service.updated', entity: 'service', entityId: serviceId, before: toShopServiceView(before, []), after: toShopServiceView(after, []) });
      // The answer's barbers are read in the same transaction, on the shard this attempt wrote to.
      const barbers = await listServiceBarberIds(trx, franchiseId, [serviceId]);
      return toShopServiceView(after, barbers.get(serviceId) ?? []);
    }));
    await this.deps.changes.publish({ franchiseId, locationId: view.locationId, kind: 'service' });
    return view;
  }
}

async function withBarbers(db: Kysely<ShardDatabase>, franchiseId: string, rows: readonly ServiceRow[]): Promise<ShopServiceView[]> {
  const barbers = await listServiceBarberIds(db, franchiseId, rows.map((row) => row.id));
  return rows.map((row) => toShopServiceView(row, barbers.get(row.id) ?? []));
}

async function requireBarbersAtLocation(db: Kysely<ShardDatabase>, franchiseId: string, locationId: string, barberIds: readonly string[]): Promise<string[]> {
  const atLocation = new Set(await listBarberIdsAtLocation(db, franchiseId, locationId));
  const errors = barberIds.flatMap((id, index) => (atLocation.has(id) ? [] : [{ field: `barberIds.${index}`, message: 'is not a barber of this location' }]));
  if (errors.length > 0) throw new DomainError('ValidationFailed', 'Some barbers do not work at this location.', { errors });
  return [...new Set(barberIds)];
}
