import { expect, test } from 'vitest';
import { openingHours } from './location-page.mapper.js';

test('opening hours are the union of every barber hours, per weekday', () => {
  expect(
    openingHours([
      [1, '09:00:00', '13:00:00'],
      [1, '12:00:00', '17:00:00'],
      [1, '18:00:00', '20:30:00'],
      [3, '10:00:00', '24:00:00'],
      [3, '08:15:00', '09:00:00'],
      [2, '09:00:00', '09:30:30'],
    ]),
  ).toEqual([
    { weekday: 1, start: '09:00', end: '17:00' },
    { weekday: 1, start: '18:00', end: '20:30' },
    { weekday: 2, start: '09:00', end: '09:30:30' },
    { weekday: 3, start: '08:15', end: '09:00' },
    { weekday: 3, start: '10:00', end: '24:00' },
  ]);
  expect(openingHours([])).toEqual([]);
});
