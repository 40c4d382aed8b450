import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import type { App } from './app-types.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { createTestPlatform } from '../../test/support/test-platform.js';
import type { TestPlatform } from '../../test/support/test-platform.js';
import { trustFunction } from './trusted-proxy.js';

describe('TRUST_PROXY parsing', () => {
  it.each([
    [undefined, false],
    ['false', false],
    ['0', false],
    ['true', true],
    ['1', 1],
    ['2', 2],
    ['10.0.0.0/8, 192.0.2.7', ['10.0.0.0/8', '192.0.2.7']],
    ['loopback,uniquelocal,fd00::/8', ['loopback', 'uniquelocal', 'fd00::/8']],
  ])('reads %s', (raw, expected) => {
    expect(loadConfig(raw === undefined ? {} : { TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it.each(['11', 'maybe', '10.0.0.0/33', '10.0.0.0/8/1', 'fd00::/129', 'example.com'])('refuses %s with a clear message', (raw) => {
    expect(() => loadConfig({ TRUST_PROXY: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: raw })).toThrow(/TRUST_PROXY/);
  });
});

describe('trustFunction', () => {
  it('trusts the nearest hops only, for a hop count', () => {
    const trust = trustFunction(1);
    expect([trust('10.1.2.3', 0), trust('198.51.100.1', 1)]).toEqual([true, false]);
  });

  it('trusts addresses in the listed ranges, IPv4 peers on a dual-stack socket included', () => {
    const trust = trustFunction(['10.0.0.0/8', 'loopback', '2001:db8::/32']);
    expect(trust('10.200.0.1', 0)).toBe(true);
    expect(trust('::ffff:10.200.0.1', 0)).toBe(true);
    expect(trust('127.0.0.1', 3)).toBe(true);
    expect(trust('2001:db8::5', 0)).toBe(true);
    expect(trust('11.0.0.1', 0)).toBe(false);
    expect(trust('not an address', 0)).toBe(false);
  });

  it('trusts everyone or no one for true and false', () => {
    expect(trustFunction(true)('203.0.113.1', 5)).toBe(true);
    expect(trustFunction(false)('127.0.0.1', 0)).toBe(false);
  });
});

/** An app whose one extra route answers what the server made of the caller. */
async function appTrusting(tp: TestPlatform, trustProxy: string): Promise<App> {
  const config = loadConfig({ DEMO_DATA: 'false', TRUST_PROXY: trustProxy });
  const { metrics, sessions, signingKeys } = tp.platform.core;
  return buildApp({
    config,
    metrics,
    sessions,
    signingKeys,
    readiness: tp.platform.readiness,
    apiRoutes: [(app) => void app.get('/whoami', async (request) => ({ ip: request.ip, requestId: request.id }))],
  });
}

describe('the client address and request id behind proxies', () => {
  let tp: TestPlatform;
  const apps: App[] = [];
  beforeAll(async () => {
    tp = await createTestPlatform();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await tp.close();
  });
  const make = async (trust: string): Promise<App> => {
    const app = await appTrusting(tp, trust);
    apps.push(app);
    return app;
  };
  const whoami = async (app: App, remoteAddress: string, headers: Record<string, string>) =>
    (await app.inject({ method: 'GET', url: '/api/v1/whoami', remoteAddress, headers })).json() as { ip: string; requestId: string };

  it('with a hop count of 1 takes the address the balancer appended, not one the client wrote', async () => {
    const app = await make('1');
    const seen = await whoami(app, '10.0.0.5', { 'x-forwarded-for': '192.0.2.66, 203.0.113.20' });
    expect(seen.ip).toBe('203.0.113.20');
  });

  it('with proxy ranges skips only the proxies in them', async () => {
    const app = await make('10.0.0.0/8');
    expect((await whoami(app, '10.0.0.5', { 'x-forwarded-for': '192.0.2.66, 203.0.113.20, 10.0.0.9' })).ip).toBe('203.0.113.20');
    // A peer outside the ranges is the client, whatever it forwards.
    expect((await whoami(app, '198.51.100.3', { 'x-forwarded-for': '192.0.2.66' })).ip).toBe('198.51.100.3');
  });

  it('with TRUST_PROXY=false ignores X-Forwarded-For', async () => {
    const app = await make('false');
    expect((await whoami(app, '198.51.100.3', { 'x-forwarded-for': '192.0.2.66' })).ip).toBe('198.51.100.3');
  });

  it('keeps a sane request id from a trusted proxy only', async () => {
    const app = await make('10.0.0.0/8');
    expect((await whoami(app, '10.0.0.5', { 'x-request-id': 'edge-123' })).requestId).toBe('edge-123');
    expect((await whoami(app, '198.51.100.3', { 'x-request-id': 'edge-123' })).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await whoami(app, '198.51.100.3', { 'x-request-id': 'system' })).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await whoami(app, '10.0.0.5', { 'x-request-id': 'x'.repeat(129) })).requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await whoami(app, '10.0.0.5', { 'x-request-id': 'bad id' })).requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
