import { describe, expect, test } from 'vitest';
import { computeSlots, mergeIntervals } from './slot-engine.js';
import type { BarberCalendar, SlotRules, WeeklyHours } from './slot-engine.js';
import { createZoneClock } from '../../time/wall-clock.js';

const MIN = 60_000;
const H = 3600;

function rules(zone: string, dates: readonly string[], options: Partial<Omit<SlotRules, 'clock' | 'dates'>> & { minutes?: number; step?: number } = {}): SlotRules {
  return {
    clock: createZoneClock(zone),
    dates,
    durationMs: options.durationMs ?? (options.minutes ?? 30) * MIN,
    bufferMs: options.bufferMs ?? 0,
    stepMs: options.stepMs ?? (options.step ?? 15) * MIN,
    earliestStartMs: options.earliestStartMs ?? 0,
    lastBookableDate: options.lastBookableDate ?? '9999-12-31',
  };
}

const everyDay = (start: string, end: string): WeeklyHours[] =>
  [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, startSecond: toSeconds(start), endSecond: toSeconds(end) }));
const toSeconds = (hhmm: string): number => Number(hhmm.slice(0, 2)) * H + Number(hhmm.slice(3, 5)) * 60;

const barber = (id: string, weekly: WeeklyHours[], extra: Partial<BarberCalendar> = {}): BarberCalendar => ({ id, weekly, timeOff: [], busy: [], ...extra });

function starts(r: SlotRules, barbers: readonly BarberCalendar[]): string[] {
  return computeSlots(r, barbers).map((slot) => r.clock.format(slot.start));
}

describe('DST: a 09:00–17:00 day is 8 real hours on both transition days', () => {
  const cases = [
    ['America/New_York', '2027-03-14', '-04:00', '2027-11-07', '-05:00'],
    ['Europe/London', '2027-03-28', '+01:00', '2027-10-31', '+00:00'],
    ['Australia/Sydney', '2027-10-03', '+11:00', '2027-04-04', '+10:00'],
  ] as const;
  for (const [zone, springDay, springOffset, fallDay, fallOffset] of cases) {
    test(`${zone} spring forward ${springDay} and fall back ${fallDay}`, () => {
      for (const [day, offset] of [
        [springDay, springOffset],
        [fallDay, fallOffset],
      ] as const) {
        const r = rules(zone, [day]);
        const slots = computeSlots(r, [barber('a', everyDay('09:00', '17:00'))]);
        // 8 hours, 30-minute service, 15-minute step: 09:00 … 16:30.
        expect(slots).toHaveLength(31);
        expect(r.clock.format((slots[0] as { start: number }).start)).toBe(`${day}T09:00:00${offset}`);
        expect(r.clock.format((slots.at(-1) as { start: number }).start)).toBe(`${day}T16:30:00${offset}`);
        expect(r.clock.format((slots.at(-1) as { end: number }).end)).toBe(`${day}T17:00:00${offset}`);
        expect(slots.every((slot, i) => i === 0 || slot.start - (slots[i - 1] as { start: number }).start === 15 * MIN)).toBe(true);
      }
    });
  }

  test('New York spring forward: hours across the 02:00–03:00 gap are shorter in real time', () => {
    const r = rules('America/New_York', ['2027-03-14'], { minutes: 60, step: 30 });
    // 01:00 EST → 04:00 EDT is two real hours.
    expect(starts(r, [barber('a', everyDay('01:00', '04:00'))])).toEqual([
      '2027-03-14T01:00:00-05:00',
      '2027-03-14T01:30:00-05:00',
      '2027-03-14T03:00:00-04:00',
    ]);
  });

  test('New York fall back: the repeated 01:00–02:00 hour is offered twice, once per offset', () => {
    const r = rules('America/New_York', ['2027-11-07'], { minutes: 60, step: 60 });
    // 00:00 EDT → 03:00 EST is four real hours.
    expect(starts(r, [barber('a', everyDay('00:00', '03:00'))])).toEqual([
      '2027-11-07T00:00:00-04:00',
      '2027-11-07T01:00:00-04:00',
      '2027-11-07T01:00:00-05:00',
      '2027-11-07T02:00:00-05:00',
    ]);
  });

  test('London spring forward: hours starting inside the gap open when the clock jumps', () => {
    const r = rules('Europe/London', ['2027-03-28'], { minutes: 30, step: 30 });
    expect(starts(r, [barber('a', everyDay('01:30', '03:00'))])).toEqual(['2027-03-28T02:30:00+01:00']);
  });

  test('Sydney fall back (April): 02:00–03:00 happens twice', () => {
    const r = rules('Australia/Sydney', ['2027-04-04'], { minutes: 30, step: 30 });
    expect(starts(r, [barber('a', everyDay('02:00', '03:00'))])).toEqual([
      '2027-04-04T02:00:00+11:00',
      '2027-04-04T02:30:00+11:00',
      '2027-04-04T02:00:00+10:00',
      '2027-04-04T02:30:00+10:00',
    ]);
  });

  test('Sydney spring forward (October): 02:00–03:00 does not exist', () => {
    const r = rules('Australia/Sydney', ['2027-10-03'], { minutes: 30, step: 30 });
    expect(starts(r, [barber('a', everyDay('01:00', '04:00'))])).toEqual([
      '2027-10-03T01:00:00+10:00',
      '2027-10-03T01:30:00+10:00',
      '2027-10-03T03:00:00+11:00',
      '2027-10-03T03:30:00+11:00',
    ]);
  });
});

