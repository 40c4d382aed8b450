import { expect, test } from 'vitest';
import { canonicalJson, requestHash } from './idempotency.js';

test('canonical JSON ignores key order and undefined members, not values', () => {
  expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  expect(requestHash('r', { a: 1, b: 2 })).toBe(requestHash('r', { b: 2, a: 1 }));
  expect(requestHash('r', { a: 1 })).not.toBe(requestHash('r', { a: 2 }));
  expect(requestHash('r1', { a: 1 })).not.toBe(requestHash('r2', { a: 1 }));
  expect(requestHash('r', { a: '1' })).not.toBe(requestHash('r', { a: 1 }));
});
