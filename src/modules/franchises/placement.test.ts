import { describe, expect, it } from 'vitest';
import { chooseShard } from './placement.js';
import type { ShardCandidate } from './shard-candidates.repository.js';

const shard = (id: string, region: string, franchiseCount: number, weight = 100, acceptsAnyRegion = false): ShardCandidate => ({ id, region, franchiseCount, weight, acceptsAnyRegion });

describe('chooseShard', () => {
  it('takes the least loaded shard of the region, by franchises per weight', () => {
    const candidates = [shard('a', 'eu-west-1', 10), shard('b', 'eu-west-1', 15, 200), shard('c', 'us-east-1', 0)];
    expect(chooseShard(candidates, 'eu-west-1')?.id).toBe('b');
  });

  it('prefers a shard of the region over a shared one, even an emptier shared one', () => {
    const candidates = [shard('shared', 'us-east-1', 0, 100, true), shard('eu', 'eu-west-1', 50)];
    expect(chooseShard(candidates, 'eu-west-1')?.id).toBe('eu');
  });

  it('falls back to a shard that accepts any region when the region has none', () => {
    const candidates = [shard('shared', 'us-east-1', 3, 100, true), shard('us', 'us-east-1', 0)];
    expect(chooseShard(candidates, 'ap-southeast-1')?.id).toBe('shared');
  });

  it('finds nothing when no shard can take the region', () => {
    expect(chooseShard([shard('us', 'us-east-1', 0)], 'eu-west-1')).toBeUndefined();
  });

  it('breaks ties by shard id, so the choice is deterministic', () => {
    expect(chooseShard([shard('b', 'eu-west-1', 1), shard('a', 'eu-west-1', 1)], 'eu-west-1')?.id).toBe('a');
  });
});
