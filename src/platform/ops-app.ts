import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App } from '../http/app-types.js';
import type { Metrics } from '../observability/metrics.js';
import { opsRoutes } from './ops.routes.js';
import type { ReadinessCheck } from './readiness.js';

export interface OpsAppDependencies {
  readonly readiness: ReadinessCheck;
  readonly metrics: Metrics;
  readonly logger?: FastifyBaseLogger;
}

/**
 * The internal operations listener (OPS_PORT): /health, /ready and /metrics for
 * the kubelet and Prometheus, on a port the ingress never routes to. Nothing
 * else is mounted: no API, no sessions, no rate limits to spend.
 */
export async function buildOpsApp(deps: OpsAppDependencies): Promise<App> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // Probes arrive every few seconds; their access lines would drown the API's.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<TypeBoxTypeProvider>();
  opsRoutes(app as unknown as App, deps.readiness, deps.metrics);
  await app.ready();
  return app as unknown as App;
}
