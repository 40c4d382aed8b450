import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../http/app-types.js';
import type { SuppressionsService, UnsubscribeState } from './suppressions.service.js';
import { twilioInboundRouteSchema, unsubscribeRouteSchema, unsubscribeStateRouteSchema } from './unsubscribe.schemas.js';

/**
 * The one-click unsubscribe of client emails and Twilio's inbound texts. Both
 * take form posts, parsed in this plugin's scope only, so no other route accepts them.
 */
export function unsubscribeRoutes(suppressions: SuppressionsService, publicBaseUrl: string) {
  return async (app: App): Promise<void> => {
    await app.register(async (instance) => {
      const scoped = instance as App;
      scoped.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, text, done) => {
        done(null, Object.fromEntries(new URLSearchParams(typeof text === 'string' ? text : text.toString('utf8'))));
      });

      scoped.get('/unsubscribe/:token', { schema: unsubscribeStateRouteSchema }, async (request, reply) =>
        answer(request, reply, await suppressions.state(request.params.token), request.url),
      );

      scoped.post('/unsubscribe/:token', { schema: unsubscribeRouteSchema }, async (request, reply) =>
        answer(request, reply, await suppressions.unsubscribe(request.params.token), request.url),
      );

      scoped.post('/webhooks/twilio/inbound', { schema: twilioInboundRouteSchema }, async (request, reply) => {
        await suppressions.inboundText({
          url: `${publicBaseUrl}${request.url}`,
          signature: request.headers['x-twilio-signature'] as string | undefined,
          params: request.body,
        });
        return reply.code(204).send(null);
      });
    });
  };
}

const wantsHtml = (request: FastifyRequest): boolean => /text\/html/.test(request.headers.accept ?? '');

function answer(request: FastifyRequest, reply: FastifyReply, state: UnsubscribeState, url: string): FastifyReply {
  if (!wantsHtml(request)) return reply.send(state);
  return reply.type('text/html; charset=utf-8').send(page(state, url));
}

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(state: UnsubscribeState, url: string): string {
  const body = state.unsubscribed
    ? `<h1>You are unsubscribed</h1><p>${escape(state.recipient)} will get no more reminder emails from this shop. Confirmations and changes of bookings you make still arrive.</p>`
    : `<h1>Stop reminder emails?</h1><p>${escape(state.recipient)} gets a reminder before each visit.</p>` +
      `<form method="post" action="${escape(url)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe from reminders</button></form>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Reminder emails</title>` +
    `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}button{font:inherit;padding:.6rem 1rem;border-radius:.4rem;border:1px solid #333;background:#111;color:#fff}</style>` +
    `</head><body>${body}</body></html>`;
}
