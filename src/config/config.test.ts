import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig in production mode', () => {
  it('refuses to start without a catalog URL, naming the variable', () => {
    let caught: unknown;
    try {
      loadConfig({ BOOKEDBARBER_MODE: 'production' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([expect.stringMatching(/^CATALOG_DATABASE_URL is required in production mode/)]);
  });

  it('reports a wrong catalog URL and an unknown mode together', () => {
    expect(() => loadConfig({ BOOKEDBARBER_MODE: 'prod', CATALOG_DATABASE_URL: 'mysql://db/catalog' })).toThrow(
      /BOOKEDBARBER_MODE must be local or production[\s\S]*CATALOG_DATABASE_URL must use postgres:/,
    );
  });

  it('starts with a catalog URL and no demo data', () => {
    const config = loadConfig({ BOOKEDBARBER_MODE: 'production', CATALOG_DATABASE_URL: 'postgres://bookedbarber@catalog-rw:5432/catalog' });
    expect(config.mode).toBe('production');
    expect(config.demoData).toBe(false);
  });

  it('keeps the laptop default (embedded database) in local mode', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('local');
    expect(config.catalogDatabaseUrl).toBeUndefined();
  });
});

describe('demo data on an address others can reach', () => {
  it.each(['0.0.0.0', '::', '192.168.1.20'])('refuses HOST=%s with the demo owner, naming the way out', (host) => {
    expect(() => loadConfig({ HOST: host })).toThrow(ConfigError);
    expect(() => loadConfig({ HOST: host, DEMO_DATA: 'true' })).toThrow(/DEMO_ON_PUBLIC_HOST=true/);
  });

  it.each(['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2'])('allows it on loopback (%s)', (host) => {
    expect(loadConfig({ HOST: host }).demoData).toBe(true);
  });

  it('allows it on a public address only when asked for explicitly, and a public address without demo data', () => {
    expect(loadConfig({ HOST: '0.0.0.0', DEMO_ON_PUBLIC_HOST: 'true' })).toMatchObject({ demoData: true, demoOnPublicHost: true });
    expect(loadConfig({ HOST: '0.0.0.0', DEMO_DATA: 'false' }).demoData).toBe(false);
  });
});

describe('loadConfig: the ops port and periodic work', () => {
  it('serves everything on the public port unless OPS_PORT is set', () => {
    expect(loadConfig({}).opsPort).toBeUndefined();
    const split = loadConfig({ OPS_PORT: '8081', HOST: '0.0.0.0', DEMO_DATA: 'false' });
    expect(split.opsPort).toBe(8081);
    expect(split.opsHost).toBe('0.0.0.0');
    expect(loadConfig({ OPS_PORT: '8081', OPS_HOST: '127.0.0.1', HOST: '0.0.0.0', DEMO_DATA: 'false' }).opsHost).toBe('127.0.0.1');
  });

  it('keeps idempotency keys at least a day and refuses a bad interval', () => {
    expect(loadConfig({}).idempotencyKeyTtlHours).toBe(48);
    expect(() => loadConfig({ IDEMPOTENCY_KEY_TTL_HOURS: '2' })).toThrow(/IDEMPOTENCY_KEY_TTL_HOURS must be an integer from 24/);
    expect(() => loadConfig({ MOVE_RECONCILE_MS: 'soon' })).toThrow(/MOVE_RECONCILE_MS/);
    expect(() => loadConfig({ OPS_PORT: '70000' })).toThrow(/OPS_PORT/);
  });
});
