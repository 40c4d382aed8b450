import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids.js';
import { makeShop } from '../../../test/support/factories.js';
import type { Shop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { enqueueMessages, findMessage, listByAppointment, listByLocation, retirePendingReminders, retryMessage } from './outbox.repository.js';
import type { NewOutboxMessage } from './outbox.repository.js';

describe('outbox repository', () => {
  let tp: TestPlatform;
  let shop: Shop;
  let other: Shop;
  beforeAll(async () => {
    tp = await createTestPlatform();
    shop = await makeShop(tp);
    other = await makeShop(tp);
  });
  afterAll(async () => tp.close());

  const db = async (franchiseId: string) => (await tp.platform.core.router.primaryFor(franchiseId)).db;
  const now = new Date('2030-01-07T12:00:00Z');
  const message = (s: Shop, appointmentId: string, kind: NewOutboxMessage['kind'], dedupeKey: string): NewOutboxMessage => ({
    franchiseId: s.franchiseId,
    id: newId(),
    locationId: s.locationId,
    appointmentId,
    appointmentStartsAt: now,
    kind,
    channel: 'email',
    recipient: 'client@example.com',
    dedupeKey,
    sendAfter: now,
  });

  it('queues a dedupe key once, whatever is retried', async () => {
    const appointmentId = newId();
    const first = await enqueueMessages(await db(shop.franchiseId), [message(shop, appointmentId, 'confirmation', `${appointmentId}:confirmation`)], now);
    const again = await enqueueMessages(await db(shop.franchiseId), [message(shop, appointmentId, 'confirmation', `${appointmentId}:confirmation`)], now);
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    const listed = await listByAppointment(await db(shop.franchiseId), shop.franchiseId, appointmentId);
    expect(listed.map((m) => [m.id, m.kind, m.status])).toEqual([[first[0], 'confirmation', 'queued']]);
    // The same key in another franchise is another message.
    expect(await enqueueMessages(await db(other.franchiseId), [message(other, appointmentId, 'confirmation', `${appointmentId}:confirmation`)], now)).toHaveLength(1);
    expect(await listByAppointment(await db(other.franchiseId), shop.franchiseId, newId())).toEqual([]);
  });

  it('lists a location with dead and failed first, filters by status, and retries only dead or failed', async () => {
    const appointmentId = newId();
    const d = await db(shop.franchiseId);
    const [queued, dead] = await enqueueMessages(
      d,
      [message(shop, appointmentId, 'confirmation', `x:${appointmentId}:c`), message(shop, appointmentId, 'reminder', `x:${appointmentId}:r`)],
      now,
    );
    await d.updateTable('outbox').set({ status: 'dead', attempts: 5, last_error: 'SMTP 554' }).where('franchise_id', '=', shop.franchiseId).where('id', '=', dead as string).execute();

    const all = await listByLocation(d, { franchiseId: shop.franchiseId, locationId: shop.locationId, limit: 50 });
    expect(all[0]?.id).toBe(dead);
    expect(all.map((m) => m.id)).toContain(queued);
    const onlyDead = await listByLocation(d, { franchiseId: shop.franchiseId, locationId: shop.locationId, statuses: ['dead'], limit: 50 });
    expect(onlyDead.map((m) => m.id)).toEqual([dead]);
    expect(await listByLocation(d, { franchiseId: other.franchiseId, locationId: shop.locationId, limit: 50 })).toEqual([]);

    expect(await retryMessage(d, shop.franchiseId, queued as string, now)).toBeUndefined();
    expect(await retryMessage(d, other.franchiseId, dead as string, now)).toBeUndefined();
    const later = new Date(now.getTime() + 60_000);
    const retried = await retryMessage(d, shop.franchiseId, dead as string, later);
    expect(retried).toMatchObject({ status: 'queued', attempts: 0, sendAfter: later, lastError: 'SMTP 554' });
    expect(await retryMessage(d, shop.franchiseId, dead as string, later)).toBeUndefined();
  });

  it('retires pending reminders of a booking and leaves its other messages', async () => {
    const appointmentId = newId();
    const d = await db(shop.franchiseId);
    const [confirmation, reminder] = await enqueueMessages(
      d,
      [message(shop, appointmentId, 'confirmation', `y:${appointmentId}:c`), message(shop, appointmentId, 'reminder', `y:${appointmentId}:r`)],
      now,
    );
    expect(await retirePendingReminders(d, shop.franchiseId, appointmentId, 'booking cancelled', now)).toBe(1);
    expect((await findMessage(d, shop.franchiseId, reminder as string))?.status).toBe('skipped');
    expect((await findMessage(d, shop.franchiseId, confirmation as string))?.status).toBe('queued');
  });
});
