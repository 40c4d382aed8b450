import type { App } from '../../http/app-types.js';
import type { AvailabilityService } from './availability.service.js';
import { availabilityRouteSchema } from './availability.schemas.js';

export function availabilityRoutes(availability: AvailabilityService) {
  return (app: App): void => {
    app.get('/locations/:slug/availability', { schema: availabilityRouteSchema }, async (request) => {
      const { serviceId, date, days, barberId } = request.query;
      return availability.find(request.ctx, request.params.slug, { serviceId, date, days: days ?? 1, barberId });
    });
  };
}
