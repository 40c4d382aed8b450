import { Type } from 'typebox';
import type { RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import { FranchiseParams } from '../../http/route-params.js';
import type { BarberScheduleService } from './barber-schedule.service.js';
import { BarberListQuery, BarberParams, BarberSchema, CreateBarberBody, ScheduleBody, ScheduleSchema, UpdateBarberBody } from './barbers.schemas.js';
import type { BarbersService } from './barbers.service.js';

const tags = ['management'];
const security = [{ session: [] }];

export function barbersRoutes(barbers: BarbersService, schedules: BarberScheduleService): RouteModule {
  return (app) => {
    app.post(
      '/franchises/:franchiseId/barbers',
      {
        schema: {
          tags,
          operationId: 'createBarber',
          security,
          summary: 'Add a barber to a location',
          params: FranchiseParams,
          body: CreateBarberBody,
          response: { 201: BarberSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => reply.status(201).send(await barbers.create(request.ctx, request.params.franchiseId, request.body)),
    );

    app.get(
      '/franchises/:franchiseId/barbers',
      {
        schema: {
          tags,
          operationId: 'listBarbers',
          security,
          summary: 'Barbers with weekly hours and services',
          params: FranchiseParams,
          querystring: BarberListQuery,
          response: { 200: Type.Object({ barbers: Type.Array(BarberSchema) }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({ barbers: await barbers.list(request.ctx, request.params.franchiseId, { locationId: request.query.locationId }) }),
    );

    app.patch(
      '/franchises/:franchiseId/barbers/:barberId',
      {
        schema: {
          tags,
          operationId: 'updateBarber',
          security,
          summary: 'Rename, change email, activate or deactivate a barber',
          params: BarberParams,
          body: UpdateBarberBody,
          response: { 200: BarberSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => barbers.update(request.ctx, request.params.franchiseId, request.params.barberId, request.body),
    );

    app.put(
      '/franchises/:franchiseId/barbers/:barberId/schedule',
      {
        schema: {
          tags,
          operationId: 'replaceBarberSchedule',
          security,
          summary: "Replace a barber's weekly hours and services",
          params: BarberParams,
          body: ScheduleBody,
          response: { 200: ScheduleSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => schedules.replace(request.ctx, request.params.franchiseId, request.params.barberId, request.body),
    );
  };
}
