import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeShop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';

/**
 * A move copies and verifies every table with a franchise_id column (read from
 * the shard, franchise-tables.repository.ts); the fence holds only where the
 * trigger of migration 0002 is. A table added by a later migration without it
 * could be written during a move's cut-over and lose the write.
 */
let tp: TestPlatform;
beforeAll(async () => {
  tp = await createTestPlatform();
});
afterAll(async () => {
  await tp.close();
});

test('every franchise table of the shard schema has the fence trigger', async () => {
  const shop = await makeShop(tp, { barbers: 1 });
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  const { rows } = await sql<{ table_name: string; guarded: boolean }>`
    SELECT c.relname AS table_name,
           EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'franchise_fence_guard') AS guarded
    FROM pg_class c
    WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
      AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'franchise_id' AND NOT a.attisdropped)
      AND c.relname NOT IN ('franchise_fence', 'move_markers')
    ORDER BY 1`.execute(db);
  expect(rows.map((row) => row.table_name)).toContain('weekly_hours_versions');
  expect(rows.filter((row) => !row.guarded).map((row) => row.table_name)).toEqual([]);
});
