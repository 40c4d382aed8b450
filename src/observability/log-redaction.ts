/**
 * Paths whose segment after the prefix is a manage token: the token is the
 * credential to see, cancel and move a booking, so it never reaches a log
 * (issue 11 item 5). The API path and the web app's pages that carry it.
 */
const TOKEN_PATHS = /^(\/api\/v1\/bookings\/|\/manage\/|\/confirmed\/)[^/?#]+/;

export const REDACTED = '[redacted]';

/** The URL with any manage token replaced. */
export function redactUrl(url: string): string {
  return url.replace(TOKEN_PATHS, `$1${REDACTED}`);
}

interface LoggedRequest {
  readonly method?: string;
  readonly url?: string;
  readonly host?: string;
  readonly ip?: string;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly socket?: { readonly remotePort?: number };
}

/** Fastify's request fields, with the URL redacted. */
export function serializeRequest(req: LoggedRequest): Record<string, unknown> {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** pino serializers every logger of the process uses (Fastify keeps a logger instance's own). */
export const logSerializers = { req: serializeRequest } as const;
