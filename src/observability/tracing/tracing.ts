import { DiagLogLevel, context, diag, propagation, trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import type { Logger } from 'pino';
import type { TracingConfig } from './tracing-options.js';
import { spanExportMeterProvider } from './span-export-metrics.js';

/** What the process is, as the `bookedbarber.process` resource attribute. */
export type ProcessRole = 'server' | 'cli' | 'test';

export interface Tracing {
  /** OpenTelemetry's own warnings (failed exports) go to this logger, one line per 30 s at most. */
  useLogger(logger: Logger): void;
  /** Exports what is queued, waiting at most `waitMs` (a hung collector must not hold up an exit). */
  shutdown(waitMs?: number): Promise<void>;
}

let tracer: Tracer | undefined;

/**
 * The tracer, or undefined while tracing is off. Every hook asks this first and
 * does nothing without one, so tracing that is off costs one branch.
 */
export function activeTracer(): Tracer | undefined {
  return tracer;
}

const OFF: Tracing = { useLogger: () => undefined, shutdown: async () => undefined };

/**
 * Starts OpenTelemetry when an OTLP endpoint is configured (otherwise does
 * nothing). Spans are exported in the background in batches from a bounded
 * queue: a request never waits for the collector, and what does not fit in the
 * queue is dropped and counted (`tracing_spans_dropped_total`). The
 * instrumentation is done by hand (hooks in the HTTP app, the pools, the Redis
 * client and the services), so it works under tsx and vitest without a module
 * loader hook and records exactly what an operator needs.
 */
export function startTracing(config: TracingConfig, role: ProcessRole): Tracing {
  if (!config.tracesUrl || tracer) return OFF;
  const exporter = new OTLPTraceExporter({ url: config.tracesUrl, headers: { ...config.headers }, timeoutMillis: config.exportTimeoutMs });
  const processor = new BatchSpanProcessor({
    exporter,
    maxQueueSize: config.maxQueueSize,
    maxExportBatchSize: config.maxExportBatchSize,
    scheduledDelayMillis: config.scheduleDelayMs,
    // The exporter's own timeout ends an attempt first, so its failure is counted.
    exportTimeoutMillis: config.exportTimeoutMs + 1_000,
    selfObsMeterProvider: spanExportMeterProvider(),
  });
  const root = new TraceIdRatioBasedSampler(config.ratio);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName, 'bookedbarber.process': role }),
    sampler: config.parentBased ? new ParentBasedSampler({ root }) : root,
    spanProcessors: [processor],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  tracer = trace.getTracer('bookedbarber');

  return {
    useLogger(logger) {
      // A collector that is down fails every export: one line per 30 s, with how many were not logged.
      let lastAt = Number.NEGATIVE_INFINITY;
      let suppressed = 0;
      const warn = (message: string, ...args: unknown[]): void => {
        if (Date.now() - lastAt < 30_000) {
          suppressed++;
          return;
        }
        logger.warn({ detail: args.map(String).join(' '), ...(suppressed > 0 && { suppressed }) }, `tracing: ${message}`);
        lastAt = Date.now();
        suppressed = 0;
      };
      diag.setLogger({ error: warn, warn, info: () => undefined, debug: () => undefined, verbose: () => undefined }, DiagLogLevel.WARN);
    },
    async shutdown(waitMs = 2_000) {
      tracer = undefined;
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      });
      await Promise.race([provider.shutdown().catch(() => undefined), gaveUp]);
      clearTimeout(timer);
      // Leave the process as it was: a later startTracing (tests) registers afresh.
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}
