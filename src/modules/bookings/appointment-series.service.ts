import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import { PG, pgCode } from '../../db/db-errors.js';
import { newId } from '../../db/ids.js';
import type { ShardRouter } from '../../db/shard-router.js';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { DomainError, invalid, notFound } from '../../errors/domain-error.js';
import { recordAudit } from '../../shared/audit.repository.js';
import { findAppointment } from '../../shared/appointment-records.repository.js';
import type { Clock } from '../../shared/clock.js';
import type { FranchiseChanges } from '../../shared/franchise-changes.js';
import type { RequestContext } from '../../shared/request-context.js';
import { isLocalDate, parseInstant } from '../../time/instants.js';
import { MANAGERS, requireLocation } from '../access/access.service.js';
import type { AccessService } from '../access/access.service.js';
import { toAppointmentView } from '../appointments/appointments.mapper.js';
import type { AppointmentView } from '../appointments/appointments.schemas.js';
import { computeWindow } from '../availability/availability-window.js';
import type { AvailabilityWindow } from '../availability/availability-window.js';
import { seriesStarts } from './series-plan.js';
import type { SeriesEnd } from './series-plan.js';
import { requireClientChoice, resolveClient } from './staff-client.js';
import { insertSeries, insertStaffAppointment } from './staff-bookings.repository.js';
import type { SeriesInput, SeriesPreview, SeriesView } from './staff-bookings.schemas.js';
import { MISFIT_TEXT, staffMisfit } from '../availability/staff-rules.js';
import { bookingFacts, queueBookingMessages } from '../notifications/booking-messages.js';

export interface AppointmentSeriesDeps {
  readonly router: ShardRouter;
  readonly clock: Clock;
  readonly access: AccessService;
  readonly changes: FranchiseChanges;
}

interface Checked {
  readonly startMs: number;
  readonly window: AvailabilityWindow;
  readonly conflict: string | null;
}

const DAY = 86_400_000;

/** Repeating appointments: each occurrence an ordinary appointment, conflicts shown before anything is saved. */
export class AppointmentSeriesService {
  constructor(private readonly deps: AppointmentSeriesDeps) {}

  /** Saves nothing: what `create` would book, and which occurrences it could not. */
  async preview(ctx: RequestContext, franchiseId: string, input: SeriesInput): Promise<SeriesPreview> {
    // Access first: another tenant learns nothing, not even that its body was wrong.
    await this.authorize(ctx, franchiseId, input.locationId);
    const { firstMs, end } = parseSeries(input);
    const { db } = await this.deps.router.primaryFor(franchiseId);
    const checked = await this.check(db, franchiseId, input, firstMs, end);
    return { occurrences: checked.map(toOccurrence) };
  }

  async create(ctx: RequestContext, franchiseId: string, input: SeriesInput): Promise<SeriesView> {
    // Access first: another tenant learns nothing, not even that its body was wrong.
    await this.authorize(ctx, franchiseId, input.locationId);
    const { firstMs, end } = parseSeries(input);
    requireClientChoice(input);
    const skip = input.onConflict === 'skip';
    const view = await this.deps.router.withPrimary(franchiseId, ({ db }) =>
      db.transaction().execute(async (trx) => {
        const now = this.deps.clock.now();
        const checked = await this.check(trx, franchiseId, input, firstMs, end);
        const conflicts = checked.filter((c) => c.conflict !== null);
        if (!skip && conflicts.length > 0) throw seriesConflicts(checked);
        if (conflicts.length === checked.length) throw seriesConflicts(checked);
        const clientId = await resolveClient(trx, franchiseId, input.locationId, input, now);
        const seriesId = await insertSeries(trx, { franchiseId, locationId: input.locationId, barberId: input.barberId, serviceId: input.serviceId, clientId, everyWeeks: input.everyWeeks, firstStart: new Date(firstMs), occurrences: checked.length }, now);
        const created: string[] = [];
        const skipped: Checked[] = [...conflicts];
        for (const occurrence of checked.filter((c) => c.conflict === null)) {
          const id = await this.insertOne(trx, ctx, { franchiseId, clientId, seriesId, notes: input.notes ?? null, now }, occurrence, skip);
          if (id) created.push(id);
          else skipped.push({ ...occurrence, conflict: MISFIT_TEXT.taken });
        }
        await recordAudit(trx, ctx, {
          franchiseId,
          action: 'appointment_series.created',
          entity: 'appointment_series',
          entityId: seriesId,
          after: { clientId, barberId: input.barberId, serviceId: input.serviceId, everyWeeks: input.everyWeeks, appointmentIds: created, skipped: skipped.map((s) => toOccurrence(s).start) },
        });
        const appointments: AppointmentView[] = [];
        for (const id of created) {
          const record = await findAppointment(trx, franchiseId, id);
          if (!record) continue;
          // Each occurrence is an ordinary appointment: its own confirmation and reminders, committed with it.
          await queueBookingMessages(trx, 'created', bookingFacts(record), now);
          appointments.push(toAppointmentView(record, now));
        }
        return { seriesId, appointments, skipped: skipped.sort((a, b) => a.startMs - b.startMs).map(toOccurrence) };
      }),
    );
    await this.deps.changes.publish({ franchiseId, locationId: input.locationId, kind: 'booking' });
    return view;
  }

