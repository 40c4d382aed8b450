import { describe, expect, test } from 'vitest';
import { sqlTargetOf } from './sql-tracing.js';

describe('sqlTargetOf', () => {
  test('SQL spans name the shard and the role from the pool’s name', () => {
    expect(sqlTargetOf('bookedbarber:shard-1')).toEqual({ shard: 'shard-1', role: 'primary' });
    expect(sqlTargetOf('bookedbarber:shard-eu-2:replica')).toEqual({ shard: 'shard-eu-2', role: 'replica' });
    expect(sqlTargetOf('bookedbarber:catalog')).toEqual({ shard: 'catalog', role: 'primary' });
  });
});
