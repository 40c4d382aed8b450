import type { CoreDependencies } from '../composition-root.js';
import type { RouteModule } from '../http/app-types.js';
import { traced } from '../observability/tracing/service-tracing.js';
import { analyticsRoutes } from './analytics/analytics.routes.js';
import { AnalyticsService } from './analytics/analytics.service.js';

/** The owner's numbers. */
export function createAnalyticsModules(core: CoreDependencies): { readonly routes: readonly RouteModule[] } {
  const analytics = new AnalyticsService(core.access, core.router, core.clock);
  return { routes: [analyticsRoutes(traced(analytics, 'AnalyticsService'))] };
}
