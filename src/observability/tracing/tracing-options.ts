/** What tracing needs to start; parsed from the OTEL_* variables by src/config/tracing-config.ts. */
export interface TracingConfig {
  /** Where spans go (the full OTLP/HTTP traces URL); undefined: tracing is off and costs nothing. */
  readonly tracesUrl: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly serviceName: string;
  /** Follow the caller's sampling decision (W3C traceparent flag) when there is one. */
  readonly parentBased: boolean;
  /** Share of new traces recorded, 0 to 1. */
  readonly ratio: number;
  /** Finished spans waiting for export; past this they are dropped (and counted), never waited for. */
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly scheduleDelayMs: number;
  /** One export attempt gives up after this long. */
  readonly exportTimeoutMs: number;
}
