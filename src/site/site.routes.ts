import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '../http/app-types.js';
import { CONTENT_SECURITY_POLICY, setSiteHeaders } from './site-headers.js';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/**
 * Paths the single-page app renders itself. Only these fall back to
 * index.html: /api, /docs, /health, /ready and /metrics keep their own
 * answers, and any other unknown path stays a 404 problem.
 */
export const APP_PATHS = ['/', '/book/:slug', '/confirmed/:token', '/manage/:token', '/app', '/app/*'] as const;

/** Serves the built web app (web/dist) at `/`, on the same port as the API. */
export async function siteRoutes(app: App, distDir: string = WEB_DIST): Promise<void> {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .send('<!doctype html><title>BookedBarber</title><p>The web app is not built yet: run <code>npm run build:web</code>. The API is up: <a href="/docs">/docs</a>.</p>'),
    );
    return;
  }

  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    // One route per built file, registered at start: no catch-all that could shadow the API.
    wildcard: false,
    index: false,
    // scripts/ensure-web-build.mjs writes .br and .gz next to each text file.
    preCompressed: true,
    globIgnore: ['**/*.br', '**/*.gz'],
    cacheControl: false,
    setHeaders: setSiteHeaders,
  });

  for (const url of APP_PATHS) {
    app.get(url, { schema: { hide: true } }, async (_request, reply) => reply.sendFile('index.html'));
  }
}
