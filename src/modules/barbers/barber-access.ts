import type { Kysely } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { DomainError, notFound } from '../../errors/domain-error.js';
import type { FranchiseAccess } from '../access/access.service.js';
import { requireLocation } from '../access/access.service.js';
import type { BarberRow } from './barbers.repository.js';
import { findBarber } from './barbers.repository.js';

/** The barber, when it exists in this franchise (else 404) and the caller may see its location (else 403). */
export async function loadBarber(
  db: Kysely<ShardDatabase>,
  access: FranchiseAccess,
  barberId: string,
  options: { readonly forUpdate?: boolean } = {},
): Promise<BarberRow> {
  const barber = await findBarber(db, access.franchiseId, barberId, options);
  if (!barber) throw notFound('barber');
  requireLocation(access, barber.location_id);
  return barber;
}

/** Owners and managers act for any barber they can see; a barber member only for their own barber row. */
export function requireBarberSelfOrManager(access: FranchiseAccess, barber: BarberRow): void {
  if (access.role === 'barber' && barber.user_id !== access.actor.userId) {
    throw new DomainError('Forbidden', 'Barbers can only manage their own time off.');
  }
}
