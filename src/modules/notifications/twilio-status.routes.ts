import type { App } from '../../http/app-types.js';
import type { DeliveryReports } from './delivery-reports.js';
import { twilioStatusRouteSchema } from './twilio-status.schemas.js';

/** Twilio posts forms: parsed here, in this plugin's scope only, so no other route accepts them. */
export function twilioStatusRoutes(reports: DeliveryReports, publicBaseUrl: string) {
  return async (app: App): Promise<void> => {
    await app.register(async (instance) => {
      const scoped = instance as App;
      scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, text, done) => {
        done(null, Object.fromEntries(new URLSearchParams(typeof text === 'string' ? text : text.toString('utf8'))));
      });
      scoped.post('/webhooks/twilio/status/:franchiseId/:outboxId', { schema: twilioStatusRouteSchema }, async (request, reply) => {
        await reports.twilioStatus({
          franchiseId: request.params.franchiseId,
          outboxId: request.params.outboxId,
          url: `${publicBaseUrl}${request.url}`,
          signature: request.headers['x-twilio-signature'] as string | undefined,
          params: request.body,
        });
        return reply.code(204).send(null);
      });
    });
  };
}
