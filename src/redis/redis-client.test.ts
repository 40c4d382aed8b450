import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../test/support/redis-server.js';
import type { RedisTestServer } from '../../test/support/redis-server.js';
import { franchiseKey } from '../cache/cache-keys.js';
import { closeRedisClient, createRedisClient, reconnectDelayMs } from './redis-client.js';
import type { RedisClient } from './redis-client.js';

const logger = pino({ level: 'silent' });

async function ready(client: RedisClient, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (client.status !== 'ready') {
    if (Date.now() > deadline) throw new Error(`client still ${client.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function elapsed(run: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = performance.now();
  let error: unknown;
  try {
    await run();
  } catch (caught) {
    error = caught;
  }
  return { ms: performance.now() - started, error };
}

describe('createRedisClient on a standalone server', () => {
  let server: RedisTestServer;
  let client: RedisClient;

  beforeAll(async () => {
    server = await startRedisServer();
    client = createRedisClient(server.url, { logger, commandTimeoutMs: 200 });
    await ready(client);
  });
  afterAll(async () => {
    await closeRedisClient(client);
    await server.close();
  });

  it('runs commands', async () => {
    await client.set('k', 'v');
    expect(await client.get('k')).toBe('v');
  });

  it('fails fast while Redis is gone, and reconnects by itself when it is back', async () => {
    await server.kill();
    const down = await elapsed(() => client.get('k'));
    expect(down.error).toBeInstanceOf(Error);
    expect(down.ms).toBeLessThan(250);

    await server.start();
    await ready(client);
    await client.set('k', 'again');
    expect(await client.get('k')).toBe('again');
  });

  it('times a hung Redis out after commandTimeout', async () => {
    server.pause();
    try {
      const hung = await elapsed(() => client.get('k'));
      expect(String(hung.error)).toMatch(/timed out/i);
      expect(hung.ms).toBeGreaterThanOrEqual(150);
      expect(hung.ms).toBeLessThan(1000);
    } finally {
      server.resume();
    }
    await ready(client);
    expect(await client.get('k')).toBe('again');
  });

  it('backs off between reconnects, up to about 2 s, forever', () => {
    expect(reconnectDelayMs(0)).toBeLessThanOrEqual(60);
    expect(reconnectDelayMs(1000)).toBeGreaterThanOrEqual(1600);
    expect(reconnectDelayMs(1000)).toBeLessThanOrEqual(2400);
  });
});

describe('createRedisClient with redis+cluster://', () => {
  let server: RedisTestServer;
  let client: RedisClient;

  beforeAll(async () => {
    server = await startRedisServer({ cluster: true });
    client = createRedisClient(`redis+cluster://${server.host}:${server.port}`, { logger });
    await ready(client);
  });
  afterAll(async () => {
    await closeRedisClient(client);
    await server.close();
  });

  it('talks to the cluster, and one franchise keys share a slot (CLUSTER KEYSLOT)', async () => {
    const fid = '0190a5e2-7c1f-7d3a-9b2e-3f4a5b6c7d8e';
    const keys = ['gen', 'gen:bookings:l1', 'location:l1', 'availability:l1:s1:any:2027-03-14:7'].map((k) => franchiseKey('us-east-1', fid, k));
    // A multi-key command across slots is refused by a cluster; this one is legal.
    await client.mset(keys.flatMap((key) => [key, '1']));
    expect(await client.mget(...keys)).toEqual(['1', '1', '1', '1']);
    const slots = await Promise.all(keys.map((key) => client.cluster('KEYSLOT', key)));
    expect(new Set(slots).size).toBe(1);
  });
});

describe('createRedisClient with redis+sentinel://', () => {
  let master: RedisTestServer;
  let sentinel: RedisTestServer;
  let client: RedisClient;

  beforeAll(async () => {
    master = await startRedisServer();
    sentinel = await startRedisServer({ sentinelFor: master.port });
    client = createRedisClient(`redis+sentinel://${sentinel.host}:${sentinel.port}/mymaster`, { logger });
    await ready(client);
  });
  afterAll(async () => {
    await closeRedisClient(client);
    await sentinel.close();
    await master.close();
  });

  it('finds the master through the sentinel', async () => {
    await client.set('via-sentinel', 'yes');
    const direct = createRedisClient(master.url, { logger });
    await ready(direct);
    expect(await direct.get('via-sentinel')).toBe('yes');
    await closeRedisClient(direct);
  });
});
