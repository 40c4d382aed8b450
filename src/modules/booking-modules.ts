import type { CoreDependencies } from '../composition-root.js';
import type { RouteModule } from '../http/app-types.js';

/** Public booking side: location page, availability, bookings, manage links; staff calendar. */
export function createBookingModules(_core: CoreDependencies): { readonly routes: readonly RouteModule[] } {
  return { routes: [] };
}
