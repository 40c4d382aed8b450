import { trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { activeTracer } from './tracing.js';

/**
 * The tracer when the work now running belongs to a recorded trace, else
 * undefined. Child spans (SQL, Redis, service calls) are made only then: an
 * unsampled request costs no span objects, and background loops (replica lag
 * probes, listeners) do not start traces of their own.
 */
export function tracerForChild(): Tracer | undefined {
  const tracer = activeTracer();
  if (!tracer) return undefined;
  return trace.getActiveSpan()?.isRecording() ? tracer : undefined;
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
