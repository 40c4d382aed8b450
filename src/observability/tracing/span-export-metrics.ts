import { createNoopMeter } from '@opentelemetry/api';
import type { Counter as OtelCounter, Meter, MeterProvider } from '@opentelemetry/api';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';

/**
 * What became of finished, sampled spans, for /metrics. Process-wide (tracing
 * is), registered into every app's registry. Exported even while tracing is
 * off, at zero, so that rules on them always find the series.
 */
export const spansExported = new Counter({
  name: 'tracing_spans_exported_total',
  help: 'Sampled spans the OTLP endpoint accepted',
  registers: [],
});

export const spansDropped = new Counter({
  name: 'tracing_spans_dropped_total',
  help: 'Sampled spans lost: queue_full (the export queue was full: endpoint slow or down) or export_failed (the endpoint refused, failed or timed out)',
  labelNames: ['reason'] as const,
  registers: [],
});
spansDropped.inc({ reason: 'queue_full' }, 0);
spansDropped.inc({ reason: 'export_failed' }, 0);

export function registerSpanExportMetrics(registry: Registry): void {
  registry.registerMetric(spansExported);
  registry.registerMetric(spansDropped);
}

/**
 * The batch span processor reports `otel.sdk.processor.span.processed` with an
 * `error.type` (`queue_full` for a drop, the error's name for a failed
 * export) to a MeterProvider; this one turns those reports into the two
 * Prometheus counters above and ignores every other instrument.
 */
export function spanExportMeterProvider(): MeterProvider {
  const counter: OtelCounter = {
    add(value, attributes) {
      const error = attributes?.['error.type'];
      if (error === undefined) spansExported.inc(value);
      else spansDropped.inc({ reason: error === 'queue_full' ? 'queue_full' : 'export_failed' }, value);
    },
  };
  const meter: Meter = Object.assign(Object.create(createNoopMeter()) as Meter, {
    createCounter: (name: string) => (name === 'otel.sdk.processor.span.processed' ? counter : createNoopMeter().createCounter(name)),
  });
  return { getMeter: () => meter };
}
