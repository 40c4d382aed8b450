import type { CoreDependencies } from '../composition-root.js';
import type { RouteModule } from '../http/app-types.js';

/** The owner's numbers. */
export function createAnalyticsModules(_core: CoreDependencies): { readonly routes: readonly RouteModule[] } {
  return { routes: [] };
}