describe('rules', () => {
  const day = '2027-06-09'; // a Wednesday, no DST change
  const zone = 'America/New_York';
  const at = (hhmm: string): number => createZoneClock(zone).toInstant(day, toSeconds(hhmm));

  test('an appointment blocks its range plus the new service buffer, and its own buffer', () => {
    // Existing: 10:00–10:30 with a 15-minute buffer → the chair is busy 10:00–10:45.
    const b = barber('a', everyDay('09:00', '12:00'), { busy: [{ start: at('10:00'), end: at('10:45') }] });
    const r = rules(zone, [day], { minutes: 30, bufferMs: 15 * MIN });
    const listed = starts(r, [b]).map((s) => s.slice(11, 16));
    // 09:15 blocks 09:15–10:00: fits exactly. 09:30 would block until 10:15: no. 10:45 is the first after.
    expect(listed).toEqual(['09:00', '09:15', '10:45', '11:00', '11:15', '11:30']);
  });

  test('the buffer may run past closing time, the service may not', () => {
    const r = rules(zone, [day], { minutes: 30, bufferMs: 30 * MIN });
    const listed = starts(r, [barber('a', everyDay('09:00', '10:00'))]).map((s) => s.slice(11, 16));
    expect(listed).toEqual(['09:00', '09:15', '09:30']);
  });

  test('time off removes every slot whose service overlaps it', () => {
    const b = barber('a', everyDay('11:00', '14:00'), { timeOff: [{ start: at('12:00'), end: at('13:00') }] });
    const listed = starts(rules(zone, [day]), [b]).map((s) => s.slice(11, 16));
    expect(listed).toEqual(['11:00', '11:15', '11:30', '13:00', '13:15', '13:30']);
  });

  test('minimum notice: nothing before now + notice, and the grid is kept', () => {
    const r = rules(zone, [day], { earliestStartMs: at('10:07') });
    const listed = starts(r, [barber('a', everyDay('09:00', '11:00'))]).map((s) => s.slice(11, 16));
    expect(listed).toEqual(['10:15', '10:30']);
  });

  test('horizon: no slot on a date after lastBookableDate', () => {
    const r = rules(zone, ['2027-06-09', '2027-06-10', '2027-06-11'], { lastBookableDate: '2027-06-10', minutes: 60, step: 60 });
    const listed = starts(r, [barber('a', everyDay('09:00', '11:00'))]);
    expect(listed).toEqual(['2027-06-09T09:00:00-04:00', '2027-06-09T10:00:00-04:00', '2027-06-10T09:00:00-04:00', '2027-06-10T10:00:00-04:00']);
  });

  test('starts step from each working interval start', () => {
    const weekly = [
      { weekday: 3, startSecond: toSeconds('09:10'), endSecond: toSeconds('10:30') },
      { weekday: 3, startSecond: toSeconds('13:05'), endSecond: toSeconds('14:00') },
    ];
    const listed = starts(rules(zone, [day], { step: 20 }), [barber('a', weekly)]).map((s) => s.slice(11, 16));
    expect(listed).toEqual(['09:10', '09:30', '09:50', '13:05', '13:25']);
  });

  test('touching or overlapping intervals of one day are one stretch of work', () => {
    const weekly = [
      { weekday: 3, startSecond: toSeconds('09:00'), endSecond: toSeconds('10:00') },
      { weekday: 3, startSecond: toSeconds('10:00'), endSecond: toSeconds('11:00') },
      { weekday: 3, startSecond: toSeconds('09:30'), endSecond: toSeconds('10:15') },
    ];
    const listed = starts(rules(zone, [day], { minutes: 60, step: 30 }), [barber('a', weekly)]).map((s) => s.slice(11, 16));
    expect(listed).toEqual(['09:00', '09:30', '10:00']);
  });

  test('only the weekday that matches the local date counts', () => {
    const weekly = [{ weekday: 4, startSecond: toSeconds('09:00'), endSecond: toSeconds('10:00') }];
    expect(starts(rules(zone, [day]), [barber('a', weekly)])).toEqual([]);
    expect(starts(rules(zone, ['2027-06-10']), [barber('a', weekly)])).toHaveLength(3);
  });

  test('barbers are merged per start, in input order', () => {
    const a = barber('a', everyDay('09:00', '10:00'));
    const b = barber('b', everyDay('09:30', '10:30'), { busy: [{ start: at('09:30'), end: at('10:00') }] });
    const slots = computeSlots(rules(zone, [day]), [a, b]);
    expect(slots.map((s) => [createZoneClock(zone).format(s.start).slice(11, 16), s.barberIds])).toEqual([
      ['09:00', ['a']],
      ['09:15', ['a']],
      ['09:30', ['a']],
      ['10:00', ['b']],
    ]);
  });
});

test('mergeIntervals joins overlapping and touching intervals and sorts', () => {
  expect(
    mergeIntervals([
      { start: 5, end: 7 },
      { start: 1, end: 3 },
      { start: 3, end: 4 },
      { start: 6, end: 9 },
    ]),
  ).toEqual([
    { start: 1, end: 4 },
    { start: 5, end: 9 },
  ]);
});
