import pino from 'pino';
import type { Metrics } from '../../src/observability/metrics.js';

export const silentLogger = pino({ level: 'silent' });

/** cache_requests_total{tier,result} as a number. */
export async function cacheCount(metrics: Metrics, tier: string, result: 'hit' | 'miss' | 'error'): Promise<number> {
  const { values } = await metrics.cacheRequests.get();
  return values.find((v) => v.labels.tier === tier && v.labels.result === result)?.value ?? 0;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A compute function that counts its runs and takes `ms`. */
export function counted<T>(value: () => T, ms = 0): { readonly runs: () => number; readonly compute: () => Promise<T> } {
  let runs = 0;
  return {
    runs: () => runs,
    compute: async () => {
      runs += 1;
      if (ms > 0) await sleep(ms);
      return value();
    },
  };
}
