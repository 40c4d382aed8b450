import type { App } from '../http/app-types.js';

/** Until the web app is built, the root points people at the API documentation. */
export function siteRoutes(app: App): void {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));
}
