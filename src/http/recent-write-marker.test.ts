import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop } from '../../test/support/factories.js';
import type { Shop } from '../../test/support/factories.js';
import { createTestPlatform } from '../../test/support/test-platform.js';
import type { TestPlatform } from '../../test/support/test-platform.js';
import { slots } from '../../test/support/bookings.js';
import { RECENT_WRITE_COOKIE } from './request-hooks.js';

let tp: TestPlatform;
let shop: Shop;

beforeAll(async () => {
  tp = await createTestPlatform();
  shop = await makeShop(tp);
});
afterAll(async () => {
  await tp.close();
});

const page = (cookie?: string) => tp.app.inject({ method: 'GET', url: `/api/v1/locations/${shop.slug}`, headers: cookie ? { cookie } : {} });

/** Renames the location behind the cache's back (no invalidation): a read that shows the new name skipped the cache. */
async function renameQuietly(name: string): Promise<void> {
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  await db.updateTable('locations').set({ name }).where('franchise_id', '=', shop.franchiseId).where('id', '=', shop.locationId).execute();
}

/** A successful write answers with the marker cookie; returns `name=value`. */
async function writeAndTakeCookie(): Promise<string> {
  const [slot] = await slots(tp, shop, { date: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10), days: 7 });
  const res = await tp.app.inject({
    method: 'POST',
    url: `/api/v1/locations/${shop.slug}/bookings`,
    payload: { serviceId: shop.serviceIds[0], start: slot?.start, client: { name: 'Rw', email: `rw-${Date.now()}@example.test` } },
  });
  expect(res.statusCode, res.body).toBe(201);
  const cookie = res.cookies.find((c) => c.name === RECENT_WRITE_COOKIE);
  expect(cookie?.value).toMatch(/^\d+\.\d+\.[A-Za-z0-9_-]{22}$/);
  return `${RECENT_WRITE_COOKIE}=${cookie?.value as string}`;
}

describe('the read-your-writes cookie', () => {
  test('a forged, unsigned, expired or re-keyed value is ignored: reads use the cache; a genuine one after a write skips it', async () => {
    const original = (await page()).json().name as string;
    expect((await page()).json().name).toBe(original); // now cached
    await renameQuietly('Renamed behind the cache');

    const genuine = await writeAndTakeCookie();
    const [, value] = genuine.split('=') as [string, string];
    const [keyId, expires, mac] = value.split('.') as [string, string, string];
    const forged = [
      '1',
      'yes',
      `${keyId}.${Number(expires) + 60_000}.${mac}`, // lifetime stretched: the MAC no longer matches
      `${Number(keyId) + 1}.${expires}.${mac}`, // another key id
      `${keyId}.${Date.now() - 1_000}.${mac}`, // expired
      `${keyId}.${expires}.${'A'.repeat(22)}`,
    ];
    for (const v of forged) expect((await page(`${RECENT_WRITE_COOKIE}=${v}`)).json().name, v).toBe(original);
    expect((await page()).json().name).toBe(original);
    // Only the platform's own marker sends the read past the cache to the primary.
    expect((await page(genuine)).json().name).toBe('Renamed behind the cache');
  });
});
