import { Type } from 'typebox';
import type { RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import { FranchiseParams, LocationParams } from '../../http/route-params.js';
import { CreateLocationBody, LocationSchema, UpdateLocationBody } from './locations.schemas.js';
import type { LocationsService } from './locations.service.js';

const tags = ['management'];
const security = [{ session: [] }];

export function locationsRoutes(locations: LocationsService): RouteModule {
  return (app) => {
    app.post(
      '/franchises/:franchiseId/locations',
      {
        schema: {
          tags,
          operationId: 'createLocation',
          security,
          summary: 'Open a location (shop)',
          params: FranchiseParams,
          body: CreateLocationBody,
          response: { 201: LocationSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => reply.status(201).send(await locations.create(request.ctx, request.params.franchiseId, request.body)),
    );

    app.get(
      '/franchises/:franchiseId/locations',
      {
        schema: {
          tags,
          operationId: 'listLocations',
          security,
          summary: 'Locations the caller may see',
          params: FranchiseParams,
          response: { 200: Type.Object({ locations: Type.Array(LocationSchema) }), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => ({ locations: await locations.list(request.ctx, request.params.franchiseId) }),
    );

    app.patch(
      '/franchises/:franchiseId/locations/:locationId',
      {
        schema: {
          tags,
          operationId: 'updateLocation',
          security,
          summary: 'Change a location: name, address, currency, booking policy',
          params: LocationParams,
          body: UpdateLocationBody,
          response: { 200: LocationSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => locations.update(request.ctx, request.params.franchiseId, request.params.locationId, request.body),
    );
  };
}
