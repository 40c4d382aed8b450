import type { App } from '../../http/app-types.js';
import type { LocationPageService } from './location-page.service.js';
import { locationPageRouteSchema } from './location-page.schemas.js';

export function locationPageRoutes(pages: LocationPageService) {
  return (app: App): void => {
    app.get('/locations/:slug', { schema: locationPageRouteSchema }, async (request) => pages.get(request.ctx, request.params.slug));
  };
}
