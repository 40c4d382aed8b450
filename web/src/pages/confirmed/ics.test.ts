import { describe, expect, it } from 'vitest';
import { buildIcs } from './ics.js';

describe('buildIcs', () => {
  it('writes UTC times, escapes text and folds long lines', () => {
    const text = buildIcs(
      {
        uid: 'abc',
        start: '2027-03-14T09:00:00-04:00',
        end: '2027-03-14T09:30:00-04:00',
        summary: 'Haircut, with Sam; at Fade & Co',
        location: '214 Bedford Ave, Brooklyn',
        description: `Manage: https://example.test/manage/${'x'.repeat(100)}`,
        url: 'https://example.test/manage/abc',
      },
      new Date('2027-03-01T12:00:00Z'),
    );
    expect(text).toContain('DTSTART:20270314T130000Z\r\n');
    expect(text).toContain('DTEND:20270314T133000Z\r\n');
    expect(text).toContain('SUMMARY:Haircut\\, with Sam\\; at Fade & Co');
    expect(text.split('\r\n').every((line) => line.length <= 75)).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });
});
