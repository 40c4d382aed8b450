import type { App } from '../../http/app-types.js';
import { sendConditional } from '../../http/conditional-get.js';
import type { AppointmentsService } from './appointments.service.js';
import { calendarRouteSchema, changeStatusRouteSchema, undoStatusRouteSchema } from './appointments.schemas.js';

export function appointmentsRoutes(appointments: AppointmentsService) {
  return (app: App): void => {
    // Polled by the staff app: a repeat with If-None-Match is a 304 when nothing changed.
    app.get('/franchises/:franchiseId/appointments', { schema: calendarRouteSchema }, async (request, reply) => {
      const body = sendConditional(request, reply, await appointments.list(request.ctx, request.params.franchiseId, request.query));
      return body === undefined ? reply.send(null) : body;
    });

    app.patch('/franchises/:franchiseId/appointments/:id', { schema: changeStatusRouteSchema }, async (request) =>
      appointments.changeStatus(request.ctx, request.params.franchiseId, request.params.id, request.body.status, request.body.reason),
    );

    app.post('/franchises/:franchiseId/appointments/:id/undo', { schema: undoStatusRouteSchema }, async (request) =>
      appointments.undoStatus(request.ctx, request.params.franchiseId, request.params.id),
    );
  };
}
