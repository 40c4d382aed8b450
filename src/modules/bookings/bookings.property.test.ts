import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeShop } from '../../../test/support/factories.js';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { newId } from '../../db/ids.js';
import { fixedClock } from '../../shared/clock.js';
import { book, overlappingPairs, slots } from '../../../test/support/bookings.js';
import type { SlotJson } from '../../../test/support/bookings.js';

// Thursday 2027-03-11 10:00 in New York; the window covers the DST switch on Sunday the 14th.
const clock = fixedClock('2027-03-11T15:00:00Z');
let tp: TestPlatform;

beforeAll(async () => {
  tp = await createTestPlatform({ clock });
});
afterAll(async () => {
  await tp.close();
});

const shopConfig = fc.record({
  barbers: fc.integer({ min: 1, max: 3 }),
  durationMinutes: fc.constantFrom(15, 30, 45, 60, 90),
  bufferMinutes: fc.constantFrom(0, 5, 10, 15),
  slotStepMinutes: fc.constantFrom(5, 10, 15, 20, 30),
  minNoticeMinutes: fc.constantFrom(0, 30, 120, 1440),
  open: fc.constantFrom('00:00', '01:30', '08:00', '09:15'),
  close: fc.constantFrom('11:00', '17:00', '23:45'),
  timeOff: fc.array(fc.record({ barber: fc.nat(), hourOffset: fc.integer({ min: 0, max: 96 }), hours: fc.integer({ min: 1, max: 6 }) }), { maxLength: 4 }),
});

const picks = fc.array(fc.record({ slot: fc.nat(), barber: fc.nat(), anyone: fc.boolean() }), { minLength: 3, maxLength: 12 });

const FIRST_DATE = '2027-03-13';
const DAYS = 3;

test('every listed slot can be booked; a stale one fails only if this run took it since (list and book agree)', async () => {
  await fc.assert(
    fc.asyncProperty(shopConfig, picks, async (config, choices) => {
      const shop = await makeShop(tp, {
        barbers: config.barbers,
        hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: config.open, end: config.close })),
        policy: { slotStepMinutes: config.slotStepMinutes, minNoticeMinutes: config.minNoticeMinutes },
        services: [{ name: 'Cut', durationMinutes: config.durationMinutes, priceCents: 2000, bufferMinutes: config.bufferMinutes }],
      });
      const { db } = await tp.platform.core.router.primaryFor(shop.franchiseId);
      for (const off of config.timeOff) {
        const start = Date.parse('2027-03-13T05:00:00Z') + off.hourOffset * 3_600_000;
        await db
          .insertInto('time_off')
          .values({ franchise_id: shop.franchiseId, id: newId(), barber_id: shop.barberIds[off.barber % shop.barberIds.length] as string, starts_at: new Date(start), ends_at: new Date(start + off.hours * 3_600_000) })
          .execute();
      }

      // A list taken once, at the start: later picks from it may have been taken by earlier ones.
      const stale = await slots(tp, shop, { date: FIRST_DATE, days: DAYS });
      if (stale.length === 0) return;
      for (const choice of choices) {
        const slot = stale[choice.slot % stale.length] as SlotJson;
        const barberId = choice.anyone ? null : (slot.barberIds[choice.barber % slot.barberIds.length] as string);
        const fresh = await slots(tp, shop, { date: FIRST_DATE, days: DAYS });
        const listed = fresh.find((s) => s.start === slot.start);
        const expectedFree = listed !== undefined && (barberId === null || listed.barberIds.includes(barberId));
        const res = await book(tp, shop, { start: slot.start, barberId });
        expect(res.statusCode, `${slot.start} ${barberId ?? 'anyone'}: ${res.body}`).toBe(expectedFree ? 201 : 409);
        if (res.statusCode === 201) {
          const booked = res.json() as { barberId: string; start: string };
          expect(listed?.barberIds).toContain(booked.barberId);
          // Booked means gone from the list for that barber.
          const after = await slots(tp, shop, { date: FIRST_DATE, days: DAYS, barberId: booked.barberId });
          expect(after.map((s) => s.start)).not.toContain(booked.start);
        }
      }
      expect(await overlappingPairs(tp, shop.franchiseId)).toBe(0);
    }),
    { numRuns: 25 },
  );
}, 120_000);
