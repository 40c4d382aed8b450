import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../http/error-handler.js';
import { registerApiRateLimit } from './api-rate-limit.js';
import { RateLimits } from './rate-limits.js';

const apps: FastifyInstance[] = [];

async function appWith(points: number, windowSeconds: number): Promise<FastifyInstance> {
  const limits = new RateLimits({ logger: pino({ level: 'silent' }), rules: { apiPerIp: { points, windowSeconds } } });
  const app = Fastify();
  registerErrorHandling(app);
  await app.register(
    async (api) => {
      api.get('/ping', async () => ({ ok: true }));
      registerApiRateLimit(api, limits.get('apiPerIp'));
    },
    { prefix: '/api/v1' },
  );
  app.get('/health', async () => ({ ok: true }));
  apps.push(app);
  return app;
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

describe('registerApiRateLimit', () => {
  it('sets the RateLimit headers, answers 429 problem+json with Retry-After, and lets requests through again after the window', async () => {
    const app = await appWith(2, 1);
    const first = await app.inject('/api/v1/ping');
    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '1', 'ratelimit-reset': '1', 'ratelimit-policy': '2;w=1' });
    expect((await app.inject('/api/v1/ping')).headers['ratelimit-remaining']).toBe('0');

    const limited = await app.inject('/api/v1/ping');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.headers['ratelimit-remaining']).toBe('0');
    expect(limited.json()).toMatchObject({ status: 429, code: 'RateLimited', type: 'https://bookedbarber.dev/problems/rate-limited' });

    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await app.inject('/api/v1/ping')).statusCode).toBe(200);
  });

  it('limits each address separately and only the scope it is registered on', async () => {
    const app = await appWith(1, 60);
    expect((await app.inject({ url: '/api/v1/ping', remoteAddress: '192.0.2.1' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/ping', remoteAddress: '192.0.2.1' })).statusCode).toBe(429);
    expect((await app.inject({ url: '/api/v1/ping', remoteAddress: '192.0.2.2' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/health', remoteAddress: '192.0.2.1' })).statusCode).toBe(200);
  });
});
