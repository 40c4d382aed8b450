import { Type } from 'typebox';
import { problemResponses } from '../../http/common-schemas.js';


export const UnsubscribeParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 1024, pattern: '^[A-Za-z0-9_.-]+$', description: 'from the link in the email' }) });

export const UnsubscribeState = Type.Object({
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
  recipient: Type.String({ description: 'the address, partly hidden' }),
  unsubscribed: Type.Boolean(),
});

const Page = Type.String({ description: 'a small HTML page (when the request accepts text/html)' });

const answers = {
  200: {
    description: 'The state of the subscription',
    content: { 'application/json': { schema: UnsubscribeState }, 'text/html': { schema: Page } },
  },
  ...problemResponses(400, 404, 503),
};

export const unsubscribeStateRouteSchema = {
  tags: ['public booking'],
  operationId: 'getUnsubscribe',
  security: [],
  summary: 'What an unsubscribe link would do',
  description: 'Changes nothing (mail scanners follow links). A browser gets a page with a button that posts the one-click form. A forged or unknown token is 404.',
  params: UnsubscribeParams,
  response: answers,
} as const;

export const unsubscribeRouteSchema = {
  tags: ['public booking'],
  operationId: 'unsubscribe',
  security: [],
  summary: 'Stop reminder emails (RFC 8058 one-click)',
  description:
    'The target of the List-Unsubscribe header: mail clients post `List-Unsubscribe=One-Click` as a form. Reminders stop for this address at this franchise; ' +
    'confirmations and cancellations of bookings the client makes still go. Twice is the same as once. A forged or unknown token is 404 and changes nothing.',
  params: UnsubscribeParams,
  response: answers,
} as const;

export const twilioInboundRouteSchema = {
  tags: ['webhooks'],
  operationId: 'twilioInboundText',
  security: [],
  summary: 'A text a client sent to our number (STOP / START)',
  description:
    'Posted by Twilio (application/x-www-form-urlencoded, signed with X-Twilio-Signature over PUBLIC_BASE_URL + path). ' +
    'STOP (and Twilio’s other opt-out words) stops texts to that number from every franchise that has texted it; START lifts it; anything else is ignored. ' +
    'A bad signature is 403 and changes nothing.',
  body: Type.Record(Type.String(), Type.String()),
  response: { 204: Type.Null({ description: 'Handled (or ignored)' }), ...problemResponses(400, 403, 503) },
} as const;
