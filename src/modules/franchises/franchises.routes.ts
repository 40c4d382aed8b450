import type { RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import { FranchiseParams } from '../../http/route-params.js';
import { CreateFranchiseBody, FranchiseDetailSchema, FranchiseSchema } from './franchises.schemas.js';
import type { FranchisesService } from './franchises.service.js';

const tags = ['management'];
const security = [{ session: [] }];

export function franchisesRoutes(franchises: FranchisesService): RouteModule {
  return (app) => {
    app.post(
      '/franchises',
      {
        schema: {
          tags,
          operationId: 'createFranchise',
          security,
          summary: 'Create a franchise; the caller becomes its owner',
          body: CreateFranchiseBody,
          response: { 201: FranchiseSchema, ...problemResponses(400, 401, 409, 503) },
        },
      },
      async (request, reply) => reply.status(201).send(await franchises.create(request.ctx, request.body)),
    );

    app.get(
      '/franchises/:franchiseId',
      {
        schema: {
          tags,
          operationId: 'getFranchise',
          security,
          summary: 'A franchise with the locations the caller may see',
          params: FranchiseParams,
          response: { 200: FranchiseDetailSchema, ...problemResponses(401, 404) },
        },
      },
      async (request) => franchises.get(request.ctx, request.params.franchiseId),
    );
  };
}
