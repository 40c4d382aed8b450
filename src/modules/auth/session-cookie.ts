import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { SESSION_COOKIE } from '../../http/request-hooks.js';

/**
 * HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it),
 * Secure whenever the request came over TLS (directly or via a trusted proxy).
 */
function cookieOptions(request: FastifyRequest): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https' };
}

/** Max-Age equals the session TTL; sessions slide on the server, so the cookie is re-set on /me to slide too. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, sessionId: string, ttlSeconds: number): void {
  void reply.setCookie(SESSION_COOKIE, sessionId, { ...cookieOptions(request), maxAge: ttlSeconds });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}
