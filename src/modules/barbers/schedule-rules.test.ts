import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { minutesOf, sortWeekly, weeklyScheduleErrors } from './schedule-rules.js';

describe('minutesOf', () => {
  it.each([
    ['00:00', 0],
    ['09:30', 570],
    ['23:59', 1439],
  ])('%s is %i minutes', (time, minutes) => expect(minutesOf(time)).toBe(minutes));

  it.each(['24:00', '25:61', '12:60', '9:00', '09:00:00', 'ab:cd', ''])('rejects %s', (time) => expect(minutesOf(time)).toBeNull());
});

describe('weeklyScheduleErrors', () => {
  it('accepts separate and touching intervals', () => {
    expect(
      weeklyScheduleErrors([
        { weekday: 2, start: '09:00', end: '12:00' },
        { weekday: 2, start: '12:00', end: '18:00' },
        { weekday: 3, start: '09:00', end: '18:00' },
      ]),
    ).toEqual([]);
  });

  it('names each bad field', () => {
    expect(
      weeklyScheduleErrors([
        { weekday: 1, start: '25:61', end: '18:00' },
        { weekday: 1, start: '10:00', end: '24:00' },
        { weekday: 2, start: '18:00', end: '09:00' },
        { weekday: 8, start: '09:00', end: '10:00' },
      ]).map((e) => e.field),
    ).toEqual(['weekly.0.start', 'weekly.1.end', 'weekly.2.end', 'weekly.3.weekday']);
  });

  it('finds an overlap hidden behind a shorter interval', () => {
    const errors = weeklyScheduleErrors([
      { weekday: 5, start: '09:00', end: '18:00' },
      { weekday: 5, start: '10:00', end: '11:00' },
      { weekday: 5, start: '12:00', end: '13:00' },
    ]);
    expect(errors.map((e) => e.field)).toEqual(['weekly.1', 'weekly.2']);
  });

  it('agrees with a brute-force overlap check', () => {
    const interval = fc
      .record({ weekday: fc.integer({ min: 1, max: 2 }), start: fc.integer({ min: 0, max: 23 }), length: fc.integer({ min: 1, max: 6 }) })
      .filter((i) => i.start + i.length <= 23)
      .map((i) => ({ weekday: i.weekday, start: `${String(i.start).padStart(2, '0')}:00`, end: `${String(i.start + i.length).padStart(2, '0')}:00` }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 6 }), (weekly) => {
        const overlapping = weekly.some((a, i) =>
          weekly.some((b, j) => i !== j && a.weekday === b.weekday && (minutesOf(a.start) ?? 0) < (minutesOf(b.end) ?? 0) && (minutesOf(b.start) ?? 0) < (minutesOf(a.end) ?? 0)),
        );
        expect(weeklyScheduleErrors(weekly).length > 0).toBe(overlapping);
      }),
    );
  });
});

describe('sortWeekly', () => {
  it('orders by weekday, then start', () => {
    expect(
      sortWeekly([
        { weekday: 3, start: '09:00', end: '10:00' },
        { weekday: 1, start: '13:00', end: '14:00' },
        { weekday: 1, start: '08:00', end: '09:00' },
      ]).map((w) => `${w.weekday} ${w.start}`),
    ).toEqual(['1 08:00', '1 13:00', '3 09:00']);
  });
});
