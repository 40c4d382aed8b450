import { expect, test } from 'vitest';
import type { AppointmentStatus } from '../../db/shard-schema.js';
import { canTransition, holdsChair } from './status-transitions.js';

const ALL: AppointmentStatus[] = ['booked', 'checked_in', 'completed', 'cancelled', 'no_show'];

test('exactly the documented transitions are allowed', () => {
  const allowed = ALL.flatMap((from) => ALL.filter((to) => canTransition(from, to)).map((to) => `${from}→${to}`));
  expect(allowed.sort()).toEqual(
    ['booked→checked_in', 'booked→no_show', 'booked→cancelled', 'checked_in→completed', 'checked_in→no_show', 'checked_in→cancelled'].sort(),
  );
});

test('chair-holding statuses match the exclusion constraint', () => {
  expect(ALL.filter(holdsChair)).toEqual(['booked', 'checked_in', 'completed']);
});
