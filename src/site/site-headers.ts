/** The part of a response setHeaders may touch (@fastify/static hands over the raw response). */
interface HeaderTarget {
  setHeader(name: string, value: string): unknown;
}

/**
 * The content security policy of the built web app: everything from our own
 * origin, nothing inline, no frames. React sets styles through the CSSOM,
 * which style-src does not block; the .ics download is a blob: link, which
 * is a navigation, not a fetch.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite names every built asset by its content hash, so it may be cached for a year. */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.(br|gz))?$/;
const HTML = /\.html(\.(br|gz))?$/;

/** Cache and security headers per file the site serves. */
export function setSiteHeaders(response: HeaderTarget, filePath: string): void {
  if (HTML.test(filePath)) {
    // Always revalidate the page itself: a deploy must reach users at once.
    response.setHeader('cache-control', 'no-cache');
    response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    response.setHeader('referrer-policy', 'same-origin');
  } else if (HASHED_ASSET.test(filePath)) {
    response.setHeader('cache-control', 'public, max-age=31536000, immutable');
  } else {
    response.setHeader('cache-control', 'public, max-age=3600');
  }
}
