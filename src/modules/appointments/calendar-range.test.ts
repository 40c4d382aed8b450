import { expect, test } from 'vitest';
import { DomainError } from '../../errors/domain-error.js';
import { parseCalendarRange } from './calendar-range.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
};

test('dates and instants', () => {
  expect(parseCalendarRange('2027-03-01', '2027-03-07')).toEqual({ from: { date: '2027-03-01' }, to: { date: '2027-03-07' } });
  expect(parseCalendarRange('2027-03-01T00:00:00-05:00', '2027-03-02T00:00:00Z')).toEqual({
    from: { instant: new Date('2027-03-01T05:00:00Z') },
    to: { instant: new Date('2027-03-02T00:00:00Z') },
  });
  // A single date is one whole day.
  expect(code(() => parseCalendarRange('2027-03-01', '2027-03-01'))).toBeUndefined();
});

test('bad, inverted or too long ranges are 400', () => {
  expect(code(() => parseCalendarRange('2027-02-30', '2027-03-07'))).toBe('ValidationFailed');
  expect(code(() => parseCalendarRange('2027-03-01T09:00', '2027-03-07'))).toBe('ValidationFailed');
  expect(code(() => parseCalendarRange('next week', '2027-03-07'))).toBe('ValidationFailed');
  expect(code(() => parseCalendarRange('2027-03-07', '2027-03-01'))).toBe('ValidationFailed');
  expect(code(() => parseCalendarRange('2027-03-01T10:00:00Z', '2027-03-01T10:00:00Z'))).toBe('ValidationFailed');
  // 62 whole days fit; 63 do not.
  expect(code(() => parseCalendarRange('2027-01-01', '2027-03-03'))).toBeUndefined();
  expect(code(() => parseCalendarRange('2027-01-01', '2027-03-04'))).toBe('ValidationFailed');
  expect(code(() => parseCalendarRange('2027-01-01', '2027-03-04T00:00:00Z'))).toBeUndefined();
  expect(code(() => parseCalendarRange('2027-01-01', '2027-03-04T00:00:01Z'))).toBe('ValidationFailed');
});
