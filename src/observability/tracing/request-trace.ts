import { context, createContextKey, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import { activeTracer } from './tracing.js';

/** Ids that identify what a request touched: on its spans and in its log lines, never in metric labels. */
export interface RequestIds {
  franchiseId?: string;
  bookingId?: string;
}

/** One HTTP request's trace: its server span, the context to run its work in, and the ids learnt so far. */
export interface RequestTrace {
  readonly span: Span;
  readonly context: Context;
  readonly requestId: string;
  readonly ids: RequestIds;
}

const REQUEST_TRACE = createContextKey('bookedbarber.request-trace');

const SPAN_ATTRIBUTES: Readonly<Record<keyof RequestIds, string>> = {
  franchiseId: 'bookedbarber.franchise.id',
  bookingId: 'bookedbarber.booking.id',
};

export function withRequestTrace(parent: Context, span: Span, requestId: string): RequestTrace {
  const holder: { trace?: RequestTrace } = {};
  const ctx = trace.setSpan(parent, span).setValue(REQUEST_TRACE, holder);
  holder.trace = { span, context: ctx, requestId, ids: {} };
  return holder.trace;
}

export function currentRequestTrace(): RequestTrace | undefined {
  return (context.active().getValue(REQUEST_TRACE) as { trace?: RequestTrace } | undefined)?.trace;
}

/**
 * Records the franchise or booking a request is about: on the request's server
 * span, on the span now running (a service call) and on every later log line
 * of the request. Outside an HTTP request (CLI, background work) it does
 * nothing: there a franchise id belongs on the operation's own span.
 */
export function annotateRequest(ids: RequestIds): void {
  if (!activeTracer()) return;
  const request = currentRequestTrace();
  if (!request) return;
  for (const key of Object.keys(ids) as (keyof RequestIds)[]) {
    const value = ids[key];
    if (value === undefined || request.ids[key] === value) continue;
    request.ids[key] = value;
    request.span.setAttribute(SPAN_ATTRIBUTES[key], value);
    const active = trace.getActiveSpan();
    if (active && active !== request.span) active.setAttribute(SPAN_ATTRIBUTES[key], value);
  }
}
