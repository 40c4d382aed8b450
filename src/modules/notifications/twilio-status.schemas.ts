import { Type } from 'typebox';
import { Uuid, problemResponses } from '../../http/common-schemas.js';

export const TwilioStatusParams = Type.Object({ franchiseId: Uuid, outboxId: Uuid });

export const twilioStatusRouteSchema = {
  tags: ['webhooks'],
  operationId: 'twilioMessageStatus',
  summary: "Twilio's status callback for a text we sent",
  description:
    'Posted by Twilio (application/x-www-form-urlencoded, signed with X-Twilio-Signature over PUBLIC_BASE_URL + path). ' +
    'delivered marks the message delivered; failed or undelivered marks it dead with the error code. A bad signature is 403 and changes nothing.',
  // No session: the X-Twilio-Signature header is the credential.
  security: [],
  params: TwilioStatusParams,
  body: Type.Record(Type.String(), Type.String()),
  response: { 204: Type.Null({ description: 'Recorded (or an intermediate status, ignored)' }), ...problemResponses(400, 403, 404, 503) },
} as const;