  private async authorize(ctx: RequestContext, franchiseId: string, locationId: string): Promise<void> {
    const access = await this.deps.access.requireFranchise(ctx, franchiseId, MANAGERS);
    requireLocation(access, locationId);
  }

  /** Each occurrence against the staff rules, with its own window (a few queries for a year of weekly visits). */
  private async check(db: Kysely<ShardDatabase> | Transaction<ShardDatabase>, franchiseId: string, input: SeriesInput, firstMs: number, end: SeriesEnd): Promise<Checked[]> {
    const now = this.deps.clock.now();
    const what = { franchiseId, locationId: input.locationId, serviceId: input.serviceId, barberId: input.barberId, days: 3 };
    const first = await computeWindow(db, now, { ...what, firstDate: new Date(firstMs - DAY).toISOString().slice(0, 10) });
    const checked: Checked[] = [];
    for (const startMs of seriesStarts(first.clock, firstMs, input.everyWeeks, end)) {
      const window = startMs === firstMs ? first : await computeWindow(db, now, { ...what, firstDate: new Date(startMs - DAY).toISOString().slice(0, 10) });
      const barber = window.barbers[0];
      if (!barber) throw notFound('barber');
      const misfit = staffMisfit(window, barber, startMs, now.getTime());
      checked.push({ startMs, window, conflict: misfit ? MISFIT_TEXT[misfit] : null });
    }
    return checked;
  }

  /** One occurrence; with `skip`, a race lost at the exclusion constraint skips it instead of failing the series. */
  private async insertOne(
    trx: Transaction<ShardDatabase>,
    ctx: RequestContext,
    series: { franchiseId: string; clientId: string; seriesId: string; notes: string | null; now: Date },
    occurrence: Checked,
    skip: boolean,
  ): Promise<string | undefined> {
    const { window, startMs } = occurrence;
    const id = newId();
    const endsAt = new Date(startMs + window.rules.durationMs);
    const row = {
      franchiseId: series.franchiseId,
      id,
      locationId: window.location.id,
      barberId: (window.barbers[0] as { id: string }).id,
      serviceId: window.service.id,
      clientId: series.clientId,
      startsAt: new Date(startMs),
      endsAt,
      blockedUntil: new Date(endsAt.getTime() + window.rules.bufferMs),
      priceCents: window.service.priceCents,
      depositCents: window.service.depositCents,
      currency: window.location.currency,
      notes: series.notes,
      source: 'staff' as const,
      seriesId: series.seriesId,
    };
    if (skip) await sql`SAVEPOINT occurrence`.execute(trx);
    try {
      await insertStaffAppointment(trx, row, series.now);
      if (skip) await sql`RELEASE SAVEPOINT occurrence`.execute(trx);
    } catch (error) {
      if (pgCode(error) !== PG.exclusionViolation) throw error;
      if (!skip) throw seriesConflicts([{ ...occurrence, conflict: MISFIT_TEXT.taken }]);
      await sql`ROLLBACK TO SAVEPOINT occurrence`.execute(trx);
      return undefined;
    }
    await recordAudit(trx, ctx, {
      franchiseId: series.franchiseId,
      action: 'appointment.created_by_staff',
      entity: 'appointment',
      entityId: id,
      after: { clientId: series.clientId, barberId: row.barberId, serviceId: row.serviceId, start: window.clock.format(startMs), seriesId: series.seriesId, source: 'staff' },
    });
    return id;
  }
}

function parseSeries(input: SeriesInput): { firstMs: number; end: SeriesEnd } {
  const start = parseInstant(input.start);
  if (!start) throw invalid('start', 'must be a real ISO 8601 instant with an offset');
  if ((input.count === undefined) === (input.until === undefined)) throw invalid('count', 'give either count or until');
  if (input.until !== undefined && !isLocalDate(input.until)) throw invalid('until', 'must be a real calendar date YYYY-MM-DD');
  return { firstMs: start.getTime(), end: input.count !== undefined ? { count: input.count } : { until: input.until as string } };
}

function toOccurrence(c: Checked): { start: string; end: string; conflict: string | null } {
  return { start: c.window.clock.format(c.startMs), end: c.window.clock.format(c.startMs + c.window.rules.durationMs), conflict: c.conflict };
}

function seriesConflicts(checked: readonly Checked[]): DomainError {
  const count = checked.filter((c) => c.conflict !== null).length;
  return new DomainError('SeriesConflicts', `${count} of ${checked.length} appointments cannot be booked; nothing was saved.`, {
    extensions: { occurrences: checked.map(toOccurrence) },
  });
}
