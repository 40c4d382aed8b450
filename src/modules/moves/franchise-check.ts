import { digestFranchise, integrityProblems } from './franchise-digest.repository.js';
import { franchiseTables, rowCounts } from './franchise-tables.repository.js';
import type { MoveContext } from './move-context.js';
import { fenceOf } from './move-fence.repository.js';
import { compareDigests } from './move-verify.js';

type CheckContext = Pick<MoveContext, 'repository' | 'links' | 'metrics'>;

export interface FranchiseCheck {
  readonly franchiseId: string;
  readonly shardId: string;
  readonly ok: boolean;
  /** Failures: broken references, a fenced home, a writable stray copy. */
  readonly problems: string[];
  /** Copies on other shards (old sources awaiting cleanup, aborted targets) and how they compare. */
  readonly leftovers: string[];
}

/**
 * `shards verify`: on the franchise's shard, the references logical
 * replication does not enforce and the fence (must be active); on every other
 * shard, any copy of the franchise, compared by counts and checksums, and
 * flagged as a failure if it could take writes (no fence). Failures count in
 * shard_consistency_check_failures_total.
 */
export async function checkFranchise(context: CheckContext, franchiseId: string): Promise<FranchiseCheck> {
  const franchise = await context.repository.placementOf(franchiseId);
  if (!franchise) throw new Error(`franchise ${franchiseId} does not exist`);
  const home = await context.links.get(franchise.shardId);
  const tables = await franchiseTables(home);
  const problems: string[] = [];
  const leftovers: string[] = [];
  for (const problem of await integrityProblems(home, franchiseId)) problems.push(`${problem.orphans} ${problem.table} row(s) reference missing ${problem.references}`);
  const fence = await fenceOf(home, franchiseId);
  if (fence && fence.state !== 'active') problems.push(`fence is ${fence.state} on its own shard ${home.shardId}`);
  const homeDigest = await digestFranchise(home, franchiseId, tables);
  for (const other of await context.links.all()) {
    if (other.shardId === home.shardId) continue;
    let total: number;
    try {
      total = [...(await rowCounts(other, franchiseId, tables)).values()].reduce((a, b) => a + b, 0);
    } catch {
      leftovers.push(`${other.shardId}: unreachable, not checked`);
      continue;
    }
    if (total === 0) continue;
    const otherFence = await fenceOf(other, franchiseId);
    const differences = compareDigests(homeDigest, await digestFranchise(other, franchiseId, tables));
    leftovers.push(`${other.shardId}: ${total} row(s), fence ${otherFence?.state ?? 'none'}, ${differences.length === 0 ? 'identical to the placement' : `differs in ${differences.map((d) => d.table).join(', ')}`}`);
    if (!otherFence || otherFence.state === 'active') problems.push(`writable stray copy on ${other.shardId} (${total} rows, no fence)`);
  }
  if (problems.length > 0) context.metrics.consistencyFailures.inc({ shard: home.shardId });
  return { franchiseId, shardId: home.shardId, ok: problems.length === 0, problems, leftovers };
}

export async function checkAll(context: CheckContext, onEach?: (check: FranchiseCheck) => void): Promise<FranchiseCheck[]> {
  const checks: FranchiseCheck[] = [];
  for (const id of await context.repository.franchiseIds()) {
    const check = await checkFranchise(context, id);
    onEach?.(check);
    checks.push(check);
  }
  return checks;
}
