import { Type } from 'typebox';
import type { RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import { BarberParams, CreatedTimeOffSchema, TimeOffBody, TimeOffParams, TimeOffQuery, TimeOffSchema } from './barbers.schemas.js';
import type { TimeOffService } from './time-off.service.js';

const tags = ['management'];
const security = [{ session: [] }];

export function timeOffRoutes(timeOff: TimeOffService): RouteModule {
  return (app) => {
    app.post(
      '/franchises/:franchiseId/barbers/:barberId/time-off',
      {
        schema: {
          tags,
          operationId: 'createTimeOff',
          security,
          summary: 'Block time off for a barber (existing appointments are kept and counted)',
          params: BarberParams,
          body: TimeOffBody,
          response: { 201: CreatedTimeOffSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => reply.status(201).send(await timeOff.create(request.ctx, request.params.franchiseId, request.params.barberId, request.body)),
    );

    app.get(
      '/franchises/:franchiseId/barbers/:barberId/time-off',
      {
        schema: {
          tags,
          operationId: 'listTimeOff',
          security,
          summary: "A barber's time off overlapping from–to",
          params: BarberParams,
          querystring: TimeOffQuery,
          response: { 200: Type.Object({ timeOff: Type.Array(TimeOffSchema) }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({ timeOff: await timeOff.list(request.ctx, request.params.franchiseId, request.params.barberId, request.query) }),
    );

    app.delete(
      '/franchises/:franchiseId/barbers/:barberId/time-off/:timeOffId',
      {
        schema: {
          tags,
          operationId: 'deleteTimeOff',
          security,
          summary: 'Remove time off',
          params: TimeOffParams,
          response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await timeOff.remove(request.ctx, request.params.franchiseId, request.params.barberId, request.params.timeOffId);
        return reply.status(204).send(null);
      },
    );
  };
}
