import { Type } from 'typebox';
import { Cents, Uuid } from '../../http/common-schemas.js';

const Name = Type.String({ minLength: 1, maxLength: 100 });
// The database's CHECK ranges, so a bad value is a 400 with a field path.
const Duration = Type.Integer({ minimum: 5, maximum: 480, description: 'minutes' });
const Buffer = Type.Integer({ minimum: 0, maximum: 120, description: 'minutes the chair stays blocked after the service (cleanup)' });

export const CreateServiceBody = Type.Object(
  {
    locationId: Uuid,
    name: Name,
    durationMinutes: Duration,
    priceCents: Cents,
    depositCents: Type.Optional(Cents),
    bufferMinutes: Type.Optional(Buffer),
    barberIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, description: 'who performs it; default: every active barber of the location' })),
  },
  { additionalProperties: false },
);

export const UpdateServiceBody = Type.Object(
  {
    name: Type.Optional(Name),
    durationMinutes: Type.Optional(Duration),
    priceCents: Type.Optional(Cents),
    depositCents: Type.Optional(Cents),
    bufferMinutes: Type.Optional(Buffer),
    isActive: Type.Optional(Type.Boolean()),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ShopServiceSchema = Type.Object({
  id: Uuid,
  locationId: Uuid,
  name: Type.String(),
  durationMinutes: Type.Integer(),
  priceCents: Type.Integer(),
  depositCents: Type.Integer(),
  bufferMinutes: Type.Integer(),
  isActive: Type.Boolean(),
  sortOrder: Type.Integer(),
  barberIds: Type.Array(Uuid),
});

export const ServiceParams = Type.Object({ franchiseId: Uuid, serviceId: Uuid });
export const ServiceListQuery = Type.Object({ locationId: Type.Optional(Uuid) });
