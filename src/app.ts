import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import cookie from '@fastify/cookie';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import zlib from 'node:zlib';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import type { Config } from './config/config.js';
import type { App, RouteModule } from './http/app-types.js';
import { frameworkErrorHandler, registerErrorHandling } from './http/error-handler.js';
import { registerRequestHooks } from './http/request-hooks.js';
import { RecentWriteMarker } from './http/recent-write-marker.js';
import { registerValidation } from './http/validation.js';
import { peerIsTrusted, trustFunction } from './http/trusted-proxy.js';
import { registerHttpTracing } from './observability/tracing/http-tracing.js';
import type { Metrics } from './observability/metrics.js';
import type { SessionStore } from './sessions/session-store.js';
import type { SigningKeys } from './shared/signing-keys.js';
import { opsRoutes } from './platform/ops.routes.js';
import type { ReadinessCheck } from './platform/readiness.js';

export interface AppDependencies {
  readonly config: Config;
  readonly metrics: Metrics;
  readonly sessions: SessionStore;
  readonly readiness: ReadinessCheck;
  /** The v1 API, mounted under /api/v1. */
  readonly apiRoutes: readonly RouteModule[];
  /** Routes outside /api/v1 (the web app, once built). */
  readonly siteRoutes?: readonly RouteModule[];
  /** Signs the read-your-writes cookie (the catalog's keyring). */
  readonly signingKeys: SigningKeys;
  /** A pino logger; none in tests. */
  readonly logger?: FastifyBaseLogger;
}

// A request id from a trusted proxy: a UUID, a trace id or similar; never anything longer or stranger.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The hash of the inline <style> swagger-ui inserts (the browser names it when it is blocked). */
const DOCS_INLINE_STYLE = 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w=';

/**
 * The policy for everything but the /docs UI, which sets its own: the same as
 * the web app's (src/site/site-headers.ts), so whichever header wins they agree.
 */
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The whole HTTP app as a plugin tree. It never listens: the server entry and the tests do. */
export async function buildApp(deps: AppDependencies): Promise<App> {
  const trust = trustFunction(deps.config.trustProxy);
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: deps.config.bodyLimitBytes,
    // Unsubscribe tokens carry the address they stop (about 150 characters for a usual one); Fastify's default is 100.
    routerOptions: { maxParamLength: 280 },
    trustProxy: trust,
    // Keep a request id only from a trusted proxy, and only when it is sane: a client could
    // otherwise pick ids that collide with others' in the logs.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) && peerIsTrusted(trust, request.socket.remoteAddress) ? given : randomUUID();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    ajv: { customOptions: { coerceTypes: 'array' } },
    frameworkErrors: frameworkErrorHandler,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerValidation(app);
  registerErrorHandling(app);
  // Before every other hook and route, so that they all run inside the request's span.
  registerHttpTracing(app);

  await app.register(helmet, { contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES } });
  await app.register(cookie);
  // Answers over 1 KiB are compressed when the client accepts it (transparent to the v1 contract).
  // Brotli at a middle quality: the default (11) costs far more CPU than it saves bytes on JSON.
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip', 'deflate'], brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } });
  registerRequestHooks(app, deps.sessions, deps.metrics, () => deps.readiness.isDraining(), new RecentWriteMarker(deps.signingKeys));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'BookedBarber API', version: '1.0.0', description: 'Booking platform for barbershop franchises (v1).' },
      // Relative: the document is served by the API it describes, whatever host a deployment uses.
      servers: [{ url: '/', description: 'the server that serves this document' }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bb_session' } } },
    },
  });
  // The docs UI's own policy replaces the one above on its routes, plus the hash of the one
  // <style> the UI inserts (test/browser/docs-ui.test.ts sees it if an upgrade changes it),
  // and without upgrade-insecure-requests: a laptop serves it over plain http.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, '').replace(/style-src ([^;]*)/, `style-src $1 '${DOCS_INLINE_STYLE}'`),
  });

  // With an ops port (OPS_PORT), /ready and /metrics are served there only (see platform/ops-app.ts).
  await app.register(async (ops) => opsRoutes(ops as App, deps.readiness, deps.metrics, { healthOnly: deps.config.opsPort !== undefined }));
  await app.register(
    async (api) => {
      for (const routes of deps.apiRoutes) await routes(api as App);
    },
    { prefix: '/api/v1' },
  );
  for (const routes of deps.siteRoutes ?? []) await app.register(async (site) => routes(site as App));

  return app;
}
