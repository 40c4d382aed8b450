import { describe, expect, test } from 'vitest';
import type { AppointmentStatus } from '../../db/shard-schema.js';
import { CHECK_IN_EARLY_MINUTES, UNDO_WINDOW_HOURS, allowedActions, canTransition, holdsChair, nextActionAt, refuseTransition, undoableUntil } from './status-transitions.js';
import type { TransitionSubject } from './status-transitions.js';

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

describe('time rules, at and around the start', () => {
  const start = new Date('2027-03-15T13:00:00Z');
  const at = (offsetMs: number) => new Date(start.getTime() + offsetMs);
  const MIN = 60_000;
  const subject = (status: AppointmentStatus, changedAt: Date | null = null, previous: 'booked' | 'checked_in' | null = null): TransitionSubject => ({
    status,
    startsAt: start,
    previousStatus: previous,
    statusChangedAt: changedAt,
  });

  test(`check-in opens exactly ${CHECK_IN_EARLY_MINUTES} minutes before the start`, () => {
    expect(refuseTransition(subject('booked'), 'checked_in', at(-CHECK_IN_EARLY_MINUTES * MIN - 1))).toMatchObject({ reason: 'too_early', opensAt: at(-CHECK_IN_EARLY_MINUTES * MIN) });
    expect(refuseTransition(subject('booked'), 'checked_in', at(-CHECK_IN_EARLY_MINUTES * MIN))).toBeNull();
    expect(allowedActions(subject('booked'), at(-CHECK_IN_EARLY_MINUTES * MIN - 1))).toEqual(['cancel']);
    expect(allowedActions(subject('booked'), at(-CHECK_IN_EARLY_MINUTES * MIN))).toEqual(['check_in', 'cancel']);
  });

  test('completed and no-show open exactly at the start', () => {
    expect(refuseTransition(subject('checked_in'), 'completed', at(-1))).toMatchObject({ reason: 'too_early', opensAt: start });
    expect(refuseTransition(subject('booked'), 'no_show', at(-1))).toMatchObject({ reason: 'too_early' });
    expect(refuseTransition(subject('checked_in'), 'completed', start)).toBeNull();
    expect(refuseTransition(subject('booked'), 'no_show', start)).toBeNull();
    expect(allowedActions(subject('checked_in'), at(-1))).toEqual(['cancel']);
    expect(allowedActions(subject('checked_in'), start)).toEqual(['complete', 'no_show', 'cancel']);
    expect(allowedActions(subject('booked'), start)).toEqual(['check_in', 'no_show', 'cancel']);
  });

  test('cancelling has no time rule; a wrong status is refused as such even when early', () => {
    expect(refuseTransition(subject('booked'), 'cancelled', at(-30 * 86_400_000))).toBeNull();
    expect(refuseTransition(subject('booked'), 'completed', at(-1))).toMatchObject({ reason: 'status' });
  });

  test('the next opening: check-in, then the start, then nothing', () => {
    expect(nextActionAt(subject('booked'), at(-60 * MIN))).toEqual(at(-CHECK_IN_EARLY_MINUTES * MIN));
    expect(nextActionAt(subject('booked'), at(-CHECK_IN_EARLY_MINUTES * MIN))).toEqual(start);
    expect(nextActionAt(subject('checked_in'), at(-1))).toEqual(start);
    expect(nextActionAt(subject('checked_in'), start)).toBeNull();
    expect(nextActionAt(subject('completed'), at(-1))).toBeNull();
  });

  test(`undo lasts ${UNDO_WINDOW_HOURS} hours after the change, not one millisecond more`, () => {
    const changed = at(10 * MIN);
    const end = new Date(changed.getTime() + UNDO_WINDOW_HOURS * 3_600_000);
    const done = subject('completed', changed, 'checked_in');
    expect(undoableUntil(done, changed)).toEqual(end);
    expect(undoableUntil(done, new Date(end.getTime() - 1))).toEqual(end);
    expect(undoableUntil(done, end)).toBeNull();
    expect(allowedActions(done, new Date(end.getTime() - 1))).toEqual(['undo']);
    expect(allowedActions(done, end)).toEqual([]);
  });

  test('nothing to undo without a remembered status, or once back at booked', () => {
    expect(undoableUntil(subject('cancelled', at(0), null), at(1))).toBeNull();
    expect(undoableUntil(subject('booked', at(0), 'checked_in'), at(1))).toBeNull();
    expect(allowedActions(subject('cancelled', at(0), 'booked'), at(1))).toEqual(['undo']);
  });
});
