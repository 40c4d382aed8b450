import { Type } from 'typebox';
import type { Static } from 'typebox';
import { LocalDate, Slug, Uuid, problemResponses } from '../../http/common-schemas.js';

export const AvailabilityParams = Type.Object({ slug: Slug });

export const AvailabilityQuerySchema = Type.Object({
  serviceId: Uuid,
  date: LocalDate,
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 14, default: 1, description: 'consecutive days from date, 1…14' })),
  barberId: Type.Optional(Uuid),
});

export const SlotSchema = Type.Object({
  start: Type.String({ description: 'ISO 8601 in the location zone, with offset' }),
  end: Type.String({ description: 'start + service duration (the buffer is not part of the visit)' }),
  barberIds: Type.Array(Uuid, { description: 'barbers free for the whole slot' }),
});

export const AvailabilityResponse = Type.Object({
  timezone: Type.String(),
  serviceId: Uuid,
  date: LocalDate,
  days: Type.Integer(),
  slots: Type.Array(SlotSchema),
});

export const availabilityRouteSchema = {
  tags: ['public booking'],
  operationId: 'listAvailableSlots',
  security: [],
  summary: 'Free slots of a location for one service',
  description:
    'Slots are computed in the location zone. Days before today or beyond the booking horizon have no slots (not an error). ' +
    'An impossible date or days outside 1…14 is 400; an unknown service or barber (or one of another location) is 404.',
  params: AvailabilityParams,
  querystring: AvailabilityQuerySchema,
  response: { 200: AvailabilityResponse, ...problemResponses(400, 404) },
} as const;

export type AvailabilityView = Static<typeof AvailabilityResponse>;
