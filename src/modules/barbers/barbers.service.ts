import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.js';
import type { ShardRouter } from '../../db/shard-router.js';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { DomainError, invalid } from '../../errors/domain-error.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { AccessService } from '../access/access.service.js';
import { ALL_ROLES, MANAGERS, requireLocation } from '../access/access.service.js';
import { recordAudit } from '../../shared/audit.repository.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import { loadBarber } from './barber-access.js';
import { requireServicesAtLocation } from './location-services.js';
import { toBarberView } from './barbers.mapper.js';
import type { BarberView } from './barbers.mapper.js';
import type { BarberChanges, BarberRow } from './barbers.repository.js';
import { insertBarber, listBarbers, updateBarber } from './barbers.repository.js';
import { listWeeklyHours, locationTimezone, recordHoursVersion } from './schedule.repository.js';
import type { Clock } from '../../shared/clock.js';
import { localDateOf } from '../../time/instants.js';
import { findLocation } from '../../shared/location-rows.repository.js';
import { listActiveServiceIds, addBarberServices, listBarberServiceIds } from '../../shared/barber-services.repository.js';

export interface CreateBarberInput {
  readonly name: string;
  readonly locationId: string;
  readonly email?: string | undefined;
  /** Default: every active service of the location. */
  readonly serviceIds?: readonly string[] | undefined;
}

export interface UpdateBarberInput {
  readonly name?: string | undefined;
  readonly email?: string | null | undefined;
  readonly isActive?: boolean | undefined;
}

export interface BarbersDeps {
  readonly access: AccessService;
  readonly router: ShardRouter;
  readonly changes: FranchiseChanges;
  readonly clock: Clock;
}

/**
 * The people in the chairs. A new barber performs the location's whole active
 * menu unless `serviceIds` says otherwise, and has no hours (so takes no
 * bookings) until the schedule is set.
 */
export class BarbersService {
  constructor(private readonly deps: BarbersDeps) {}

  async create(ctx: RequestContext, franchiseId: string, input: CreateBarberInput): Promise<BarberView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    requireLocation(access, input.locationId);
    const email = input.email?.trim().toLowerCase() ?? null;
    const userId = email ? ((await this.deps.access.memberUserIdByEmail(franchiseId, email)) ?? null) : null;

    const view = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      if (!(await findLocation(trx, franchiseId, input.locationId))) throw invalid('locationId', 'is not a location of this franchise');
      const serviceIds = input.serviceIds ? await requireServicesAtLocation(trx, franchiseId, input.locationId, input.serviceIds) : await listActiveServiceIds(trx, franchiseId, input.locationId);
      const row = await insertBarber(trx, { franchiseId, id: newId(), locationId: input.locationId, name: input.name.trim(), email, userId });
      await addBarberServices(trx, franchiseId, serviceIds.map((serviceId) => ({ barberId: row.id, serviceId })));
      const created = toBarberView(row, serviceIds, []);
      await recordAudit(trx, ctx, { franchiseId, action: 'barber.created', entity: 'barber', entityId: row.id, after: created });
      return created;
    }));
    await this.deps.changes.publish({ franchiseId, locationId: input.locationId, kind: 'barber' });
    return view;
  }

  /** Barbers the caller may see, with weekly hours and services; optionally of one location. */
  async list(ctx: RequestContext, franchiseId: string, filter: { readonly locationId?: string | undefined } = {}): Promise<BarberView[]> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    if (filter.locationId !== undefined) requireLocation(access, filter.locationId);
    const { db } = await this.deps.router.primaryFor(franchiseId);
    const rows = await listBarbers(db, franchiseId, filter.locationId !== undefined ? [filter.locationId] : access.locationIds);
    return this.withSchedules(db, franchiseId, rows);
  }

  async update(ctx: RequestContext, franchiseId: string, barberId: string, input: UpdateBarberInput): Promise<BarberView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    const email = input.email === undefined ? undefined : (input.email?.trim().toLowerCase() ?? null);
    // A changed email re-links the barber to the member account with that email, if any.
    const userId = email === undefined ? undefined : email === null ? null : ((await this.deps.access.memberUserIdByEmail(franchiseId, email)) ?? null);

    const view = await this.deps.router.withPrimary(franchiseId, ({ db }) => db.transaction().execute(async (trx) => {
      const current = await loadBarber(trx, access, barberId, { forUpdate: true });
      const changes: BarberChanges = {
        ...(input.name !== undefined && { name: input.name.trim() }),
        ...(email !== undefined && { email, user_id: userId ?? null }),
        ...(input.isActive !== undefined && { is_active: input.isActive }),
      };
      const updated = await updateBarber(trx, franchiseId, barberId, changes);
      if (input.isActive !== undefined && input.isActive !== current.is_active) {
        // From today an inactive barber has no working hours in the numbers; back at work, their week counts again.
        const today = localDateOf(this.deps.clock.now(), await locationTimezone(trx, franchiseId, current.location_id));
        const weekly = input.isActive ? ((await listWeeklyHours(trx, franchiseId, [barberId])).get(barberId) ?? []) : [];
        await recordHoursVersion(trx, franchiseId, barberId, weekly, today);
      }
      await recordAudit(trx, ctx, { franchiseId, action: 'barber.updated', entity: 'barber', entityId: barberId, before: snapshot(current), after: snapshot(updated) });
      // The answer's hours and services are read in the same transaction, on the shard this attempt wrote to.
      const [answer] = await this.withSchedules(trx, franchiseId, [updated]);
      if (!answer) throw new DomainError('NotFound', 'barber not found');
      return answer;
    }));
    await this.deps.changes.publish({ franchiseId, locationId: view.locationId, kind: 'barber' });
    return view;
  }

  private async withSchedules(db: Kysely<ShardDatabase>, franchiseId: string, rows: readonly BarberRow[]): Promise<BarberView[]> {
    const ids = rows.map((row) => row.id);
    const [services, hours] = await Promise.all([listBarberServiceIds(db, franchiseId, ids), listWeeklyHours(db, franchiseId, ids)]);
    return rows.map((row) => toBarberView(row, services.get(row.id) ?? [], hours.get(row.id) ?? []));
  }
}

function snapshot(row: BarberRow): Record<string, unknown> {
  return { name: row.name, email: row.email, isActive: row.is_active, userId: row.user_id, locationId: row.location_id };
}
