import type { App } from '../../http/app-types.js';
import type { AppointmentsService } from './appointments.service.js';
import { calendarRouteSchema, changeStatusRouteSchema, undoStatusRouteSchema } from './appointments.schemas.js';

export function appointmentsRoutes(appointments: AppointmentsService) {
  return (app: App): void => {
    app.get('/franchises/:franchiseId/appointments', { schema: calendarRouteSchema }, async (request) =>
      appointments.list(request.ctx, request.params.franchiseId, request.query),
    );

    app.patch('/franchises/:franchiseId/appointments/:id', { schema: changeStatusRouteSchema }, async (request) =>
      appointments.changeStatus(request.ctx, request.params.franchiseId, request.params.id, request.body.status, request.body.reason),
    );

    app.post('/franchises/:franchiseId/appointments/:id/undo', { schema: undoStatusRouteSchema }, async (request) =>
      appointments.undoStatus(request.ctx, request.params.franchiseId, request.params.id),
    );
  };
}
