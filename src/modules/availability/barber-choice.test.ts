import { describe, expect, test } from 'vitest';
import { bookingsPerBarber, rankBarbers } from './barber-choice.js';

describe('anyone: fair choice among free barbers', () => {
  test('fewest bookings that day first', () => {
    const counts = new Map([
      ['a', 3],
      ['b', 1],
      ['c', 2],
    ]);
    expect(rankBarbers(['a', 'b', 'c'], counts)).toEqual(['b', 'c', 'a']);
  });

  test('a barber without bookings counts as zero', () => {
    expect(rankBarbers(['a', 'b'], new Map([['a', 1]]))[0]).toBe('b');
  });

  test('ties are broken at random, so every tied barber gets picked', () => {
    const counts = new Map([
      ['a', 1],
      ['b', 1],
      ['c', 1],
      ['d', 5],
    ]);
    const firsts = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const first = rankBarbers(['a', 'b', 'c', 'd'], counts)[0] as string;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    expect(firsts.get('d')).toBeUndefined();
    for (const id of ['a', 'b', 'c']) expect(firsts.get(id)).toBeGreaterThan(800);
  });

  test('the tie-break is injectable (deterministic tests)', () => {
    const values = [0.9, 0.1];
    const random = () => values.shift() ?? 0;
    expect(rankBarbers(['a', 'b'], new Map(), { random })).toEqual(['b', 'a']);
  });

  test('a preferred barber (reschedule keeps the same barber) goes first, busy or not', () => {
    expect(rankBarbers(['a', 'b'], new Map([['b', 4]]), { preferred: 'b' })).toEqual(['b', 'a']);
    expect(rankBarbers(['a'], new Map(), { preferred: 'z' })).toEqual(['a']);
  });

  test('filling a day by always taking the first choice spreads bookings evenly', () => {
    const counts = new Map([
      ['a', 0],
      ['b', 0],
      ['c', 0],
    ]);
    for (let i = 0; i < 9; i++) {
      const chosen = rankBarbers(['a', 'b', 'c'], counts)[0] as string;
      counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([3, 3, 3]);
  });
});

test('bookingsPerBarber counts appointments that start inside the day', () => {
  const barbers = [
    { id: 'a', weekly: [], timeOff: [], busy: [{ start: 5, end: 8 }, { start: 9, end: 12 }, { start: 20, end: 22 }] },
    { id: 'b', weekly: [], timeOff: [], busy: [] },
  ];
  expect(bookingsPerBarber(barbers, 0, 10)).toEqual(
    new Map([
      ['a', 2],
      ['b', 0],
    ]),
  );
});
