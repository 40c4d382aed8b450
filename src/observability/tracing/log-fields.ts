import { trace } from '@opentelemetry/api';
import type { LoggerOptions } from 'pino';
import { activeTracer } from './tracing.js';
import { currentRequestTrace } from './request-trace.js';
import type { RequestTrace } from './request-trace.js';

/** Each request's child logger (which already binds requestId and traceId) → that request's trace. */
const requestLoggers = new WeakMap<object, RequestTrace>();

export function bindRequestLogger(logger: object, request: RequestTrace): void {
  requestLoggers.set(logger, request);
}

/**
 * Adds trace fields to log lines. A request's own logger already carries
 * requestId and traceId as bindings and gets the franchise and booking ids
 * once known; any other logger used while a span is active (a service's,
 * the CLI's) gets traceId and spanId, and the request's ids when it runs
 * inside one. Returns a fresh object: pino merges the line into it.
 */
function traceFields(_line: object, _level: number, logger: object): object {
  const own = requestLoggers.get(logger);
  if (own) return { ...own.ids };
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  const request = currentRequestTrace();
  return request ? { requestId: request.requestId, traceId, spanId, ...request.ids } : { traceId, spanId };
}

/** Options for the process's root pino logger: the trace mixin while tracing is on, nothing otherwise. */
export function tracingLogOptions(): Pick<LoggerOptions, 'mixin'> {
  return activeTracer() ? { mixin: traceFields as NonNullable<LoggerOptions['mixin']> } : {};
}
