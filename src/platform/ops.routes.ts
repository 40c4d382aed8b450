import { Type } from 'typebox';
import type { App } from '../http/app-types.js';
import type { Metrics } from '../observability/metrics.js';
import type { ReadinessCheck } from './readiness.js';

const CheckSchema = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) });
const ReadySchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready'), Type.Literal('draining')]),
  checks: Type.Record(Type.String(), CheckSchema),
});

/**
 * Liveness, readiness and Prometheus metrics (DESIGN.md section 7, "Operations").
 * `healthOnly`: the public app when an internal ops port serves the rest.
 */
export function opsRoutes(app: App, readiness: ReadinessCheck, metrics: Metrics, options: { healthOnly?: boolean } = {}): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['operations'],
        operationId: 'getHealth',
        security: [],
        summary: 'The process is alive',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  if (options.healthOnly) return;

  app.get(
    '/ready',
    {
      schema: {
        tags: ['operations'],
        operationId: 'getReadiness',
        security: [],
        summary: 'Catalog and shards reachable; 503 while draining',
        response: { 200: ReadySchema, 503: ReadySchema },
      },
    },
    async (_request, reply) => {
      const report = await readiness.check();
      const status = report.draining ? ('draining' as const) : report.ready ? ('ready' as const) : ('not_ready' as const);
      if (status !== 'ready') void reply.status(503).header('retry-after', '5');
      return { status, checks: report.checks };
    },
  );

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    void reply.type(metrics.registry.contentType);
    return metrics.render();
  });
}
