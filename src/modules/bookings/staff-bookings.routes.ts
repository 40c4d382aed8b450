import type { App } from '../../http/app-types.js';
import type { AppointmentSeriesService } from './appointment-series.service.js';
import type { StaffBookingsService } from './staff-bookings.service.js';
import {
  moveRouteSchema,
  searchClientsRouteSchema,
  seriesCreateRouteSchema,
  seriesPreviewRouteSchema,
  staffCreateRouteSchema,
  walkInRouteSchema,
} from './staff-bookings.schemas.js';

export function staffBookingsRoutes(staff: StaffBookingsService, series: AppointmentSeriesService) {
  return (app: App): void => {
    app.get('/franchises/:franchiseId/clients', { schema: searchClientsRouteSchema }, async (request) =>
      staff.searchClients(request.ctx, request.params.franchiseId, request.query.q),
    );

    app.post('/franchises/:franchiseId/appointments', { schema: staffCreateRouteSchema }, async (request, reply) => {
      const answer = await staff.create(request.ctx, request.params.franchiseId, request.body, request.headers['idempotency-key']);
      if (answer.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(answer.body);
    });

    app.post('/franchises/:franchiseId/walk-ins', { schema: walkInRouteSchema }, async (request, reply) => {
      const answer = await staff.walkIn(request.ctx, request.params.franchiseId, request.body, request.headers['idempotency-key']);
      if (answer.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(answer.body);
    });

    app.post('/franchises/:franchiseId/appointments/:id/move', { schema: moveRouteSchema }, async (request) =>
      staff.move(request.ctx, request.params.franchiseId, request.params.id, request.body),
    );

    app.post('/franchises/:franchiseId/appointment-series/preview', { schema: seriesPreviewRouteSchema }, async (request) =>
      series.preview(request.ctx, request.params.franchiseId, request.body),
    );

    app.post('/franchises/:franchiseId/appointment-series', { schema: seriesCreateRouteSchema }, async (request, reply) =>
      reply.status(201).send(await series.create(request.ctx, request.params.franchiseId, request.body)),
    );
  };
}
