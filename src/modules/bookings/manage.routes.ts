import type { App } from '../../http/app-types.js';
import type { BookingManageService } from './booking-manage.service.js';
import { cancelBookingRouteSchema, getBookingRouteSchema, rescheduleBookingRouteSchema } from './bookings.schemas.js';

/** The manage link: no account, the token is the credential. */
export function manageRoutes(manage: BookingManageService) {
  return async (app: App): Promise<void> => {
    // Own scope: "cancel" needs no body, and clients often send Content-Type: application/json with
    // an empty one; here that means {} rather than 400. Other routes keep Fastify's strict parser.
    await app.register(async (instance) => {
      const scoped = instance as App;
      scoped.removeContentTypeParser('application/json');
      scoped.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
        const source = typeof text === 'string' ? text : text.toString('utf8');
        if (source.trim() === '') return done(null, {});
        try {
          done(null, JSON.parse(source) as unknown);
        } catch (error) {
          const malformed = error as Error & { statusCode?: number; code?: string };
          malformed.statusCode = 400;
          malformed.code = 'FST_ERR_CTP_INVALID_JSON_BODY';
          done(malformed, undefined);
        }
      });

      scoped.get('/bookings/:manageToken', { schema: getBookingRouteSchema }, async (request) => manage.get(request.ctx, request.params.manageToken));

      scoped.post('/bookings/:manageToken/cancel', { schema: cancelBookingRouteSchema }, async (request) =>
        manage.cancel(request.ctx, request.params.manageToken),
      );

      scoped.post('/bookings/:manageToken/reschedule', { schema: rescheduleBookingRouteSchema }, async (request) =>
        manage.reschedule(request.ctx, request.params.manageToken, request.body),
      );
    });
  };
}
