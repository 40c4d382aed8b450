import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli-process.js';
import { makeShop } from '../support/factories.js';
import type { Shop } from '../support/factories.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/**
 * `franchises restore` refuses what it cannot do before it touches anything.
 * The whole restore runs in drill 2 (test/drills/backup-restore.test.ts).
 */
describe('bookedbarber franchises restore: bad input', () => {
  let tp: TestPlatform;
  let shop: Shop;
  let emptyDir: string;

  beforeAll(async () => {
    tp = await createTestPlatform();
    shop = await makeShop(tp);
    emptyDir = await mkdtemp(path.join(os.tmpdir(), 'bb-no-stanza-'));
  });
  afterAll(async () => {
    await tp?.close();
    if (emptyDir) await rm(emptyDir, { recursive: true, force: true });
  });

  const placement = async (): Promise<{ shard_id: string; placement_version: string }> =>
    tp.platform.core.catalog.selectFrom('franchises').select(['shard_id', 'placement_version']).where('id', '=', shop.franchiseId).executeTakeFirstOrThrow();

  it('needs an instant with its offset, and a backup folder', async () => {
    const before = await placement();
    for (const args of [
      ['franchises', 'restore', shop.franchiseId, '--backup-dir', emptyDir],
      ['franchises', 'restore', shop.franchiseId, '--to', '2026-12-07T22:00:00', '--backup-dir', emptyDir],
      ['franchises', 'restore', shop.franchiseId, '--to', 'yesterday', '--backup-dir', emptyDir],
      ['franchises', 'restore', shop.franchiseId, '--to', '2026-12-07T22:00:00Z'],
    ]) {
      const run = await runCliProcess(args, tp.catalogUrl);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toContain('--to must be an ISO 8601 instant with its offset');
    }
    expect(await placement()).toEqual(before);
  }, 60_000);

  it('says so when the folder holds no pgBackRest stanza, and changes nothing', async () => {
    const before = await placement();
    const run = await runCliProcess(['franchises', 'restore', shop.franchiseId, '--to', '2026-12-07T22:00:00Z', '--backup-dir', emptyDir], tp.catalogUrl);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no pgBackRest stanza was configured');
    expect(await placement()).toEqual(before);
  }, 60_000);
});
