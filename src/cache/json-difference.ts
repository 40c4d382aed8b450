/**
 * The first place two JSON values differ, as `path: left ≠ right`, or
 * undefined when they are equal. Object key order does not matter (it may differ
 * between a value read back from Redis and one just computed); array order does.
 */
export function jsonDifference(left: unknown, right: unknown, path = '$'): string | undefined {
  if (Object.is(left, right)) return undefined;
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let index = 0; index < Math.min(left.length, right.length); index++) {
      const inner = jsonDifference(left[index], right[index], `${path}[${index}]`);
      if (inner) return inner;
    }
    return left.length === right.length ? undefined : `${path}: ${left.length} items ≠ ${right.length} items`;
  }
  if (isObject(left) && isObject(right)) {
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      const inner = jsonDifference(left[key], right[key], `${path}.${key}`);
      if (inner) return inner;
    }
    return undefined;
  }
  return `${path}: ${preview(left)} ≠ ${preview(right)}`;
}

/** Round-trips a computed value through JSON, as the cache stores it (undefined members vanish, dates become strings). */
export const asStored = (value: unknown): unknown => (value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown));

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = value === undefined ? 'absent' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
