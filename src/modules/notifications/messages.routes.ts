import type { App } from '../../http/app-types.js';
import type { MessagesService } from './messages.service.js';
import {
  appointmentMessagesRouteSchema,
  getMessageSettingsRouteSchema,
  locationMessagesRouteSchema,
  putMessageSettingsRouteSchema,
  retryMessageRouteSchema,
} from './messages.schemas.js';

export function messagesRoutes(messages: MessagesService) {
  return (app: App): void => {
    app.get('/franchises/:franchiseId/appointments/:id/messages', { schema: appointmentMessagesRouteSchema }, async (request) =>
      messages.forAppointment(request.ctx, request.params.franchiseId, request.params.id),
    );

    app.get('/franchises/:franchiseId/locations/:locationId/messages', { schema: locationMessagesRouteSchema }, async (request) =>
      messages.forLocation(request.ctx, request.params.franchiseId, request.params.locationId, request.query),
    );

    app.post('/franchises/:franchiseId/messages/:messageId/retry', { schema: retryMessageRouteSchema }, async (request) =>
      messages.retry(request.ctx, request.params.franchiseId, request.params.messageId),
    );

    app.get('/franchises/:franchiseId/locations/:locationId/message-settings', { schema: getMessageSettingsRouteSchema }, async (request) =>
      messages.settings(request.ctx, request.params.franchiseId, request.params.locationId),
    );

    app.put('/franchises/:franchiseId/locations/:locationId/message-settings', { schema: putMessageSettingsRouteSchema }, async (request) =>
      messages.updateSettings(request.ctx, request.params.franchiseId, request.params.locationId, request.body),
    );
  };
}
