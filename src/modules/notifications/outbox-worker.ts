import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CatalogDatabase } from '../../db/catalog-schema.js';
import type { ShardRouter } from '../../db/shard-router.js';
import type { Metrics } from '../../observability/metrics.js';
import type { Clock } from '../../shared/clock.js';
import { backlog } from './outbox-claims.repository.js';
import type { Dispatcher } from './dispatcher.js';

export interface WorkerOptions {
  /** Wait when a round found nothing due. */
  readonly pollMs: number;
  /** How often the backlog gauges are refreshed. */
  readonly gaugeMs?: number;
}

/**
 * Runs the dispatcher over every shard the catalog lists, re-reading the list
 * each round so shards added, drained or removed are followed. Any number of
 * workers may run: claims skip each other's rows. `stop()` ends the loop after
 * the sends in flight have finished (SIGTERM).
 */
export class OutboxWorker {
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private lastGauges = 0;

  constructor(
    private readonly router: ShardRouter,
    private readonly dispatcher: Dispatcher,
    private readonly deps: { readonly metrics: Metrics; readonly logger: Logger; readonly clock: Clock },
    private readonly options: WorkerOptions,
    /** Where account messages (password resets) wait; absent: this worker sends shard outboxes only. */
    private readonly catalog?: Kysely<CatalogDatabase>,
  ) {}

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** One pass over every shard until nothing is due; returns the messages claimed. Tests and the bench drive this directly. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (const info of await this.router.shards()) {
      if (this.stopping) break;
      try {
        const { db } = await this.router.shard(info.id);
        for (;;) {
          const claimed = await this.dispatcher.runOnce(db, info.id);
          total += claimed;
          if (claimed === 0 || this.stopping) break;
        }
      } catch (error) {
        // One shard down does not stop the others; its messages wait in its own database.
        this.deps.logger.warn({ err: error, shard: info.id }, 'outbox: could not dispatch on this shard');
      }
    }
    if (this.catalog && !this.stopping) {
      try {
        for (;;) {
          const claimed = await this.dispatcher.runAccountMessages(this.catalog);
          total += claimed;
          if (claimed === 0 || this.stopping) break;
        }
      } catch (error) {
        this.deps.logger.warn({ err: error }, 'outbox: could not dispatch account messages');
      }
    }
    return total;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const claimed = await this.drainOnce().catch((error: unknown) => {
        this.deps.logger.warn({ err: error }, 'outbox: round failed');
        return 0;
      });
      await this.refreshGauges();
      if (claimed === 0 && !this.stopping) await this.sleep(this.options.pollMs);
    }
  }

  private async refreshGauges(): Promise<void> {
    const now = Date.now();
    if (now - this.lastGauges < (this.options.gaugeMs ?? 10_000)) return;
    this.lastGauges = now;
    for (const info of await this.router.shards().catch(() => [])) {
      try {
        const { db } = await this.router.shard(info.id);
        const b = await backlog(db, this.deps.clock.now());
        this.deps.metrics.outboxPending.set({ shard: info.id }, b.pending);
        this.deps.metrics.outboxOldestDue.set({ shard: info.id }, b.oldestDueSeconds);
        this.deps.metrics.outboxDead.set({ shard: info.id }, b.dead);
      } catch (error) {
        this.deps.logger.debug({ err: error, shard: info.id }, 'outbox: backlog not read');
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
