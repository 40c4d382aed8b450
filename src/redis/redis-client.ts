import { Cluster, Redis } from 'ioredis';
import type { ClusterOptions, RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { ThrottledLog } from './throttled-log.js';
import { traceRedisClient } from '../observability/tracing/redis-tracing.js';
import { parseRedisUrl, redactRedisUrl } from './redis-url.js';
import type { RedisCredentials, RedisTarget } from './redis-url.js';

/** Standalone and Sentinel clients are `Redis`; a Cluster client is `Cluster`. Both take the same commands. */
export type RedisClient = Redis | Cluster;

export interface RedisClientOptions {
  readonly logger: Logger;
  /** Shown in CLIENT LIST, e.g. "bookedbarber:cache". */
  readonly connectionName?: string;
  readonly connectTimeoutMs?: number;
  /** Every command fails after this long: a slow Redis must cost a request at most this. */
  readonly commandTimeoutMs?: number;
  /**
   * Off by default: while disconnected, commands fail at once instead of
   * queueing, so a dead Redis degrades to the database immediately. A pub/sub
   * subscriber turns it on so SUBSCRIBE waits for the first connection.
   */
  readonly offlineQueue?: boolean;
}

export const REDIS_DEFAULTS = { connectTimeoutMs: 500, commandTimeoutMs: 250 } as const;

/** Reconnect forever, backing off from 50 ms to 2 s, with jitter so a fleet does not reconnect in lockstep. */
export function reconnectDelayMs(attempt: number): number {
  const base = Math.min(2000, 50 * 2 ** Math.min(attempt, 6));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

/** One ioredis setup for every REDIS_URL form (standalone, TLS, Sentinel, Cluster). */
export function createRedisClient(url: string | RedisTarget, options: RedisClientOptions): RedisClient {
  const target = typeof url === 'string' ? parseRedisUrl(url) : url;
  const common: RedisOptions = {
    connectTimeout: options.connectTimeoutMs ?? REDIS_DEFAULTS.connectTimeoutMs,
    commandTimeout: options.commandTimeoutMs ?? REDIS_DEFAULTS.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: options.offlineQueue ?? false,
    ...(options.connectionName && { connectionName: options.connectionName }),
    ...credentialOptions(target.auth),
    ...(target.tls && { tls: {} }),
  };
  const client = build(target, common, options.offlineQueue ?? false);
  watchConnection(client, typeof url === 'string' ? redactRedisUrl(url) : target.kind, options.logger);
  return traceRedisClient(client, options.connectionName ?? 'redis');
}

function build(target: RedisTarget, common: RedisOptions, offlineQueue: boolean): RedisClient {
  switch (target.kind) {
    case 'standalone':
      return new Redis({ ...common, host: target.address.host, port: target.address.port, db: target.db, retryStrategy: reconnectDelayMs });
    case 'sentinel':
      return new Redis({
        ...common,
        sentinels: target.sentinels.map(({ host, port }) => ({ host, port })),
        name: target.masterName,
        db: target.db,
        retryStrategy: reconnectDelayMs,
        sentinelRetryStrategy: reconnectDelayMs,
        ...(target.sentinelAuth.username && { sentinelUsername: target.sentinelAuth.username }),
        ...(target.sentinelAuth.password && { sentinelPassword: target.sentinelAuth.password }),
        ...(target.tls && { enableTLSForSentinelMode: true }),
      });
    case 'cluster': {
      const { enableOfflineQueue: _queue, retryStrategy: _retry, ...redisOptions } = common;
      const clusterOptions: ClusterOptions = {
        enableOfflineQueue: offlineQueue,
        clusterRetryStrategy: reconnectDelayMs,
        slotsRefreshTimeout: common.connectTimeout ?? REDIS_DEFAULTS.connectTimeoutMs,
        redisOptions,
      };
      return new Cluster(
        target.nodes.map(({ host, port }) => ({ host, port })),
        clusterOptions,
      );
    }
  }
}

function credentialOptions(auth: RedisCredentials): Pick<RedisOptions, 'username' | 'password'> {
  return { ...(auth.username && { username: auth.username }), ...(auth.password && { password: auth.password }) };
}

/** ioredis emits an 'error' per failed reconnect; log the first, then at most one line per 10 s. */
function watchConnection(client: RedisClient, where: string, logger: Logger): void {
  const errors = new ThrottledLog(logger, 10_000);
  let wasReady = false;
  client.on('error', (error: Error) => errors.warn({ err: error, redis: where }, 'redis connection error'));
  client.on('ready', () => {
    if (wasReady) logger.info({ redis: where }, 'redis connection restored');
    wasReady = true;
  });
  client.on('end', () => logger.debug({ redis: where }, 'redis connection closed'));
}

/** Closes a client without waiting for a dead server. */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status === 'end') return;
  try {
    await Promise.race([client.quit(), new Promise((resolve) => setTimeout(resolve, 500).unref())]);
  } catch {
    // Already disconnected: quit() rejects, disconnect() below still frees the socket and timers.
  }
  client.disconnect();
}
