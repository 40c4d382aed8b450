import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../http/app-types.js';
import { registerErrorHandling } from '../http/error-handler.js';
import { siteRoutes } from './site.routes.js';

const INDEX = '<!doctype html><div id="root"></div><script type="module" src="/assets/index-AbCdEf12.js"></script>';

describe('site routes (the built web app on the API port)', () => {
  let dist: string;
  let app: App;

  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'bb-site-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), INDEX);
    writeFileSync(path.join(dist, 'index.html.br'), brotliCompressSync(INDEX));
    writeFileSync(path.join(dist, 'assets/index-AbCdEf12.js'), 'console.log(1)');
    writeFileSync(path.join(dist, 'assets/index-AbCdEf12.js.br'), brotliCompressSync('console.log(1)'));
    writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');
    app = Fastify() as unknown as App;
    registerErrorHandling(app);
    app.get('/api/v1/ping', async () => ({ ok: true }));
    app.get('/health', async () => ({ status: 'ok' }));
    await app.register(async (site) => siteRoutes(site as App, dist));
    await app.ready();
  });

  afterAll(async () => {
    await app.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it.each(['/', '/book/fade-and-co', '/confirmed/abc', '/manage/some-token', '/app', '/app/calendar', '/app/numbers'])('serves the app shell at %s, never cached, with a CSP', async (url) => {
    const response = await app.inject({ url });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toBe(INDEX);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('caches hashed assets for a year and sends them precompressed when asked', async () => {
    const plain = await app.inject({ url: '/assets/index-AbCdEf12.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.body).toBe('console.log(1)');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const brotli = await app.inject({ url: '/assets/index-AbCdEf12.js', headers: { 'accept-encoding': 'br, gzip' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect((await app.inject({ url: '/favicon.svg' })).headers['cache-control']).toBe('public, max-age=3600');
  });

  it('leaves the API, operations and unknown paths alone', async () => {
    expect((await app.inject({ url: '/api/v1/ping' })).json()).toEqual({ ok: true });
    expect((await app.inject({ url: '/health' })).json()).toEqual({ status: 'ok' });
    for (const url of ['/api/v1/nope', '/api/v1/locations/x/y/z', '/ready-not', '/metrics', '/book/a/b', '/assets/missing.js', '/index.html.br']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toMatch(/problem\+json/);
    }
  });

  it('says how to build the app when web/dist is missing, instead of failing to start', async () => {
    const bare = Fastify() as unknown as App;
    await bare.register(async (site) => siteRoutes(site as App, path.join(dist, 'nope')));
    const response = await bare.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('npm run build:web');
    await bare.close();
  });
});
