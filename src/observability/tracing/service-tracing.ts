import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import { activeTracer } from './tracing.js';
import { isThenable, tracerForChild } from './active-parent.js';
import { DomainError } from '../../errors/domain-error.js';

function settle(span: Span, error?: unknown): void {
  if (error !== undefined) {
    // A domain error (slot taken, not found) is an answer, not a fault: named on the span, status left unset.
    if (error instanceof DomainError) span.setAttribute('bookedbarber.error.code', error.code);
    else {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }
  span.end();
}

function runInSpan<T>(tracer: Tracer, name: string, attributes: Attributes, kind: SpanKind, work: () => T): T {
  const span = tracer.startSpan(name, { kind, attributes });
  let result: T;
  try {
    result = context.with(trace.setSpan(context.active(), span), work);
  } catch (error) {
    settle(span, error);
    throw error;
  }
  if (isThenable(result)) result.then(() => settle(span), (error: unknown) => settle(span, error ?? 'failed'));
  else settle(span);
  return result;
}

/**
 * The service as the routes see it, with a span around every method call
 * (`BookingsService.create`) inside a recorded trace. Calls a service makes
 * on itself are not spans. Returns the service itself while tracing is off.
 */
export function traced<T extends object>(service: T, name: string, attributesOf?: (method: string, args: readonly unknown[]) => Attributes): T {
  if (!activeTracer()) return service;
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(service, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || property === 'constructor') return value;
      let wrapper = wrappers.get(property);
      if (!wrapper) {
        const method = value as (...args: unknown[]) => unknown;
        const spanName = `${name}.${String(property)}`;
        wrapper = (...args: unknown[]): unknown => {
          const tracer = tracerForChild();
          if (!tracer) return method.apply(target, args);
          const attributes = { 'code.function.name': spanName, ...attributesOf?.(String(property), args) };
          return runInSpan(tracer, spanName, attributes, SpanKind.INTERNAL, () => method.apply(target, args));
        };
        wrappers.set(property, wrapper);
      }
      return wrapper;
    },
  });
}

/**
 * A root operation outside HTTP (a CLI command, a move, a background job):
 * always a span of its own, continuing the trace the caller is in if any.
 * Sampled like any new trace.
 */
export function withOperationSpan<T>(name: string, attributes: Attributes, work: () => Promise<T>): Promise<T> {
  const tracer = activeTracer();
  if (!tracer) return work();
  return runInSpan(tracer, name, attributes, SpanKind.INTERNAL, work);
}
