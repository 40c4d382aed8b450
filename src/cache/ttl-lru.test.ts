import { describe, expect, it } from 'vitest';
import { TtlLru } from './ttl-lru.js';

describe('TtlLru', () => {
  it('expires entries', () => {
    let now = 1000;
    const lru = new TtlLru<string>(10, () => now);
    lru.set('a', 'A', 1500);
    expect(lru.get('a')).toBe('A');
    now = 1500;
    expect(lru.get('a')).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it('evicts the least recently used entry past its bound', () => {
    const lru = new TtlLru<number>(2);
    lru.set('a', 1, Infinity);
    lru.set('b', 2, Infinity);
    lru.get('a');
    lru.set('c', 3, Infinity);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
  });

  it('drops every entry of one hash tag', () => {
    const lru = new TtlLru<number>(10);
    lru.set('r:{f1}:a', 1, Infinity);
    lru.set('r:{f1}:b', 2, Infinity);
    lru.set('r:{f2}:a', 3, Infinity);
    expect(lru.deleteTag('f1')).toBe(2);
    expect(lru.size).toBe(1);
    expect(lru.get('r:{f2}:a')).toBe(3);
    expect(lru.deleteTag('f1')).toBe(0);
  });
});
