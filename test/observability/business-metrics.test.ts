import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.js';
import { bookOk } from '../support/bookings.js';
import { makeShop, makeUser } from '../support/factories.js';
import type { Shop, TestUser } from '../support/factories.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';

/** The counters behind the business dashboard, as staff mark visits. */
describe('completed, no-show and revenue metrics', () => {
  let tp: TestPlatform;
  let shop: Shop;
  let owner: TestUser;
  const clock = fixedClock('2027-03-10T12:00:00Z');

  beforeAll(async () => {
    tp = await createTestPlatform({ clock });
    shop = await makeShop(tp, { currency: 'EUR', services: [{ name: 'Cut', durationMinutes: 30, priceCents: 4200 }] });
    owner = await makeUser(tp, { franchiseId: shop.franchiseId, role: 'owner' });
  });
  afterAll(async () => {
    await tp.close();
  });

  const mark = async (id: string, status: string): Promise<void> => {
    const res = await tp.app.inject({ method: 'PATCH', url: `/api/v1/franchises/${shop.franchiseId}/appointments/${id}`, headers: { cookie: owner.cookie }, payload: { status } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const value = async (name: string): Promise<number> => {
    const { values } = await tp.platform.core.metrics.registry.getSingleMetric(name)!.get();
    return values.filter((v) => v.labels.region === 'us-east-1').reduce((sum, v) => sum + v.value, 0);
  };

  it('count completions with their price, and no-shows, by region; a refused change counts nothing', async () => {
    const first = await bookOk(tp, shop, { start: '2027-03-11T09:00:00-05:00', barberId: shop.barberIds[0] as string });
    const second = await bookOk(tp, shop, { start: '2027-03-11T10:00:00-05:00', barberId: shop.barberIds[0] as string });
    clock.set('2027-03-11T15:00:00Z'); // 10:00 in New York: both visits have started, so they can be marked
    await mark(first.id, 'checked_in');
    await mark(first.id, 'completed');
    await mark(second.id, 'no_show');
    expect(await value('bookings_completed_total')).toBe(1);
    expect(await value('bookings_no_show_total')).toBe(1);
    const revenue = (await tp.platform.core.metrics.registry.getSingleMetric('booking_revenue_minor_units_total')!.get()).values;
    expect(revenue).toEqual([expect.objectContaining({ labels: { region: 'us-east-1', currency: 'EUR' }, value: 4200 })]);

    // Completed cannot become no-show: 409, and the counters stay.
    const refused = await tp.app.inject({ method: 'PATCH', url: `/api/v1/franchises/${shop.franchiseId}/appointments/${first.id}`, headers: { cookie: owner.cookie }, payload: { status: 'no_show' } });
    expect(refused.statusCode).toBe(409);
    expect(await value('bookings_no_show_total')).toBe(1);
    expect(await value('bookings_completed_total')).toBe(1);
  });
});
