export interface ReadinessReport {
  readonly ready: boolean;
  readonly draining: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail?: string }>>;
}

/** What /ready asks: can this node serve traffic right now? */
export interface ReadinessCheck {
  check(): Promise<ReadinessReport>;
  /** True once a graceful stop has begun. */
  isDraining(): boolean;
}

export interface ReadinessProbes {
  /** Throws when the catalog does not answer. */
  catalog(): Promise<void>;
  /** The registered shards, each with a probe that throws when it does not answer. */
  shards(): Promise<readonly { readonly id: string; probe(): Promise<void> }[]>;
  /** Informational: without Redis the node degrades (no shared cache, new sign-ins) but still serves. */
  redis(): Promise<{ readonly ok: boolean; readonly detail?: string }>;
}

/**
 * Ready when the catalog answers and at least one shard does (one shard down
 * makes only its own franchises answer 503); never while draining.
 */
export function createReadiness(probes: ReadinessProbes): ReadinessCheck & { startDraining(): void } {
  let draining = false;
  return {
    startDraining: () => {
      draining = true;
    },
    isDraining: () => draining,
    check: async (): Promise<ReadinessReport> => {
      const checks: Record<string, { ok: boolean; detail?: string }> = {};
      const probe = async (name: string, run: () => Promise<void>): Promise<void> => {
        try {
          await run();
          checks[name] = { ok: true };
        } catch (error) {
          checks[name] = { ok: false, detail: error instanceof Error ? error.message : String(error) };
        }
      };
      await probe('catalog', probes.catalog);
      const shards = checks.catalog?.ok ? await probes.shards() : [];
      await Promise.all(shards.map((shard) => probe(`shard:${shard.id}`, () => shard.probe())));
      const redis = await probes.redis();
      checks.redis = redis.detail === undefined ? { ok: redis.ok } : { ok: redis.ok, detail: redis.detail };
      const shardChecks = Object.entries(checks).filter(([name]) => name.startsWith('shard:'));
      const ready = checks.catalog?.ok === true && (shardChecks.length === 0 || shardChecks.some(([, c]) => c.ok));
      return { ready: ready && !draining, draining, checks };
    },
  };
}
