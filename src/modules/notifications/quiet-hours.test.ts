import { describe, expect, it } from 'vitest';
import { outsideQuietHours } from './quiet-hours.js';

const NY = 'America/New_York';

describe('SMS quiet hours', () => {
  it('leaves a text due in the day alone', () => {
    const due = new Date('2030-03-12T15:00:00Z'); // 11:00 New York
    expect(outsideQuietHours(due, new Date('2030-03-13T15:00:00Z'), NY, '21:00', '08:00')).toEqual(due);
  });

  it('holds a night text until 08:00 when the visit is later', () => {
    const due = new Date('2030-03-12T03:00:00Z'); // 23:00 New York on the 11th
    expect(outsideQuietHours(due, new Date('2030-03-12T16:00:00Z'), NY, '21:00', '08:00').toISOString()).toBe('2030-03-12T12:00:00.000Z');
  });

  it('sends just before the quiet time when 08:00 would be after the visit', () => {
    const due = new Date('2030-03-12T11:00:00Z'); // 07:00 New York, visit at 08:00
    expect(outsideQuietHours(due, new Date('2030-03-12T12:00:00Z'), NY, '21:00', '08:00').toISOString()).toBe('2030-03-12T00:59:00.000Z');
  });

  it('reads the wall clock across the spring-forward night', () => {
    const due = new Date('2030-03-10T08:30:00Z'); // 04:30 EDT, the night clocks jump
    expect(outsideQuietHours(due, new Date('2030-03-10T18:00:00Z'), NY, '21:00', '08:00').toISOString()).toBe('2030-03-10T12:00:00.000Z');
  });
});
