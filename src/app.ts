import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import type { Config } from './config/config.js';
import type { App, RouteModule } from './http/app-types.js';
import { frameworkErrorHandler, registerErrorHandling } from './http/error-handler.js';
import { registerRequestHooks } from './http/request-hooks.js';
import { registerValidation } from './http/validation.js';
import { registerHttpTracing } from './observability/tracing/http-tracing.js';
import type { Metrics } from './observability/metrics.js';
import type { SessionStore } from './sessions/session-store.js';
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
  /** A pino logger; none in tests. */
  readonly logger?: FastifyBaseLogger;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The whole HTTP app as a plugin tree. It never listens: the server entry and the tests do. */
export async function buildApp(deps: AppDependencies): Promise<App> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    bodyLimit: deps.config.bodyLimitBytes,
    trustProxy: deps.config.trustProxy,
    // Keep a caller's request id (from a proxy) when it is sane; otherwise make one.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
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

  await app.register(helmet, {
    // The API answers JSON; the web app sets its own policy when it is served.
    contentSecurityPolicy: false,
  });
  await app.register(cookie);
  registerRequestHooks(app, deps.sessions, deps.metrics, () => deps.readiness.isDraining());

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'BookedBarber API', version: '1.0.0', description: 'Booking platform for barbershop franchises (v1).' },
      // Relative: the document is served by the API it describes, whatever host a deployment uses.
      servers: [{ url: '/', description: 'the server that serves this document' }],
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'bb_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

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
