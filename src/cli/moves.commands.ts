import type { Platform } from '../composition-root.js';
import type { FranchiseCheck } from '../modules/moves/franchise-check.js';
import type { MoveResult } from '../modules/moves/move-types.js';
import type { PlannedMove } from '../modules/moves/rebalance-planner.js';
import type { CliIo } from './fleet.commands.js';
import { serveMetrics } from './metrics-endpoint.js';
import { printTable } from './table.js';

/** Lines for the CLI's usage text. */
export const MOVES_USAGE = [
  '  shards move <franchise-id> --to <shard> [--grace-seconds N] [--metrics-port P]   move one franchise online',
  '  shards moves list [--status running|completed|rolled_back|failed]',
  '  shards moves resume [--grace-seconds N]                      reconcile crashed moves, clean old sources, sweep orphans',
  '  shards verify <franchise-id> | --all                         counts, checksums, references; non-zero exit on failure',
  '  shards rebalance [--region R] [--max-concurrent N] [--dry-run] [--metrics-port P]',
  '  shards evacuate <shard> [--max-concurrent N] [--dry-run] [--metrics-port P]',
].join('\n');

const DEFAULT_GRACE_SECONDS = 30;
const num = (value: unknown, fallback: number): number => (typeof value === 'string' && Number.isFinite(Number(value)) ? Number(value) : fallback);
const live = (io: CliIo, line: string): void => {
  if (io.json) return;
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${line}`);
  else io.out(line);
};

/** `--metrics-port N`: /metrics served while the moves run (0 picks a free port, printed). */
async function withMetrics<T>(platform: Platform, io: CliIo, work: () => Promise<T>): Promise<T> {
  const port = io.flags['metrics-port'];
  if (typeof port !== 'string') return work();
  const endpoint = await serveMetrics(platform.core.metrics, num(port, 0));
  if (!io.json) io.out(`metrics: http://127.0.0.1:${endpoint.port}/metrics`);
  try {
    return await work();
  } finally {
    await endpoint.close();
  }
}

function summary(io: CliIo, results: readonly MoveResult[]): number {
  if (io.json) io.out(JSON.stringify(results, null, 2));
  else {
    if (process.stdout.isTTY) io.out('');
    printTable(io.out, ['franchise', 'from', 'to', 'status', 'pause ms', 'rows', 'bytes', 'seconds', 'error'], results.map((r) => [r.franchiseId, r.sourceShard, r.targetShard, r.status, r.pauseMs === null ? '-' : String(r.pauseMs), String(r.rowsCopied), String(r.bytesCopied), (r.durationMs / 1000).toFixed(1), r.error ?? '']));
  }
  return results.every((r) => r.status === 'completed') ? 0 : 1;
}

/** `shards move <franchise> --to <shard> [--grace-seconds N]` */
export async function moveCommand(platform: Platform, _catalogUrl: string, args: readonly string[], io: CliIo): Promise<number> {
  const [franchiseId] = args;
  const to = io.flags.to;
  if (!franchiseId || typeof to !== 'string') throw new Error('usage: shards move <franchise-id> --to <shard>');
  return withMetrics(platform, io, async () => {
    // The service also publishes the percent as migration_progress_percent.
    const result = await platform.moves.move(franchiseId, to, {
      sourceCleanupGraceMs: num(io.flags['grace-seconds'], DEFAULT_GRACE_SECONDS) * 1000,
      onProgress: (p) => {
        live(io, `move ${p.moveId} ${p.phase.padEnd(12)} ${String(p.percent).padStart(3)}%${p.detail ? `  ${p.detail}` : ''}`);
      },
    });
    const steps = Object.entries(result.pauseSteps ?? {});
    if (!io.json && steps.length > 0) io.out(`write pause ${result.pauseMs ?? '-'} ms; each step ended at: ${steps.map(([step, at]) => `${step} ${at} ms`).join(', ')}`);
    return summary(io, [result]);
  });
}

/** `shards moves list|resume` */
export async function movesCommand(platform: Platform, _catalogUrl: string, args: readonly string[], io: CliIo): Promise<number> {
  const [action = 'list'] = args;
  if (action === 'list') {
    const status = typeof io.flags.status === 'string' ? (io.flags.status as 'running') : undefined;
    const moves = await platform.moves.list({ ...(status && { status }), limit: num(io.flags.limit, 50) });
    if (io.json) io.out(JSON.stringify(moves, null, 2));
    else printTable(io.out, ['move', 'franchise', 'from', 'to', 'phase', 'status', 'pause ms', 'started', 'error'], moves.map((m) => [m.id, m.franchiseId, m.sourceShard, m.targetShard, m.phase, m.status, m.pauseMs === null ? '-' : String(m.pauseMs), m.createdAt.toISOString(), m.error ?? '']));
    return 0;
  }
  if (action === 'resume') {
    const report = await platform.moves.resume({ sourceCleanupGraceMs: num(io.flags['grace-seconds'], DEFAULT_GRACE_SECONDS) * 1000 });
    if (io.json) io.out(JSON.stringify(report, null, 2));
    else {
      io.out(`rolled back: ${report.rolledBack.length}, completed: ${report.completed.length}, still running elsewhere: ${report.stillRunning.length}, sources cleaned: ${report.sourcesCleaned.length}`);
      for (const line of report.swept) io.out(`swept ${line}`);
      for (const line of report.problems) io.out(`PROBLEM ${line}`);
    }
    return report.problems.length === 0 ? 0 : 1;
  }
  throw new Error(`unknown moves action "${action}" (list, resume)`);
}

