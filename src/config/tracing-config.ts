/**
 * OpenTelemetry settings, under the variable names of the OpenTelemetry
 * specification so that a platform's usual OTEL_* settings just work. Read by
 * config.ts (the only reader of the environment) and reported with every other
 * bad setting at start.
 */
import type { TracingConfig } from '../observability/tracing/tracing-options.js';
import { integerReader } from './integer-variable.js';

export type { TracingConfig };

type Env = Readonly<Record<string, string | undefined>>;

const SAMPLERS: Readonly<Record<string, { parentBased: boolean; ratio?: number }>> = {
  always_on: { parentBased: false, ratio: 1 },
  always_off: { parentBased: false, ratio: 0 },
  traceidratio: { parentBased: false },
  parentbased_always_on: { parentBased: true, ratio: 1 },
  parentbased_always_off: { parentBased: true, ratio: 0 },
  parentbased_traceidratio: { parentBased: true },
};

function endpoint(env: Env, problems: string[]): string | undefined {
  // The signal-specific variable is used as given; the generic one gets /v1/traces appended (OTLP spec).
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const generic = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const [name, raw] = specific ? ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', specific] : ['OTEL_EXPORTER_OTLP_ENDPOINT', generic];
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    problems.push(`${name} is not a URL, got "${raw}"`);
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    problems.push(`${name} must be an http or https URL (OTLP over HTTP), got "${raw}"`);
    return undefined;
  }
  return specific ? raw : `${raw.replace(/\/+$/, '')}/v1/traces`;
}

/** `key=value,key2=value2`, values URL-encoded (W3C Baggage format, as the spec says). */
function headers(name: string, raw: string | undefined, problems: string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  for (const entry of (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.indexOf('=');
    const key = at > 0 ? entry.slice(0, at).trim() : '';
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) {
      problems.push(`${name} must be key=value pairs separated by commas`);
      continue;
    }
    try {
      parsed[key] = decodeURIComponent(entry.slice(at + 1).trim());
    } catch {
      problems.push(`${name}: the value of "${key}" is not URL-encoded text`);
    }
  }
  return parsed;
}

export function parseTracingConfig(env: Env, problems: string[]): TracingConfig {
  const int = integerReader(env, problems);

  const samplerName = (env.OTEL_TRACES_SAMPLER || 'parentbased_traceidratio').toLowerCase();
  const sampler = SAMPLERS[samplerName];
  if (!sampler) problems.push(`OTEL_TRACES_SAMPLER must be one of ${Object.keys(SAMPLERS).join(', ')}, got "${env.OTEL_TRACES_SAMPLER}"`);
  let ratio = sampler?.ratio ?? 1;
  const rawRatio = env.OTEL_TRACES_SAMPLER_ARG;
  if (sampler?.ratio === undefined && rawRatio !== undefined && rawRatio !== '') {
    ratio = Number(rawRatio);
    if (!(rawRatio.trim() !== '' && Number.isFinite(ratio) && ratio >= 0 && ratio <= 1)) {
      problems.push(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1 (the share of traces sampled), got "${rawRatio}"`);
      ratio = 1;
    }
  }

  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol && protocol !== 'http/json') {
    const name = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL' : 'OTEL_EXPORTER_OTLP_PROTOCOL';
    problems.push(`${name}: only http/json is supported (every OTLP collector accepts it on /v1/traces), got "${protocol}"`);
  }
  const disabled = env.OTEL_SDK_DISABLED?.toLowerCase();
  if (disabled && !['true', 'false'].includes(disabled)) problems.push(`OTEL_SDK_DISABLED must be true or false, got "${env.OTEL_SDK_DISABLED}"`);

  const tracesUrl = endpoint(env, problems);
  const maxQueueSize = int('OTEL_BSP_MAX_QUEUE_SIZE', 2048, 1, 1_000_000);
  return {
    tracesUrl: disabled === 'true' ? undefined : tracesUrl,
    headers: env.OTEL_EXPORTER_OTLP_TRACES_HEADERS
      ? headers('OTEL_EXPORTER_OTLP_TRACES_HEADERS', env.OTEL_EXPORTER_OTLP_TRACES_HEADERS, problems)
      : headers('OTEL_EXPORTER_OTLP_HEADERS', env.OTEL_EXPORTER_OTLP_HEADERS, problems),
    serviceName: env.OTEL_SERVICE_NAME || 'bookedbarber',
    parentBased: sampler?.parentBased ?? true,
    ratio,
    maxQueueSize,
    maxExportBatchSize: Math.min(maxQueueSize, int('OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 512, 1, 1_000_000)),
    scheduleDelayMs: int('OTEL_BSP_SCHEDULE_DELAY', 1000, 0, 600_000),
    exportTimeoutMs: int('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', int('OTEL_EXPORTER_OTLP_TIMEOUT', 10_000, 1, 600_000), 1, 600_000),
  };
}
