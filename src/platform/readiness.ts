import { readinessCategory } from './readiness-category.js';

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

export interface ReadinessOptions {
  /** A result is reused this long, so a burst of /ready costs one round of probes. */
  readonly cacheMs?: number;
  /** A probe slower than this counts as failed ("timeout"). */
  readonly probeTimeoutMs?: number;
  /** Where the full error of a failed probe goes (the answer carries a category only). */
  readonly onProbeError?: (check: string, error: unknown) => void;
}

class ProbeTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Ready when the catalog answers and at least one shard does (one shard down
 * makes only its own franchises answer 503); never while draining. The probes
 * run at most once per `cacheMs` (concurrent callers share one run), and a
 * failed check says only what kind of failure it was: raw errors name hosts.
 */
export function createReadiness(probes: ReadinessProbes, options: ReadinessOptions = {}): ReadinessCheck & { startDraining(): void } {
  const cacheMs = options.cacheMs ?? 1_000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 2_000;
  let draining = false;
  let last: { at: number; report: Promise<Omit<ReadinessReport, 'draining'>> } | undefined;

  const run = async (): Promise<Omit<ReadinessReport, 'draining'>> => {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    const probe = async (name: string, work: () => Promise<void>): Promise<void> => {
      try {
        await withTimeout(work(), probeTimeoutMs);
        checks[name] = { ok: true };
      } catch (error) {
        options.onProbeError?.(name, error);
        checks[name] = { ok: false, detail: error instanceof ProbeTimeout ? 'timeout' : readinessCategory(error) };
      }
    };
    await probe('catalog', probes.catalog);
    let shards: readonly { readonly id: string; probe(): Promise<void> }[] = [];
    if (checks.catalog?.ok) await probe('shard list', async () => void (shards = await probes.shards()));
    if (checks['shard list']?.ok) delete checks['shard list'];
    await Promise.all(shards.map((shard) => probe(`shard:${shard.id}`, () => shard.probe())));
    try {
      const redis = await withTimeout(probes.redis(), probeTimeoutMs);
      // The in-process mode's fixed note is safe to show; a Redis failure is reduced to its kind.
      checks.redis = redis.ok ? (redis.detail === undefined ? { ok: true } : { ok: true, detail: redis.detail }) : { ok: false, detail: 'unreachable (degraded)' };
      if (!redis.ok) options.onProbeError?.('redis', new Error(redis.detail ?? 'redis not ok'));
    } catch (error) {
      options.onProbeError?.('redis', error);
      checks.redis = { ok: false, detail: error instanceof ProbeTimeout ? 'timeout' : 'unreachable (degraded)' };
    }
    const shardChecks = Object.entries(checks).filter(([name]) => name.startsWith('shard:'));
    const ready = checks.catalog?.ok === true && checks['shard list'] === undefined && (shardChecks.length === 0 || shardChecks.some(([, c]) => c.ok));
    return { ready, checks };
  };

  return {
    startDraining: () => {
      draining = true;
    },
    isDraining: () => draining,
    check: async (): Promise<ReadinessReport> => {
      const now = Date.now();
      if (!last || now - last.at >= cacheMs) {
        const report = run();
        last = { at: now, report };
        // A run that itself fails is not reused.
        report.catch(() => {
          if (last?.report === report) last = undefined;
        });
      }
      const report = await last.report;
      // Draining is read live: a stop must show at once, not a second later.
      return { ready: report.ready && !draining, draining, checks: report.checks };
    },
  };
}
