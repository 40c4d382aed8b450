import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Metrics } from '../observability/metrics.js';
import type { SessionStore } from '../sessions/session-store.js';
import type { RequestContext } from '../shared/request-context.js';
import { RECENT_WRITE_SECONDS } from './recent-write-marker.js';
import type { RecentWriteMarker } from './recent-write-marker.js';

export const SESSION_COOKIE = 'bb_session';
/** Set after a successful write; while it carries a genuine signed value, that browser's reads skip replicas and the cache. */
export const RECENT_WRITE_COOKIE = 'bb_rw';
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
}

/** Request id header, per-request context with the signed-in actor, and HTTP metrics. */
export function registerRequestHooks(
  app: FastifyInstance,
  sessions: SessionStore,
  metrics: Metrics,
  isDraining: () => boolean,
  recentWrites: RecentWriteMarker,
): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    const sessionId = request.cookies[SESSION_COOKIE];
    const session = sessionId ? await sessions.touch(sessionId) : null;
    request.ctx = {
      requestId: request.id,
      actorKind: session ? 'user' : 'client',
      ip: request.ip,
      actor: session ? { userId: session.userId, sessionId: session.id } : null,
      readYourWrites: await genuineMarker(recentWrites, request.cookies[RECENT_WRITE_COOKIE], request.log),
    };
  });

  // While draining, retire keep-alive connections one response at a time, so that
  // when the listener closes no client is left holding a socket it may write to.
  app.addHook('onSend', async (request, reply) => {
    if (isDraining()) void reply.header('connection', 'close');
    if (!READ_METHODS.has(request.method) && reply.statusCode < 400 && request.url.startsWith('/api/')) {
      try {
        const value = await recentWrites.issue();
        void reply.setCookie(RECENT_WRITE_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: RECENT_WRITE_SECONDS, secure: request.protocol === 'https' });
      } catch (error) {
        // Keys unreadable (catalog down): the write stands; this browser's next reads may just be a little stale.
        request.log.warn({ err: error }, 'could not sign the read-your-writes cookie');
      }
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    // The route template, never the raw URL: ids in labels would explode Prometheus.
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status_code: String(reply.statusCode) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, reply.elapsedTime / 1000);
  });
}

/** A marker that fails to verify for any reason (forged, expired, keys unreadable) is ignored: reads go the usual way. */
async function genuineMarker(marker: RecentWriteMarker, value: string | undefined, log: FastifyBaseLogger): Promise<boolean> {
  if (value === undefined) return false;
  try {
    return await marker.isGenuine(value);
  } catch (error) {
    log.warn({ err: error }, 'could not verify the read-your-writes cookie');
    return false;
  }
}
