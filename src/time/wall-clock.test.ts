import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatInstant, localDateOf } from './instants.js';
import { addDays, createZoneClock, isoWeekday, secondOfDay } from './wall-clock.js';

const H = 3600;

describe('toInstant', () => {
  const ny = createZoneClock('America/New_York');

  test('an ordinary day uses that day offset', () => {
    expect(ny.format(ny.toInstant('2027-03-13', 9 * H))).toBe('2027-03-13T09:00:00-05:00');
    expect(ny.format(ny.toInstant('2027-03-15', 9 * H))).toBe('2027-03-15T09:00:00-04:00');
  });

  test('spring forward: a wall time in the skipped hour moves forward by the gap', () => {
    expect(ny.format(ny.toInstant('2027-03-14', 2 * H + 30 * 60))).toBe('2027-03-14T03:30:00-04:00');
    expect(ny.format(ny.toInstant('2027-03-14', 2 * H))).toBe('2027-03-14T03:00:00-04:00');
    expect(ny.format(ny.toInstant('2027-03-14', 1 * H + 59 * 60))).toBe('2027-03-14T01:59:00-05:00');
  });

  test('fall back: a repeated wall time is its first occurrence', () => {
    expect(ny.format(ny.toInstant('2027-11-07', 1 * H + 30 * 60))).toBe('2027-11-07T01:30:00-04:00');
    expect(ny.format(ny.toInstant('2027-11-07', 2 * H))).toBe('2027-11-07T02:00:00-05:00');
  });

  test('24:00 is the next midnight', () => {
    expect(ny.format(ny.toInstant('2027-03-13', 24 * H))).toBe('2027-03-14T00:00:00-05:00');
  });

  test('zones east of UTC and with half-hour offsets', () => {
    const sydney = createZoneClock('Australia/Sydney');
    expect(sydney.format(sydney.toInstant('2027-04-04', 2 * H + 30 * 60))).toBe('2027-04-04T02:30:00+11:00');
    expect(sydney.format(sydney.toInstant('2027-10-03', 2 * H + 30 * 60))).toBe('2027-10-03T03:30:00+11:00');
    const adelaide = createZoneClock('Australia/Adelaide');
    expect(adelaide.format(adelaide.toInstant('2027-06-01', 9 * H))).toBe('2027-06-01T09:00:00+09:30');
    const kolkata = createZoneClock('Asia/Kolkata');
    expect(kolkata.format(kolkata.toInstant('2027-06-01', 9 * H))).toBe('2027-06-01T09:00:00+05:30');
  });
});

describe('format and localDate agree with src/time/instants.ts', () => {
  const zones = ['America/New_York', 'Europe/London', 'Australia/Sydney', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC', 'Etc/UTC', 'America/St_Johns'];
  test('for any whole-second instant 2020–2040 in many zones', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(2020, 0, 1) / 1000, max: Date.UTC(2040, 0, 1) / 1000 }), (zone, seconds) => {
        const clock = createZoneClock(zone);
        const ms = seconds * 1000;
        expect(clock.format(ms)).toBe(formatInstant(ms, zone));
        expect(clock.localDate(ms)).toBe(localDateOf(ms, zone));
      }),
      { numRuns: 3000 },
    );
  });

  test('around every 2027 transition, minute by minute', () => {
    for (const [zone, iso] of [
      ['America/New_York', '2027-03-14T06:00:00Z'],
      ['America/New_York', '2027-11-07T05:00:00Z'],
      ['Europe/London', '2027-03-28T00:00:00Z'],
      ['Europe/London', '2027-10-31T00:00:00Z'],
      ['Australia/Sydney', '2027-04-03T15:00:00Z'],
      ['Australia/Lord_Howe', '2027-04-03T14:00:00Z'],
    ] as const) {
      const clock = createZoneClock(zone);
      const base = Date.parse(iso);
      for (let minute = -90; minute <= 90; minute++) {
        const ms = base + minute * 60_000;
        expect(clock.format(ms)).toBe(formatInstant(ms, zone));
      }
    }
  });
});

test('calendar helpers', () => {
  expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
  expect(isoWeekday('2027-03-14')).toBe(7);
  expect(isoWeekday('2027-03-15')).toBe(1);
  expect(secondOfDay('09:30:00')).toBe(9 * H + 1800);
  expect(secondOfDay('24:00:00')).toBe(24 * H);
  expect(secondOfDay('17:45')).toBe(17 * H + 45 * 60);
});

test('an unknown zone is refused', () => {
  expect(() => createZoneClock('Mars/Olympus')).toThrow(/invalid time zone/);
});
