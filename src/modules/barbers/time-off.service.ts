import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import { newId } from '../../db/ids.js';
import type { ShardRouter } from '../../db/shard-router.js';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { DomainError, invalid, notFound } from '../../errors/domain-error.js';
import type { FieldError } from '../../errors/domain-error.js';
import type { RequestContext } from '../../shared/request-context.js';
import { formatInstant, isLocalDate, parseInstant } from '../../time/instants.js';
import type { AccessService } from '../access/access.service.js';
import { ALL_ROLES } from '../access/access.service.js';
import { recordAudit } from '../../shared/audit.repository.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import { loadBarber, requireBarberSelfOrManager } from './barber-access.js';
import type { TimeOffRow } from './time-off.repository.js';
import { countConflictingAppointments, deleteTimeOff, findTimeOff, insertTimeOff, listTimeOff } from './time-off.repository.js';
import { findLocation } from '../../shared/location-rows.repository.js';

/** Longer absences are a schedule change (or a deactivated barber), not time off. */
export const MAX_TIME_OFF_DAYS = 90;

export interface TimeOffView {
  readonly id: string;
  readonly barberId: string;
  readonly start: string;
  readonly end: string;
  readonly reason: string | null;
}

export interface CreatedTimeOffView extends TimeOffView {
  /** Booked or checked-in appointments inside the time off: they stay; the shop decides what to do with them. */
  readonly conflictingAppointments: number;
}

export interface TimeOffInput {
  readonly start: string;
  readonly end: string;
  readonly reason?: string | undefined;
}

export interface TimeOffDeps {
  readonly access: AccessService;
  readonly router: ShardRouter;
  readonly changes: FranchiseChanges;
}

/**
 * Blocked time of one barber. Managers handle anyone at their locations; a
 * barber member handles their own. Times come in with any offset and go out in
 * the location's zone.
 */
export class TimeOffService {
  constructor(private readonly deps: TimeOffDeps) {}

  async create(ctx: RequestContext, franchiseId: string, barberId: string, input: TimeOffInput): Promise<CreatedTimeOffView> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const { view, locationId } = await this.deps.router.withPrimary(franchiseId, async ({ db }) => {
      const barber = await loadBarber(db, access, barberId);
      requireBarberSelfOrManager(access, barber);
      const { start, end } = parseRange(input);
      const zone = await this.zoneOf(db, franchiseId, barber.location_id);
      const created = await db.transaction().execute(async (trx) => {
        // Locking the barber row (as the schedule PUT does) lets a booking path that takes the same lock
        // serialize with time off; the conflict count below is then exact.
        await loadBarber(trx, access, barberId, { forUpdate: true });
        const row = await insertTimeOff(trx, { franchiseId, id: newId(), barberId, start, end, reason: input.reason?.trim() || null });
        const timeOff = toTimeOffView(row, zone);
        await recordAudit(trx, ctx, { franchiseId, action: 'time_off.created', entity: 'time_off', entityId: row.id, after: timeOff });
        const conflictingAppointments = await countConflictingAppointments(trx, franchiseId, barberId, start, end);
        return { ...timeOff, conflictingAppointments };
      });
      return { view: created, locationId: barber.location_id };
    });
    await this.deps.changes.publish({ franchiseId, locationId, kind: 'time-off' });
    return view;
  }

  /** `from`/`to` are instants or local dates (whole days in the location's zone, `to` inclusive). */
  async list(ctx: RequestContext, franchiseId: string, barberId: string, range: { readonly from?: string | undefined; readonly to?: string | undefined }): Promise<TimeOffView[]> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const { db } = await this.deps.router.primaryFor(franchiseId);
    const barber = await loadBarber(db, access, barberId);
    const zone = await this.zoneOf(db, franchiseId, barber.location_id);
    const from = range.from === undefined ? undefined : boundOf(range.from, zone, 'from');
    const to = range.to === undefined ? undefined : boundOf(range.to, zone, 'to');
    if (from && to && to <= from) throw invalid('to', 'must be after from');
    return (await listTimeOff(db, franchiseId, barberId, { from, to })).map((row) => toTimeOffView(row, zone));
  }

  async remove(ctx: RequestContext, franchiseId: string, barberId: string, timeOffId: string): Promise<void> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, ALL_ROLES);
    const locationId = await this.deps.router.withPrimary(franchiseId, async ({ db }) => {
      const barber = await loadBarber(db, access, barberId);
      requireBarberSelfOrManager(access, barber);
      const zone = await this.zoneOf(db, franchiseId, barber.location_id);
      await db.transaction().execute(async (trx) => {
        const row = await findTimeOff(trx, franchiseId, barberId, timeOffId);
        if (!row) throw notFound('time off');
        await deleteTimeOff(trx, franchiseId, timeOffId);
        await recordAudit(trx, ctx, { franchiseId, action: 'time_off.deleted', entity: 'time_off', entityId: timeOffId, before: toTimeOffView(row, zone) });
      });
      return barber.location_id;
    });
    await this.deps.changes.publish({ franchiseId, locationId, kind: 'time-off' });
  }

  private async zoneOf(db: Kysely<ShardDatabase>, franchiseId: string, locationId: string): Promise<string> {
    const location = await findLocation(db, franchiseId, locationId);
    if (!location) throw notFound('location');
    return location.timezone;
  }
}

function parseRange(input: TimeOffInput): { start: Date; end: Date } {
  const errors: FieldError[] = [];
  const start = parseInstant(input.start);
  const end = parseInstant(input.end);
  if (!start) errors.push({ field: 'start', message: 'must be an ISO 8601 instant with an offset, e.g. 2027-03-14T09:00:00-04:00' });
  if (!end) errors.push({ field: 'end', message: 'must be an ISO 8601 instant with an offset, e.g. 2027-03-14T18:00:00-04:00' });
  if (start && end) {
    if (end <= start) errors.push({ field: 'end', message: 'must be after start' });
    else if (end.getTime() - start.getTime() > MAX_TIME_OFF_DAYS * 86_400_000) errors.push({ field: 'end', message: `time off can last at most ${MAX_TIME_OFF_DAYS} days` });
  }
  if (errors.length > 0 || !start || !end) throw new DomainError('ValidationFailed', 'The time off is not valid.', { errors });
  return { start, end };
}

function boundOf(text: string, zone: string, which: 'from' | 'to'): Date {
  if (isLocalDate(text)) {
    const day = DateTime.fromISO(text, { zone }).startOf('day');
    return (which === 'from' ? day : day.plus({ days: 1 })).toJSDate();
  }
  const instant = parseInstant(text);
  if (!instant) throw invalid(`${which}`, 'must be a date YYYY-MM-DD or an ISO 8601 instant with an offset');
  return instant;
}

function toTimeOffView(row: TimeOffRow, zone: string): TimeOffView {
  return { id: row.id, barberId: row.barber_id, start: formatInstant(row.starts_at, zone), end: formatInstant(row.ends_at, zone), reason: row.reason };
}
