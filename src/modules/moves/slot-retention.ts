import type { Logger } from 'pino';
import type { ShardHandle } from '../../db/shard-router.js';
import { slotRetention } from './replication-slots.repository.js';
import type { ReplicationSlot } from './replication-slots.repository.js';

export interface ShardSlots {
  readonly shardId: string;
  readonly slots: readonly ReplicationSlot[];
  readonly measuredAt: number;
}

/** What the monitor needs of the ShardRouter: the registered shards and a primary per shard. */
export interface SlotShardSource {
  shards(): Promise<readonly { readonly id: string; readonly region?: string }[]>;
  shard(shardId: string): Promise<ShardHandle>;
}

export interface SlotMonitorOptions {
  /** A new measurement is started at most this often. */
  readonly refreshMs: number;
  /** How long a scrape waits for a measurement it started before answering with the previous one. */
  readonly waitMs: number;
  /** A shard's measurement older than this is no longer reported (the shard stopped answering). */
  readonly keepMs: number;
}

const DEFAULTS: SlotMonitorOptions = { refreshMs: 10_000, waitMs: 1_000, keepMs: 120_000 };

/**
 * Slot measurements for /metrics. A scrape starts a measurement of every shard
 * when the last one is older than `refreshMs` and waits for it at most
 * `waitMs`: a slow or down shard costs a scrape that long, never more, and
 * keeps at most one query of its own in flight.
 */
export class SlotRetentionMonitor {
  private readonly measured = new Map<string, ShardSlots>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly failing = new Set<string>();
  private readonly options: SlotMonitorOptions;
  private shardIds: readonly string[] = [];
  private regions = new Map<string, string>();
  private lastRefreshAt = -Infinity;

  constructor(
    private readonly source: SlotShardSource,
    private readonly logger: Logger,
    options: Partial<SlotMonitorOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async current(): Promise<readonly ShardSlots[]> {
    if (Date.now() - this.lastRefreshAt >= this.options.refreshMs) {
      this.lastRefreshAt = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.waitMs)));
      await Promise.race([this.refresh(), waited]);
      clearTimeout(timer);
    }
    const oldest = Date.now() - this.options.keepMs;
    return this.shardIds.flatMap((id) => {
      const known = this.measured.get(id);
      return known && known.measuredAt >= oldest ? [known] : [];
    });
  }

  /**
   * Each shard's primary as the last measurement found it: it answered (up) or
   * failed (down). A shard not measured yet is left out rather than guessed.
   */
  reachability(): readonly { shardId: string; region: string; up: boolean }[] {
    return this.shardIds.flatMap((shardId) => {
      const up = !this.failing.has(shardId);
      return up && !this.measured.has(shardId) ? [] : [{ shardId, region: this.regions.get(shardId) ?? '', up }];
    });
  }

  private async refresh(): Promise<void> {
    try {
      const shards = await this.source.shards();
      this.shardIds = shards.map((shard) => shard.id);
      this.regions = new Map(shards.map((shard) => [shard.id, shard.region ?? '']));
    } catch (error) {
      // Catalog unreachable: keep measuring the shards known so far.
      this.logger.debug({ err: error }, 'slot monitor could not list shards');
    }
    for (const id of this.measured.keys()) if (!this.shardIds.includes(id)) this.measured.delete(id);
    await Promise.all(this.shardIds.map((id) => this.measureOnce(id)));
  }

  private measureOnce(shardId: string): Promise<void> {
    let running = this.inFlight.get(shardId);
    if (!running) {
      running = this.measure(shardId).finally(() => this.inFlight.delete(shardId));
      this.inFlight.set(shardId, running);
    }
    return running;
  }

  private async measure(shardId: string): Promise<void> {
    try {
      const slots = await slotRetention((await this.source.shard(shardId)).db);
      this.measured.set(shardId, { shardId, slots, measuredAt: Date.now() });
      if (this.failing.delete(shardId)) this.logger.info({ shard: shardId }, 'replication slots measurable again');
    } catch (error) {
      if (this.failing.has(shardId)) return;
      this.failing.add(shardId);
      this.logger.warn({ err: error, shard: shardId }, 'could not measure replication slots');
    }
  }
}
