import pino from 'pino';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { buildPlatform } from '../../src/composition-root.js';
import type { Platform } from '../../src/composition-root.js';
import { loadConfig } from '../../src/config/config.js';
import type { Config } from '../../src/config/config.js';
import type { App } from '../../src/http/app-types.js';
import type { Clock } from '../../src/shared/clock.js';
import type { RateLimitRules } from '../../src/rate-limits/rate-limit-rules.js';
import { prepareCatalog } from '../../src/platform/bootstrap.js';
import { CATALOG_TEMPLATE, SHARD_TEMPLATE, createDatabaseFrom } from './test-databases.js';

const GENEROUS = { points: 1_000_000, windowSeconds: 60 };
const GENEROUS_LIMITS = {
  signupPerIp: GENEROUS,
  bookingPerIp: GENEROUS,
  bookingPerDevice: GENEROUS,
  bookingPerEmail: GENEROUS,
  bookingPerLocation: GENEROUS,
  apiPerIp: GENEROUS,
  loginPerIp: GENEROUS,
  loginPerAccountAnyIp: GENEROUS,
};

export interface TestPlatform {
  readonly app: App;
  readonly platform: Platform;
  readonly config: Config;
  readonly catalogUrl: string;
  readonly shardUrl: string;
  close(): Promise<void>;
}

export interface TestPlatformOptions {
  readonly clock?: Clock;
  readonly env?: NodeJS.ProcessEnv;
  /** Real rate limits (rate-limit tests); by default they are raised, as every test request comes from 127.0.0.1. */
  readonly realRateLimits?: boolean;
  /** Specific limits, e.g. a short window to see a reset. */
  readonly rateLimits?: Partial<RateLimitRules>;
  /** false: register no shard (the test adds its own, e.g. one per region). Default true. */
  readonly withDefaultShard?: boolean;
  /** Reuse existing databases (a second API node on the same data). */
  readonly catalogUrl?: string;
  readonly shardUrl?: string;
  /** A logger for the platform and the app (to read their log lines); silent by default. */
  readonly logger?: pino.Logger;
}

/**
 * A whole API (app + platform) on its own fresh catalog and shard databases,
 * copied from the migrated templates. Use one per test file (or per test when
 * the test needs an empty world).
 */
export async function createTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const server = inject('postgres');
  const config = loadConfig({ DEMO_DATA: 'false', LOG_LEVEL: 'silent', ...options.env });
  const logger = options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const catalogUrl = options.catalogUrl ?? (await createDatabaseFrom(server, CATALOG_TEMPLATE, 'catalog'));
  const shardUrl = options.shardUrl ?? (await createDatabaseFrom(server, SHARD_TEMPLATE, 'shard'));
  const platform = buildPlatform(config, logger, {
    catalogUrl,
    ...(options.clock && { clock: options.clock }),
    ...(!options.realRateLimits && { rateLimits: { ...GENEROUS_LIMITS, ...options.rateLimits } }),
  });
  if (!options.catalogUrl) {
    await prepareCatalog(platform.core.catalog, { regions: config.regions, localShardUrl: options.withDefaultShard === false ? undefined : shardUrl }, logger);
  }
  await platform.start();
  const app = await buildApp({
    ...platform.http,
    ...(options.logger && { logger: options.logger }),
  });
  await app.ready();
  return {
    app,
    platform,
    config,
    catalogUrl,
    shardUrl,
    close: async () => {
      await app.close();
      await platform.close();
    },
  };
}
