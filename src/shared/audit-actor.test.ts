import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeShop } from '../../test/support/factories.js';
import type { Shop } from '../../test/support/factories.js';
import { createTestPlatform } from '../../test/support/test-platform.js';
import type { TestPlatform } from '../../test/support/test-platform.js';
import { bookingBody } from '../../test/support/bookings.js';
import { fixedClock } from './clock.js';
import { newId } from '../db/ids.js';
import { recordAudit } from './audit.repository.js';
import { systemContext } from './request-context.js';

let tp: TestPlatform;
let shop: Shop;
beforeAll(async () => {
  // Loopback trusted: the test's requests come from a "proxy", so even an id it forwards is kept.
  tp = await createTestPlatform({ clock: fixedClock('2027-03-10T12:00:00Z'), env: { TRUST_PROXY: 'loopback' } });
  shop = await makeShop(tp);
});
afterAll(async () => tp.close());

const auditOf = async (entityId: string) => {
  const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
  return db.selectFrom('audit_log').select(['actor_kind', 'actor_user_id']).where('franchise_id', '=', shop.franchiseId).where('entity_id', '=', entityId).execute();
};

describe('the audit actor', () => {
  test('a public booking sent with X-Request-Id: system is audited as a client', async () => {
    const res = await tp.app.inject({
      method: 'POST',
      url: `/api/v1/locations/${shop.slug}/bookings`,
      headers: { 'x-request-id': 'system' },
      payload: bookingBody(shop, { start: '2027-03-11T09:00:00-05:00' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    // The id itself was accepted from the trusted peer; it just decides nothing.
    expect(res.headers['x-request-id']).toBe('system');
    expect(await auditOf((res.json() as { id: string }).id)).toEqual([{ actor_kind: 'client', actor_user_id: null }]);
  });

  test('a system context is audited as the system, whatever its request id', async () => {
    const entityId = newId();
    const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
    await recordAudit(db, systemContext('nightly-job'), { franchiseId: shop.franchiseId, action: 'test.noop', entity: 'test', entityId });
    expect(await auditOf(entityId)).toEqual([{ actor_kind: 'system', actor_user_id: null }]);
  });
});
