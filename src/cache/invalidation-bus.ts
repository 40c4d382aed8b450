import type { Logger } from 'pino';
import type { RedisClient } from '../redis/redis-client.js';
import { ThrottledLog } from '../redis/throttled-log.js';

export const INVALIDATION_CHANNEL = 'bookedbarber:cache:invalidate';

/**
 * Tells every API node that a franchise's cached data changed, so each node's
 * in-process layer drops its copies at once instead of waiting for LRU/TTL.
 *
 * Correctness does not rest on this bus: entries are versioned by generation
 * tokens read from Redis on every lookup (see franchise-cache.ts), so a node
 * that misses a message never serves an old answer. The bus frees memory and
 * keeps the in-process layer small.
 */
export class InvalidationBus {
  private readonly errors: ThrottledLog;
  private listener: ((franchiseId: string) => void) | undefined;

  /** `subscriber` is a dedicated connection (a subscribed connection can run nothing else); the bus owns it. */
  constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    logger: Logger,
    private readonly channel = INVALIDATION_CHANNEL,
  ) {
    this.errors = new ThrottledLog(logger, 10_000);
  }

  /**
   * Subscribes; ioredis re-subscribes by itself after a reconnect. Waits at most
   * `waitMs` for Redis: a node must boot while Redis is down, and the queued
   * SUBSCRIBE runs once it connects.
   */
  async start(onInvalidate: (franchiseId: string) => void, waitMs = 1000): Promise<void> {
    this.listener = onInvalidate;
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.channel && message !== '') this.listener?.(message);
    });
    const subscribed = this.subscriber.subscribe(this.channel).then(
      () => true,
      (error: unknown) => {
        this.errors.warn({ err: error }, 'cache invalidation channel not subscribed');
        return false;
      },
    );
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), waitMs);
    });
    await Promise.race([subscribed, waited]);
    clearTimeout(timer);
  }

  /** Fire and forget: a lost message only delays freeing memory (see above). */
  publish(franchiseId: string): void {
    this.publisher.publish(this.channel, franchiseId).catch((error: unknown) => {
      this.errors.warn({ err: error }, 'cache invalidation message not published');
    });
  }

  async close(): Promise<void> {
    this.listener = undefined;
    this.subscriber.disconnect();
  }
}
