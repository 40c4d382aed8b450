import type { App } from '../../http/app-types.js';
import type { CurrentWaitService } from './current-wait.service.js';
import { currentWaitRouteSchema } from './current-wait.schemas.js';

export function currentWaitRoutes(wait: CurrentWaitService) {
  return (app: App): void => {
    app.get('/locations/:slug/wait', { schema: currentWaitRouteSchema }, async (request) => wait.find(request.ctx, request.params.slug, request.query.serviceId));
  };
}
