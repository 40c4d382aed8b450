import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error.js';
import type { RouteModule } from '../http/app-types.js';
import type { RateLimiter } from './window-rate-limiter.js';

/**
 * Limits every request of the app (or plugin scope) it is registered on, per
 * client address. Every answer carries the IETF draft headers
 * (draft-ietf-httpapi-ratelimit-headers): RateLimit-Limit, RateLimit-Remaining,
 * RateLimit-Reset (seconds) and RateLimit-Policy; over the limit it answers 429
 * problem+json with Retry-After through the one error handler.
 */
export function registerApiRateLimit(app: FastifyInstance, limiter: RateLimiter, keyOf: (request: FastifyRequest) => string = (request) => request.ip): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const decision = await limiter.hit(keyOf(request));
    void reply.headers({
      'ratelimit-limit': String(decision.limit),
      'ratelimit-remaining': String(decision.remaining),
      'ratelimit-reset': String(decision.resetSeconds),
      'ratelimit-policy': `${limiter.limit.points};w=${limiter.limit.windowSeconds}`,
    });
    if (!decision.allowed) {
      throw new DomainError('RateLimited', 'Too many requests from this address; try again later.', { retryAfterSeconds: decision.retryAfterSeconds });
    }
  });
}

/** The same as a route module for the /api/v1 list; Fastify applies the hook to every route of that scope, wherever it is listed. */
export function apiRateLimitRoutes(limiter: RateLimiter): RouteModule {
  return (app) => registerApiRateLimit(app, limiter);
}
