import type { Kysely } from 'kysely';
import type { ShardDatabase } from '../../db/shard-schema.js';
import { DomainError } from '../../errors/domain-error.js';
import { serviceIdsAtLocation } from '../../shared/barber-services.repository.js';

/** A barber performs only services of their own location: every id must be one (400 with its path otherwise). Duplicates collapse. */
export async function requireServicesAtLocation(
  db: Kysely<ShardDatabase>,
  franchiseId: string,
  locationId: string,
  serviceIds: readonly string[],
  field = 'serviceIds',
): Promise<string[]> {
  const known = await serviceIdsAtLocation(db, franchiseId, locationId, serviceIds);
  const errors = serviceIds.flatMap((id, index) => (known.has(id) ? [] : [{ field: `${field}.${index}`, message: 'is not a service of this location' }]));
  if (errors.length > 0) throw new DomainError('ValidationFailed', 'Some services are not offered at this location.', { errors });
  return [...new Set(serviceIds)];
}
