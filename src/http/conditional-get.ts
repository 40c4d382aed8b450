import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Conditional GET for answers polled often (the staff calendar): the ETag is a
 * hash of the JSON answer, so it changes exactly when the answer does, and a
 * client repeating its last ETag in If-None-Match gets an empty 304 instead of
 * the whole week again. `private, no-cache`: keep it, but ask every time.
 */
export function sendConditional<T>(request: FastifyRequest, reply: FastifyReply, body: T): T | undefined {
  const tag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 32)}"`;
  void reply.header('etag', tag).header('cache-control', 'private, no-cache');
  if (matches(request.headers['if-none-match'], tag)) {
    void reply.code(304);
    return undefined;
  }
  return body;
}

/** RFC 9110 section 13.1.2: a weak comparison, any of a list, or `*`. */
function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim();
    return value === '*' || value.replace(/^W\//, '') === tag;
  });
}
