import { SpanKind, SpanStatusCode, context, propagation } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { activeTracer } from './tracing.js';
import { bindRequestLogger } from './log-fields.js';
import { withRequestTrace } from './request-trace.js';
import type { RequestTrace } from './request-trace.js';

const traces = new WeakMap<IncomingMessage, RequestTrace>();

const headerGetter = {
  keys: (carrier: IncomingMessage['headers']) => Object.keys(carrier),
  get: (carrier: IncomingMessage['headers'], key: string) => carrier[key],
};

/**
 * A server span per request, named by method and route template. The span
 * starts where Fastify makes the request's logger, so every line of the
 * request, "incoming request" included, carries its traceId beside the
 * requestId. An incoming W3C `traceparent` is continued (its sampling
 * decision too) and the response carries the server span's own `traceparent`.
 * The raw URL is never recorded: manage links carry a secret token in the path.
 * Does nothing while tracing is off.
 */
export function registerHttpTracing(app: FastifyInstance): void {
  const tracer = activeTracer();
  if (!tracer) return;

  app.setChildLoggerFactory(function (logger, bindings, options, raw) {
    const parent = propagation.extract(context.active(), raw.headers, headerGetter);
    const span = tracer.startSpan(raw.method ?? 'HTTP', { kind: SpanKind.SERVER, attributes: { 'http.request.method': raw.method ?? '' } }, parent);
    const requestId = String(bindings.requestId ?? '');
    const request = withRequestTrace(parent, span, requestId);
    traces.set(raw, request);
    const child = logger.child({ ...bindings, traceId: span.spanContext().traceId }, options);
    bindRequestLogger(child, request);
    return child;
  });

  app.addHook('onRequest', (request, reply, done) => {
    const traced = traces.get(request.raw);
    if (!traced) return done();
    const route = request.routeOptions.url;
    if (route !== undefined) {
      traced.span.updateName(`${request.method} ${route}`);
      traced.span.setAttribute('http.route', route);
    }
    const carrier: Record<string, string> = {};
    propagation.inject(traced.context, carrier);
    for (const [name, value] of Object.entries(carrier)) void reply.header(name, value);
    reply.raw.once('close', () => {
      const status = reply.raw.statusCode;
      traced.span.setAttribute('http.response.status_code', status);
      if (status >= 500) traced.span.setStatus({ code: SpanStatusCode.ERROR });
      if (!reply.raw.writableFinished) traced.span.setAttribute('bookedbarber.aborted', true);
      traced.span.end();
    });
    // Hooks and the handler run inside the span; a body is parsed from stream
    // events that lose the context, so preValidation enters it again.
    context.with(traced.context, done);
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const traced = traces.get(request.raw);
    if (traced) context.with(traced.context, done);
    else done();
  });
  // Client errors are answers, not failures: only what became a 5xx is recorded on the span.
  app.addHook('onError', (request, reply, error, done) => {
    if (reply.statusCode >= 500) traces.get(request.raw)?.span.recordException(error);
    done();
  });
}