/** `shards verify <franchise>|--all` */
export async function verifyCommand(platform: Platform, _catalogUrl: string, args: readonly string[], io: CliIo): Promise<number> {
  const [franchiseId] = args;
  if (!franchiseId && io.flags.all !== true) throw new Error('usage: shards verify <franchise-id> | --all');
  const print = (c: FranchiseCheck): void => {
    if (io.json) return;
    if (!c.ok || franchiseId) io.out(`${c.ok ? 'OK  ' : 'FAIL'} ${c.franchiseId} on ${c.shardId}${c.problems.length ? `: ${c.problems.join('; ')}` : ''}`);
    for (const leftover of c.leftovers) if (franchiseId || !c.ok) io.out(`     copy ${leftover}`);
  };
  const checks = franchiseId ? [await platform.moves.check(franchiseId)] : await platform.moves.checkAll(print);
  if (franchiseId) print(checks[0] as FranchiseCheck);
  const failed = checks.filter((c) => !c.ok).length;
  if (io.json) io.out(JSON.stringify(checks, null, 2));
  else io.out(`${checks.length} franchise(s) verified, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function runOrShow(platform: Platform, plan: readonly PlannedMove[], io: CliIo): Promise<number> {
  if (!io.json || io.flags['dry-run'] === true) {
    printTable(io.out, ['franchise', 'slug', 'from', 'to', 'why'], plan.map((p) => [p.franchiseId, p.slug, p.from, p.to, p.reason]));
    io.out(`${plan.length} move(s) planned${io.flags['dry-run'] === true ? ' (dry run: nothing moved)' : ''}`);
  }
  if (io.flags['dry-run'] === true || plan.length === 0) return 0;
  return withMetrics(platform, io, async () => {
    // Ctrl-C once: start no further move, let the running ones finish. Twice: leave at once ("moves resume" reconciles).
    const stop = new AbortController();
    const onInterrupt = (): void => {
      if (stop.signal.aborted) process.exit(130);
      stop.abort();
      io.out('\ninterrupted: no further move starts; waiting for the running ones (Ctrl-C again to leave now, then run "shards moves resume")');
    };
    process.on('SIGINT', onInterrupt);
    const results = await platform.moves.runPlan(plan, {
      signal: stop.signal,
      maxConcurrentPerSource: num(io.flags['max-concurrent'], 2),
      cleanupGraceMs: num(io.flags['grace-seconds'], DEFAULT_GRACE_SECONDS) * 1000,
      onCleanup: (c) => live(io, `old sources deleted: ${c.done}/${c.total} (each after the grace period since its flip)`),
      onProgress: (o) => live(io, `${o.percent.toFixed(1)}%  ${o.done}/${o.total} done  running: ${o.running.map((r) => `${r.franchiseId.slice(0, 8)} ${r.phase}`).join(', ')}`),
    }).finally(() => process.off('SIGINT', onInterrupt));
    const code = summary(io, results);
    if (results.length < plan.length) {
      if (!io.json) io.out(`${plan.length - results.length} planned move(s) not started; run the command again to plan them anew`);
      return 1;
    }
    return code;
  });
}

/** `shards rebalance [--region R] [--max-concurrent N] [--dry-run]` */
export async function rebalanceCommand(platform: Platform, _catalogUrl: string, _args: readonly string[], io: CliIo): Promise<number> {
  const plan = await platform.moves.planRebalance({ ...(typeof io.flags.region === 'string' && { region: io.flags.region }) });
  return runOrShow(platform, plan, io);
}

/** `shards evacuate <shard> [--max-concurrent N] [--dry-run]`: drains the shard, then moves every franchise off it. */
export async function evacuateCommand(platform: Platform, _catalogUrl: string, args: readonly string[], io: CliIo): Promise<number> {
  const [shardId] = args;
  if (!shardId) throw new Error('usage: shards evacuate <shard>');
  // Plan before draining: when some franchise has nowhere to go, the shard stays active and nothing changes.
  const plan = await platform.moves.planEvacuation(shardId);
  if (io.flags['dry-run'] === true) return runOrShow(platform, plan, io);
  await platform.shards.drain(shardId);
  // Again once draining: a franchise placed there in between is moved too.
  return runOrShow(platform, await platform.moves.planEvacuation(shardId), io);
}
