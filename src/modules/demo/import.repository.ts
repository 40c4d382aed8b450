import type { Kysely } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { appointmentRow } from '../../shared/appointment-records.repository.js';
import type { PlannedAppointment, PlannedClient } from './demo-visits.js';
import type { PlannedSeries } from './demo-front-desk.js';

// Well under PostgreSQL's 65,535 bind parameters per statement (18 columns a row).
const BATCH = 1000;

/**
 * Writes clients and appointments as they are, with source 'import': history
 * cannot go through the public booking rules (minimum notice, horizon) because
 * it is in the past. The exclusion constraint still guards against overlaps.
 * Pass a transaction so that an import lands whole or not at all.
 */
export async function insertImportedVisits(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  visits: {
    readonly clients: readonly PlannedClient[];
    readonly appointments: readonly PlannedAppointment[];
    /** Repeats, written before their occurrences (which point at them). */
    readonly series?: readonly PlannedSeries[];
    /** Appointments that were walk-ins, written with that source. */
    readonly walkIns?: ReadonlySet<string>;
  },
): Promise<void> {
  for (let i = 0; i < visits.clients.length; i += BATCH) {
    await db
      .insertInto('clients')
      .values(
        visits.clients.slice(i, i + BATCH).map((client) => ({
          franchise_id: franchiseId,
          id: client.id,
          email: client.email.toLowerCase(),
          name: client.name,
          phone: client.phone,
          created_at: client.createdAt,
          updated_at: client.createdAt,
        })),
      )
      .execute();
  }
  if (visits.series && visits.series.length > 0) {
    await db
      .insertInto('appointment_series')
      .values(
        visits.series.map((s) => ({
          franchise_id: franchiseId,
          id: s.id,
          location_id: s.locationId,
          barber_id: s.barberId,
          service_id: s.serviceId,
          client_id: s.clientId,
          every_weeks: s.everyWeeks,
          first_start: s.firstStart,
          occurrences: s.occurrences,
        })),
      )
      .execute();
  }
  for (let i = 0; i < visits.appointments.length; i += BATCH) {
    await db
      .insertInto('appointments')
      .values(
        visits.appointments
          .slice(i, i + BATCH)
          .map((a) => appointmentRow({ ...a, franchiseId, notes: null, source: visits.walkIns?.has(a.id) ? 'walk_in' : 'import', updatedAt: a.cancelledAt ?? a.createdAt })),
      )
      .execute();
  }
}
