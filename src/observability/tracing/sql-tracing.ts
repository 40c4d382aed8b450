import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import type pg from 'pg';
import { activeTracer } from './tracing.js';
import { isThenable, tracerForChild } from './active-parent.js';

/** Where a pool's statements go, from its application name ("bookedbarber:shard-1:replica"). */
export interface SqlTarget {
  /** The shard id, or "catalog", or the pool's own name for tools. */
  readonly shard: string;
  readonly role: 'primary' | 'replica';
}

const TRACED = Symbol('bookedbarber.sql-traced');
const MAX_STATEMENT = 2_000;

/**
 * Pools are named `bookedbarber:<shard>` or `bookedbarber:<shard>:replica`
 * (the same names /metrics uses for pool figures), so the name says where a
 * statement ran without every caller passing it again.
 */
export function sqlTargetOf(applicationName: string | undefined): SqlTarget {
  const name = (applicationName ?? 'unknown').replace(/^bookedbarber:/, '');
  return name.endsWith(':replica') ? { shard: name.slice(0, -':replica'.length), role: 'replica' } : { shard: name, role: 'primary' };
}

function finish(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') span.setAttribute('db.response.status_code', code);
  }
  span.end();
}

/**
 * Wraps a pooled client's `query` once, so that every statement sent on it
 * (Kysely's, BEGIN/COMMIT, the mover's raw SQL) is a client span with the
 * shard and role as attributes. Parameters are never recorded (they hold
 * names, emails, tokens). Returns the client unchanged while tracing is off.
 */
export function traceSqlClient<C extends pg.PoolClient>(client: C, target: SqlTarget): C {
  if (!activeTracer() || (client as unknown as Record<symbol, boolean>)[TRACED]) return client;
  (client as unknown as Record<symbol, boolean>)[TRACED] = true;
  const original = client.query as (...args: unknown[]) => unknown;
  const traced = function (this: C, ...args: unknown[]): unknown {
    const tracer = tracerForChild();
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    // Submittables (cursors, COPY streams) are passed through untouched.
    const isSubmittable = typeof (first as { submit?: unknown } | null)?.submit === 'function';
    if (!tracer || typeof text !== 'string' || isSubmittable) return original.apply(this, args);
    const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
    const span = tracer.startSpan(`${operation} ${target.shard}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'db.operation.name': operation,
        'db.query.text': text.length > MAX_STATEMENT ? `${text.slice(0, MAX_STATEMENT)}…` : text,
        'bookedbarber.shard': target.shard,
        'bookedbarber.db.role': target.role,
      },
    });
    // pool.query() and older callers pass a callback: the span ends when it is called.
    const last = args[args.length - 1];
    const viaCallback = typeof last === 'function';
    if (viaCallback) {
      args[args.length - 1] = (error: unknown, ...rest: unknown[]) => {
        finish(span, error ?? undefined);
        return (last as (...a: unknown[]) => unknown)(error, ...rest);
      };
    }
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (error) {
      finish(span, error);
      throw error;
    }
    if (viaCallback) return result;
    if (isThenable(result)) result.then(() => finish(span), (error: unknown) => finish(span, error ?? 'failed'));
    else finish(span);
    return result;
  };
  client.query = traced as C['query'];
  return client;
}
