import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Command } from 'ioredis';
import { activeTracer } from './tracing.js';
import { tracerForChild } from './active-parent.js';

/**
 * A client span per Redis command sent inside a recorded trace. Only the
 * command name is recorded: keys hold session ids and arguments hold cached
 * pages. Wraps the instance's `sendCommand`, the one path every ioredis
 * command (standalone, Sentinel, Cluster) takes. A no-op while tracing is off.
 */
export function traceRedisClient<C extends { sendCommand(command: Command, ...rest: never[]): unknown }>(client: C, name: string): C {
  if (!activeTracer()) return client;
  const original = client.sendCommand.bind(client) as (command: Command, ...rest: unknown[]) => unknown;
  const traced = (command: Command, ...rest: unknown[]): unknown => {
    const tracer = tracerForChild();
    if (!tracer) return original(command, ...rest);
    const span = tracer.startSpan(`redis ${command.name}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'redis', 'db.operation.name': command.name.toUpperCase(), 'bookedbarber.redis.client': name },
    });
    const result = original(command, ...rest);
    command.promise.then(
      () => span.end(),
      (error: unknown) => {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    );
    return result;
  };
  (client as { sendCommand: unknown }).sendCommand = traced;
  return client;
}
