import type { App } from '../../http/app-types.js';
import type { BookingsService } from './bookings.service.js';
import { createBookingRouteSchema } from './bookings.schemas.js';
import { annotateRequest } from '../../observability/tracing/request-trace.js';

export function bookingsRoutes(bookings: BookingsService) {
  return (app: App): void => {
    app.post('/locations/:slug/bookings', { schema: createBookingRouteSchema }, async (request, reply) => {
      const answer = await bookings.create(request.ctx, request.params.slug, request.body, request.headers['idempotency-key']);
      annotateRequest({ bookingId: answer.body.id });
      if (answer.replayed) void reply.header('idempotent-replayed', 'true');
      return reply.status(201).send(answer.body);
    });
  };
}
