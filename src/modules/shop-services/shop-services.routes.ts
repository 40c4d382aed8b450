import { Type } from 'typebox';
import type { RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import { FranchiseParams } from '../../http/route-params.js';
import { CreateServiceBody, ServiceListQuery, ServiceParams, ShopServiceSchema, UpdateServiceBody } from './shop-services.schemas.js';
import type { ShopServicesService } from './shop-services.service.js';

const tags = ['management'];
const security = [{ session: [] }];

export function shopServicesRoutes(services: ShopServicesService): RouteModule {
  return (app) => {
    app.post(
      '/franchises/:franchiseId/services',
      {
        schema: {
          tags,
          operationId: 'createService',
          security,
          summary: "Add a service to a location's menu",
          params: FranchiseParams,
          body: CreateServiceBody,
          response: { 201: ShopServiceSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => reply.status(201).send(await services.create(request.ctx, request.params.franchiseId, request.body)),
    );

    app.get(
      '/franchises/:franchiseId/services',
      {
        schema: {
          tags,
          operationId: 'listServices',
          security,
          summary: 'The service menu of the locations the caller may see',
          params: FranchiseParams,
          querystring: ServiceListQuery,
          response: { 200: Type.Object({ services: Type.Array(ShopServiceSchema) }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => ({ services: await services.list(request.ctx, request.params.franchiseId, { locationId: request.query.locationId }) }),
    );

    app.patch(
      '/franchises/:franchiseId/services/:serviceId',
      {
        schema: {
          tags,
          operationId: 'updateService',
          security,
          summary: 'Change a service: name, duration, price, deposit, buffer, active, order',
          params: ServiceParams,
          body: UpdateServiceBody,
          response: { 200: ShopServiceSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request) => services.update(request.ctx, request.params.franchiseId, request.params.serviceId, request.body),
    );
  };
}
