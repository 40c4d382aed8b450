import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { fixedClock } from '../../shared/clock.js';
import { addKey, retireKey } from '../../shared/signing-keys.repository.js';
import { SigningKeys } from '../../shared/signing-keys.js';
import { parseManageToken, signLegacyManageToken, signManageToken } from './manage-token.js';
import { bookOk, expectProblem } from '../../../test/support/bookings.js';

// Wednesday 2027-03-10, 07:00 in New York. The keyring reads time from the platform clock.
const clock = fixedClock('2027-03-10T12:00:00Z');
const MINUTE = 60_000;
let tp: TestPlatform;
let shop: Shop;

beforeAll(async () => {
  tp = await createTestPlatform({ clock });
  shop = await makeShop(tp);
});
afterAll(async () => {
  await tp.close();
});

const get = (token: string) => tp.app.inject({ method: 'GET', url: `/api/v1/bookings/${token}` });
const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms).toISOString());
const keyIdOf = (token: string) => parseManageToken(token)?.keyId;
const secretOf = async (id: number) =>
  (await tp.platform.core.catalog.selectFrom('signing_keys').select('secret').where('id', '=', id).executeTakeFirstOrThrow()).secret;

describe('manage links across key rotation and expiry', () => {
  test('a tampered key id → 404, whether or not that key exists', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-11T09:00:00-05:00' });
    const bytes = Buffer.from(booked.manageToken, 'base64url');
    bytes[2] = (bytes[2] as number) ^ 1; // key 1 ↔ key 0 (or 2): the MAC no longer matches
    expectProblem(await get(bytes.toString('base64url')), 404, 'NotFound');
    // Re-signed with the real secret under an id no key has: still a plain 404.
    const secret = await secretOf(keyIdOf(booked.manageToken) as number);
    const claims = { franchiseId: shop.franchiseId, appointmentId: booked.id };
    expectProblem(await get(signManageToken({ id: 999, secret }, claims)), 404, 'NotFound');
    // The same secret under its own id is genuine: the test above failed for the id alone.
    expect((await get(signManageToken({ id: keyIdOf(booked.manageToken) as number, secret }, claims))).statusCode).toBe(200);
  });

  test('rotate: old links keep working; new links use the new key once every node has it; a retired key stops verifying', async () => {
    const before = await bookOk(tp, shop, { start: '2027-03-11T10:00:00-05:00' });
    const oldKey = keyIdOf(before.manageToken) as number;
    // A link from before key ids existed (version 1): key 1's secret, no id in the token.
    const legacy = signLegacyManageToken(await secretOf(1), { franchiseId: shop.franchiseId, appointmentId: before.id });
    const newKey = await addKey(tp.platform.core.catalog);
    expect(newKey).toBeGreaterThan(oldKey);

    // Within the refresh interval this node still signs with the key list it loaded.
    later(1_000);
    const during = await bookOk(tp, shop, { start: '2027-03-11T11:00:00-05:00' });
    expect(keyIdOf(during.manageToken)).toBe(oldKey);

    later(2 * MINUTE);
    const after = await bookOk(tp, shop, { start: '2027-03-11T12:00:00-05:00' });
    expect(keyIdOf(after.manageToken)).toBe(newKey);
    for (const token of [before.manageToken, legacy, during.manageToken, after.manageToken]) expect((await get(token)).statusCode, token).toBe(200);

    expect(await retireKey(tp.platform.core.catalog, oldKey, clock.now())).toBe('retired');
    later(2 * MINUTE);
    expectProblem(await get(before.manageToken), 404, 'NotFound');
    expectProblem(await get(legacy), 404, 'NotFound');
    expect((await get(after.manageToken)).statusCode).toBe(200);
    // The last active key cannot be retired: nothing could sign.
    expect(await retireKey(tp.platform.core.catalog, newKey, clock.now())).toBe('last active key');
  });

  test('a new key signs only once it is older than the refresh interval (every node has loaded it by then)', async () => {
    const catalog = tp.platform.core.catalog;
    const previous = await new SigningKeys(catalog).current();
    const created = await addKey(catalog);
    const { createdAt } = await catalog.selectFrom('signing_keys').select('created_at as createdAt').where('id', '=', created).executeTakeFirstOrThrow();
    let now = createdAt.getTime() + 1_000;
    const ring = new SigningKeys(catalog, { refreshMs: MINUTE, now: () => now });
    expect((await ring.current()).id).toBe(previous.id);
    // Another node's link signed with the new key verifies here at once: known ids verify as soon as they are loaded.
    expect((await ring.find(created))?.id).toBe(created);
    now = createdAt.getTime() + MINUTE + 1;
    expect((await ring.current()).id).toBe(created);
  });

  test('a link works until 30 days after its appointment ends, then → 404', async () => {
    const booked = await bookOk(tp, shop, { start: '2027-03-12T09:00:00-05:00' });
    const endsAt = new Date(booked.end).getTime();
    clock.set(new Date(endsAt + 30 * 24 * 60 * MINUTE).toISOString());
    expect((await get(booked.manageToken)).statusCode).toBe(200);
    clock.set(new Date(endsAt + 30 * 24 * 60 * MINUTE + 1_000).toISOString());
    expectProblem(await get(booked.manageToken), 404, 'NotFound');
    expectProblem(await tp.app.inject({ method: 'POST', url: `/api/v1/bookings/${booked.manageToken}/cancel` }), 404, 'NotFound');
  });
});
