import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../observability/metrics.js';
import { MemorySessionStore } from '../sessions/memory-session-store.js';
import { createSharedState } from './shared-state.js';

describe('createSharedState without REDIS_URL (the embedded default)', () => {
  it('builds the in-process stores behind the same interfaces', async () => {
    const state = createSharedState({ redisUrl: undefined, metrics: new Metrics(), logger: pino({ level: 'silent' }), regionOf: async () => 'us-east-1' });
    await state.start();
    expect(state.mode).toBe('memory');
    expect(state.redis).toBeUndefined();
    expect(state.sessions).toBeInstanceOf(MemorySessionStore);
    expect(await state.health()).toMatchObject({ ok: true });
    const fid = randomUUID();
    expect(await state.cache.cached(fid, { tier: 'location_page', key: 'location:x', ttlSeconds: 60 }, async () => 1)).toBe(1);
    expect(await state.cache.cached(fid, { tier: 'location_page', key: 'location:x', ttlSeconds: 60 }, async () => 2)).toBe(1);
    expect((await state.rateLimits.get('apiPerIp').hit('192.0.2.1')).allowed).toBe(true);
    await state.close();
  });
});
