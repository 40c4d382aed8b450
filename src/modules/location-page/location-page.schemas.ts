import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Cents, Currency, Slug, Uuid, problemResponses } from '../../http/common-schemas.js';

export const LocationPageParams = Type.Object({ slug: Slug });

const Address = Type.Object(
  {
    line1: Type.Optional(Type.String()),
    line2: Type.Optional(Type.String()),
    city: Type.Optional(Type.String()),
    region: Type.Optional(Type.String()),
    postalCode: Type.Optional(Type.String()),
    country: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const LocationPageResponse = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  timezone: Type.String({ description: 'IANA zone; every time of this location is in it' }),
  currency: Currency,
  address: Type.Union([Address, Type.Null()]),
  policy: Type.Object({
    minNoticeMinutes: Type.Integer(),
    horizonDays: Type.Integer(),
    cancellationWindowHours: Type.Integer(),
    slotStepMinutes: Type.Integer(),
  }),
  hours: Type.Array(
    Type.Object({
      weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'Monday = 1' }),
      start: Type.String({ description: 'wall clock HH:MM' }),
      end: Type.String({ description: 'wall clock HH:MM (24:00 = midnight)' }),
    }),
    { description: 'opening hours: when at least one barber works' },
  ),
  services: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      durationMinutes: Type.Integer(),
      priceCents: Cents,
      depositCents: Cents,
      bufferMinutes: Type.Integer({ description: 'cleanup time after the visit; blocks the chair, not the client' }),
    }),
  ),
  barbers: Type.Array(Type.Object({ id: Uuid, name: Type.String(), serviceIds: Type.Array(Uuid) })),
});

export type LocationPageView = Static<typeof LocationPageResponse>;

export const locationPageRouteSchema = {
  tags: ['public booking'],
  operationId: 'getLocationPage',
  security: [],
  summary: 'A location with its services, barbers and opening hours',
  params: LocationPageParams,
  response: { 200: LocationPageResponse, ...problemResponses(400, 404) },
} as const;
