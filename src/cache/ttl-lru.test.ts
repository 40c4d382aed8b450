import { describe, expect, it } from 'vitest';
import { TtlLru } from './ttl-lru.js';

describe('TtlLru (lru-cache with a hash-tag index)', () => {
  it('serves an entry until its expiry has passed, then forgets it', () => {
    let now = 1000;
    const lru = new TtlLru<string>(10, () => now);
    lru.set('a', 'A', 1500);
    expect(lru.get('a')).toBe('A');
    now = 1500;
    expect(lru.get('a')).toBe('A');
    now = 1501;
    expect(lru.get('a')).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it('does not store an entry that has already expired', () => {
    const now = 1000;
    const lru = new TtlLru<string>(10, () => now);
    lru.set('a', 'A', 5000);
    lru.set('a', 'old', 1000);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.size).toBe(0);
  });

  it('keeps entries without expiry and values that are null', () => {
    let now = 1000;
    const lru = new TtlLru<string | null>(10, () => now);
    lru.set('a', null, Infinity);
    now = 1e12;
    expect(lru.get('a')).toBeNull();
  });

  it('evicts the least recently used entry past its bound, one at a time', () => {
    const lru = new TtlLru<number>(2);
    lru.set('a', 1, Infinity);
    lru.set('b', 2, Infinity);
    lru.get('a');
    lru.set('c', 3, Infinity);
    expect(lru.size).toBe(2);
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

  it('keeps the tag index in step with evictions, expiries and overwrites', () => {
    let now = 100;
    const lru = new TtlLru<number>(2, () => now);
    lru.set('r:{f1}:a', 1, Infinity);
    lru.set('r:{f1}:a', 2, Infinity); // overwrite: still one key under f1
    lru.set('r:{f2}:a', 3, 110);
    lru.set('r:{f3}:a', 4, Infinity); // evicts f1's only key
    expect(lru.deleteTag('f1')).toBe(0);
    now = 111;
    expect(lru.get('r:{f2}:a')).toBeUndefined(); // expired
    expect(lru.deleteTag('f2')).toBe(0);
    expect(lru.deleteTag('f3')).toBe(1);
    expect(lru.size).toBe(0);
  });
});
