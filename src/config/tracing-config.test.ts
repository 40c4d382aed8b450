import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('tracing settings', () => {
  test('off without an endpoint; the endpoint gets the traces path, the sampler defaults to parent-based at 100 %', () => {
    expect(loadConfig({}).tracing.tracesUrl).toBeUndefined();
    const on = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing;
    expect(on).toMatchObject({ tracesUrl: 'http://collector:4318/v1/traces', parentBased: true, ratio: 1, serviceName: 'bookedbarber' });
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://c.example/otlp/traces' }).tracing.tracesUrl).toBe('https://c.example/otlp/traces');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' }).tracing.tracesUrl).toBeUndefined();
    const sampled = loadConfig({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1', OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-team=ops' }).tracing;
    expect(sampled).toMatchObject({ parentBased: true, ratio: 0.1, headers: { authorization: 'Bearer abc', 'x-team': 'ops' } });
    expect(loadConfig({ OTEL_TRACES_SAMPLER: 'always_off' }).tracing).toMatchObject({ parentBased: false, ratio: 0 });
  });

  test('every malformed tracing setting is reported, each naming its variable, together with the others', () => {
    const problems = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_TRACES_SAMPLER_ARG: '1.5',
      OTEL_BSP_MAX_QUEUE_SIZE: '-3',
      OTEL_EXPORTER_OTLP_TIMEOUT: 'soon',
      OTEL_EXPORTER_OTLP_HEADERS: 'no-equals-sign',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      PORT: 'eighty',
    });
    const named = (name: string): boolean => problems.some((p) => p.startsWith(`${name} `) || p.startsWith(`${name}:`));
    for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_TRACES_SAMPLER', 'OTEL_BSP_MAX_QUEUE_SIZE', 'OTEL_EXPORTER_OTLP_TIMEOUT', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'PORT']) {
      expect(named(name), `${name} in ${problems.join('; ')}`).toBe(true);
    }
    expect(problemsOf({ OTEL_TRACES_SAMPLER_ARG: '1.5' })).toEqual([expect.stringContaining('OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1')]);
    expect(problemsOf({ OTEL_TRACES_SAMPLER_ARG: 'ten percent' })).toEqual([expect.stringContaining('OTEL_TRACES_SAMPLER_ARG')]);
    expect(problemsOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://c/traces' })).toEqual([expect.stringContaining('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http or https URL')]);
  });
});
