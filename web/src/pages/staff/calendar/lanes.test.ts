import { describe, expect, it } from 'vitest';
import { layoutLanes } from './lanes.js';

describe('layoutLanes', () => {
  it('keeps separate blocks full width and splits overlapping ones', () => {
    const placed = layoutLanes([
      { id: 'a', start: 0, end: 30 },
      { id: 'b', start: 30, end: 60 },
      { id: 'c', start: 40, end: 90 },
      { id: 'd', start: 120, end: 150 },
    ]);
    expect(placed.get('a')).toEqual({ lane: 0, lanes: 1 });
    expect(placed.get('b')).toEqual({ lane: 0, lanes: 2 });
    expect(placed.get('c')).toEqual({ lane: 1, lanes: 2 });
    expect(placed.get('d')).toEqual({ lane: 0, lanes: 1 });
  });
});
