import fc from 'fast-check';
import { expect, test } from 'vitest';
import { computeSlots, workingIntervals } from './slot-engine.js';
import type { BarberCalendar, Interval, SlotRules } from './slot-engine.js';
import { addDays, createZoneClock } from '../../time/wall-clock.js';

const MIN = 60_000;
const DAY = 86_400_000;

/** Random shops around DST days; the engine must agree with a brute-force oracle. */
const scenario = fc
  .record({
    zone: fc.constantFrom('America/New_York', 'Europe/London', 'Australia/Sydney'),
    firstDate: fc.constantFrom('2027-03-13', '2027-03-27', '2027-04-03', '2027-06-09', '2027-10-02', '2027-10-30', '2027-11-06'),
    days: fc.integer({ min: 1, max: 3 }),
    durationMin: fc.integer({ min: 1, max: 24 }).map((n) => n * 5),
    bufferMin: fc.integer({ min: 0, max: 6 }).map((n) => n * 5),
    stepMin: fc.integer({ min: 1, max: 12 }).map((n) => n * 5),
    noticeOffsetMin: fc.integer({ min: -600, max: 3 * 24 * 60 }),
    horizonCut: fc.integer({ min: 0, max: 3 }),
    barbers: fc.array(
      fc.record({
        weekly: fc.array(
          fc.record({ weekday: fc.integer({ min: 1, max: 7 }), start: fc.integer({ min: 0, max: 287 }), length: fc.integer({ min: 1, max: 144 }) }),
          { maxLength: 5 },
        ),
        timeOff: fc.array(fc.record({ at: fc.integer({ min: 0, max: 4 * 24 * 12 }), length: fc.integer({ min: 1, max: 48 }) }), { maxLength: 3 }),
        busy: fc.array(fc.record({ at: fc.integer({ min: 0, max: 4 * 24 * 12 }), length: fc.integer({ min: 1, max: 36 }) }), { maxLength: 8 }),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map((s) => {
    const clock = createZoneClock(s.zone);
    const dates = Array.from({ length: s.days }, (_, i) => addDays(s.firstDate, i));
    const windowStart = Date.parse(s.firstDate) - DAY;
    const rules: SlotRules = {
      clock,
      dates,
      durationMs: s.durationMin * MIN,
      bufferMs: s.bufferMin * MIN,
      stepMs: s.stepMin * MIN,
      earliestStartMs: Date.parse(s.firstDate) + s.noticeOffsetMin * MIN,
      lastBookableDate: s.horizonCut === 3 ? '9999-12-31' : addDays(s.firstDate, s.horizonCut),
    };
    const fiveMin = (n: number): number => n * 5 * MIN;
    const barbers: BarberCalendar[] = s.barbers.map((b, i) => ({
      id: `barber-${i}`,
      weekly: b.weekly.map((w) => ({ weekday: w.weekday, startSecond: w.start * 300, endSecond: Math.min(86_400, (w.start + w.length) * 300) })),
      timeOff: b.timeOff.map((t) => ({ start: windowStart + fiveMin(t.at), end: windowStart + fiveMin(t.at + t.length) })),
      busy: b.busy.map((t) => ({ start: windowStart + fiveMin(t.at), end: windowStart + fiveMin(t.at + t.length) })),
    }));
    return { rules, barbers };
  });

const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;

/** Every grid point of every working interval, checked one by one against every rule. */
function oracle(rules: SlotRules, barber: BarberCalendar): number[] {
  const free: number[] = [];
  for (const date of rules.dates) {
    if (date > rules.lastBookableDate) continue;
    for (const hours of workingIntervals(date, barber.weekly, rules.clock.toInstant)) {
      for (let s = hours.start; s + rules.durationMs <= hours.end; s += rules.stepMs) {
        const service = { start: s, end: s + rules.durationMs };
        const blocked = { start: s, end: s + rules.durationMs + rules.bufferMs };
        if (s < rules.earliestStartMs) continue;
        if (barber.timeOff.some((t) => overlaps(t, service))) continue;
        if (barber.busy.some((b) => overlaps(b, blocked))) continue;
        free.push(s);
      }
    }
  }
  return free;
}

test('listed slots are exactly the free grid points (sound and complete)', () => {
  fc.assert(
    fc.property(scenario, ({ rules, barbers }) => {
      const slots = computeSlots(rules, barbers);
      for (const barber of barbers) {
        const listed = slots.filter((slot) => slot.barberIds.includes(barber.id)).map((slot) => slot.start);
        expect(listed).toEqual(oracle(rules, barber));
      }
    }),
    { numRuns: 400 },
  );
});

test('no listed slot breaks a rule', () => {
  fc.assert(
    fc.property(scenario, ({ rules, barbers }) => {
      for (const slot of computeSlots(rules, barbers)) {
        expect(slot.start).toBeGreaterThanOrEqual(rules.earliestStartMs);
        const date = rules.clock.localDate(slot.start);
        expect(date <= rules.lastBookableDate).toBe(true);
        for (const id of slot.barberIds) {
          const barber = barbers.find((b) => b.id === id) as BarberCalendar;
          const service = { start: slot.start, end: slot.start + rules.durationMs };
          const blocked = { start: slot.start, end: service.end + rules.bufferMs };
          expect(barber.busy.some((b) => overlaps(b, blocked))).toBe(false);
          expect(barber.timeOff.some((t) => overlaps(t, service))).toBe(false);
          const inside = rules.dates.some((d) =>
            workingIntervals(d, barber.weekly, rules.clock.toInstant).some(
              (h) => h.start <= service.start && service.end <= h.end && (service.start - h.start) % rules.stepMs === 0,
            ),
          );
          expect(inside).toBe(true);
        }
      }
    }),
    { numRuns: 300 },
  );
});
