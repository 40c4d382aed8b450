import { describe, expect, it } from 'vitest';
import { jsonDifference } from './json-difference.js';

describe('comparing values', () => {
  it('names the first difference and ignores object key order', () => {
    expect(jsonDifference({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBeUndefined();
    expect(jsonDifference({ slots: [{ start: 'x' }] }, { slots: [{ start: 'y' }] })).toBe('$.slots[0].start: "x" ≠ "y"');
    expect(jsonDifference([1, 2], [1])).toBe('$: 2 items ≠ 1 items');
    expect(jsonDifference({ a: 1 }, {})).toBe('$.a: 1 ≠ absent');
  });
});
