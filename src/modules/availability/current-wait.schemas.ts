import { Type } from 'typebox';
import type { Static } from 'typebox';
import { Slug, Uuid, problemResponses } from '../../http/common-schemas.js';

const Wait = {
  start: Type.Union([Type.String(), Type.Null()], { description: 'ISO 8601 in the location zone: when a chair is free for the service; null: not again today' }),
  waitMinutes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
};

export const CurrentWaitResponse = Type.Object({
  timezone: Type.String(),
  serviceId: Uuid,
  asOf: Type.String({ description: 'the minute this answer was computed for' }),
  anyone: Type.Object({ ...Wait, barberIds: Type.Array(Uuid, { description: 'the barbers free at `start`' }) }),
  barbers: Type.Array(Type.Object({ id: Uuid, name: Type.String(), ...Wait })),
});
export type CurrentWaitView = Static<typeof CurrentWaitResponse>;

export const currentWaitRouteSchema = {
  tags: ['public booking'],
  operationId: 'getCurrentWait',
  security: [],
  summary: 'How long a walk-in waits now, for anyone and per barber',
  description:
    'Computed from the calendar: the first minute from now that a barber is free for the whole service, today, under the rules staff seat a walk-in by. ' +
    'Cached for a minute at most; a booking at the location refreshes it at once.',
  params: Type.Object({ slug: Slug }),
  querystring: Type.Object({ serviceId: Uuid }),
  response: { 200: CurrentWaitResponse, ...problemResponses(400, 404) },
} as const;
