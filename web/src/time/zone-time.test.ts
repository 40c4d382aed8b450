import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday, startOfWeek, todayIn } from './local-date.js';
import { offsetMinutes, wallMinutes, wallToInstant } from './zone-time.js';
import { parseMoney } from './money.js';

describe('wallToInstant', () => {
  it('writes a plain wall time with the zone offset of that day', () => {
    expect(wallToInstant('2027-03-10', '09:00', 'America/New_York')).toBe('2027-03-10T09:00:00-05:00');
    expect(wallToInstant('2027-07-01', '09:00', 'America/New_York')).toBe('2027-07-01T09:00:00-04:00');
    expect(wallToInstant('2027-07-01', '09:30', 'Asia/Kolkata')).toBe('2027-07-01T09:30:00+05:30');
    expect(wallToInstant('2027-07-01', '00:00', 'UTC')).toBe('2027-07-01T00:00:00+00:00');
  });

  it('moves a time inside a spring-forward gap to after the gap', () => {
    expect(wallToInstant('2027-03-14', '02:30', 'America/New_York')).toBe('2027-03-14T03:30:00-04:00');
    expect(wallToInstant('2027-03-28', '02:30', 'Europe/Berlin')).toBe('2027-03-28T03:30:00+02:00');
  });

  it('takes the earlier of two instants in a fall-back overlap', () => {
    expect(wallToInstant('2027-11-07', '01:30', 'America/New_York')).toBe('2027-11-07T01:30:00-04:00');
    expect(wallToInstant('2027-11-07', '03:00', 'America/New_York')).toBe('2027-11-07T03:00:00-05:00');
  });
});

describe('local dates', () => {
  it('adds days across month ends and DST changes', () => {
    expect(addDays('2027-03-13', 1)).toBe('2027-03-14');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('numbers weekdays from Monday = 1', () => {
    expect(isoWeekday('2027-03-15')).toBe(1);
    expect(isoWeekday('2027-03-14')).toBe(7);
    expect(startOfWeek('2027-03-14')).toBe('2027-03-08');
  });

  it("takes today from the shop's zone, not the visitor's", () => {
    const instant = new Date('2027-03-15T03:00:00Z');
    expect(todayIn('America/Los_Angeles', instant)).toBe('2027-03-14');
    expect(todayIn('Europe/Berlin', instant)).toBe('2027-03-15');
  });

  it('reads wall minutes and offsets', () => {
    expect(wallMinutes('2027-03-14T09:45:00-04:00')).toBe(585);
    expect(offsetMinutes('America/New_York', new Date('2027-07-01T12:00:00Z'))).toBe(-240);
  });
});

describe('parseMoney', () => {
  it('reads amounts people type', () => {
    expect(parseMoney('35')).toBe(3500);
    expect(parseMoney('$35.5')).toBe(3550);
    expect(parseMoney('12,99')).toBe(1299);
    expect(parseMoney('abc')).toBeNull();
  });
});
