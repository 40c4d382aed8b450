import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer } from '../../test/support/redis-server.js';
import type { RedisTestServer } from '../../test/support/redis-server.js';
import { DomainError } from '../errors/domain-error.js';
import { Metrics } from '../observability/metrics.js';
import { closeRedisClient, createRedisClient } from '../redis/redis-client.js';
import type { RedisClient } from '../redis/redis-client.js';
import { MemorySessionStore } from './memory-session-store.js';
import { RedisSessionStore } from './redis-session-store.js';
import { describeSessionStoreContract } from '../../test/support/session-store-contract.js';

const logger = pino({ level: 'silent' });
let redis: RedisTestServer;
const clients: RedisClient[] = [];

/** A new connection, as a new API process (or another node) would open. */
async function connect(): Promise<RedisClient> {
  const client = createRedisClient(redis.url, { logger });
  clients.push(client);
  await waitReady(client);
  return client;
}

async function waitReady(client: RedisClient): Promise<void> {
  for (let i = 0; client.status !== 'ready'; i++) {
    if (i > 250) throw new Error(`redis client still ${client.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await Promise.all(clients.map(closeRedisClient));
  await redis.close();
});

describeSessionStoreContract('memory', ({ ttlSeconds, absoluteSeconds }) => new MemorySessionStore(ttlSeconds, Date.now, absoluteSeconds));
describeSessionStoreContract('redis', async ({ ttlSeconds, absoluteSeconds }) =>
  new RedisSessionStore(await connect(), { metrics: new Metrics(), logger }, { ttlSeconds, ...(absoluteSeconds !== undefined && { absoluteSeconds }) }));

describe('RedisSessionStore across processes and nodes', () => {
  it('keeps a session through an API restart (a new client and store)', async () => {
    const before = new RedisSessionStore(await connect(), { metrics: new Metrics(), logger });
    const session = await before.create(randomUUID());
    const after = new RedisSessionStore(await connect(), { metrics: new Metrics(), logger });
    expect(await after.touch(session.id)).toEqual(session);
  });

  it('signs out everywhere across nodes', async () => {
    const nodeA = new RedisSessionStore(await connect(), { metrics: new Metrics(), logger });
    const nodeB = new RedisSessionStore(await connect(), { metrics: new Metrics(), logger });
    const userId = randomUUID();
    const onA = await nodeA.create(userId);
    const onB = await nodeB.create(userId);
    expect(await nodeA.touch(onB.id)).not.toBeNull();
    await nodeB.deleteAllForUser(userId);
    expect(await nodeA.touch(onA.id)).toBeNull();
    expect(await nodeA.touch(onB.id)).toBeNull();
  });

  it('extends the TTL of the session and of its index on touch', async () => {
    const client = await connect();
    const sessions = new RedisSessionStore(client, { metrics: new Metrics(), logger }, { ttlSeconds: 100 });
    const userId = randomUUID();
    const session = await sessions.create(userId);
    const secret = session.id.split('.')[1] ?? '';
    await client.expire(`session:{${userId}}:${secret}`, 5);
    await client.expire(`session:{${userId}}:index`, 5);
    await sessions.touch(session.id);
    expect(await client.ttl(`session:{${userId}}:${secret}`)).toBeGreaterThan(90);
    expect(await client.ttl(`session:{${userId}}:index`)).toBeGreaterThan(90);
  });

  it('drops expired ids from a user index once it grows', async () => {
    const client = await connect();
    const sessions = new RedisSessionStore(client, { metrics: new Metrics(), logger }, { ttlSeconds: 1 });
    const userId = randomUUID();
    await Promise.all(Array.from({ length: 33 }, () => sessions.create(userId)));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const live = new RedisSessionStore(client, { metrics: new Metrics(), logger }, { ttlSeconds: 60 });
    await live.create(userId);
    expect(await client.scard(`session:{${userId}}:index`)).toBe(1);
  });

  it('with Redis down: touch answers null (counted), create and sign-out answer 503; all recover with Redis', async () => {
    const metrics = new Metrics();
    const client = await connect();
    const sessions = new RedisSessionStore(client, { metrics, logger });
    const userId = randomUUID();
    const session = await sessions.create(userId);

    await redis.kill();
    try {
      expect(await sessions.touch(session.id)).toBeNull();
      const errors = (await metrics.cacheRequests.get()).values.find((v) => v.labels.tier === 'sessions' && v.labels.result === 'error');
      expect(errors?.value).toBe(1);
      const refused = await sessions.create(userId).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DomainError);
      expect((refused as DomainError).code).toBe('SessionStoreUnavailable');
      expect((refused as DomainError).retryAfterSeconds).toBeGreaterThan(0);
      await expect(sessions.delete(session.id)).rejects.toBeInstanceOf(DomainError);
      await expect(sessions.deleteAllForUser(userId)).rejects.toBeInstanceOf(DomainError);
    } finally {
      await redis.start();
    }
    await waitReady(client);
    // Redis came back empty (no persistence in tests): the old session is gone, new ones work.
    const fresh = await sessions.create(userId);
    expect(await sessions.touch(fresh.id)).toEqual(fresh);
  });
});
