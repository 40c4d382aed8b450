import type { CoreDependencies } from '../composition-root.js';
import type { RouteModule } from '../http/app-types.js';
import { traced } from '../observability/tracing/service-tracing.js';
import { appointmentsRoutes } from './appointments/appointments.routes.js';
import { AppointmentsService } from './appointments/appointments.service.js';
import { availabilityRoutes } from './availability/availability.routes.js';
import { AvailabilityService } from './availability/availability.service.js';
import { BookingManageService } from './bookings/booking-manage.service.js';
import { bookingsRoutes } from './bookings/bookings.routes.js';
import { BookingsService } from './bookings/bookings.service.js';
import { ManageTokens } from './bookings/manage-token.js';
import { manageRoutes } from './bookings/manage.routes.js';
import { LocationDirectory } from './location-page/location-directory.js';
import { locationPageRoutes } from './location-page/location-page.routes.js';
import { LocationPageService } from './location-page/location-page.service.js';

export interface BookingModules {
  readonly routes: readonly RouteModule[];
  readonly directory: LocationDirectory;
  readonly availability: AvailabilityService;
  readonly bookings: BookingsService;
  readonly manage: BookingManageService;
  readonly appointments: AppointmentsService;
  readonly tokens: ManageTokens;
}

/** Public booking side: location page, availability, bookings, manage links; staff calendar. */
export function createBookingModules(core: CoreDependencies): BookingModules {
  const { router, clock, metrics, catalog, access, cache, rateLimits } = core;
  const directory = new LocationDirectory(catalog);
  const tokens = new ManageTokens(catalog);
  const pages = new LocationPageService({ router, directory, cache });
  const availability = new AvailabilityService({ router, clock, directory, cache });
  const bookings = new BookingsService({ router, clock, metrics, directory, tokens, cache, rateLimits });
  const manage = new BookingManageService({ router, clock, metrics, tokens, cache });
  const appointments = new AppointmentsService({ router, clock, metrics, access, cache });
  return {
    // The routes call the services through `traced`: a span per service call while tracing is on.
    routes: [
      locationPageRoutes(traced(pages, 'LocationPageService')),
      availabilityRoutes(traced(availability, 'AvailabilityService')),
      bookingsRoutes(traced(bookings, 'BookingsService')),
      manageRoutes(traced(manage, 'BookingManageService')),
      appointmentsRoutes(traced(appointments, 'AppointmentsService')),
    ],
    directory,
    availability,
    bookings,
    manage,
    appointments,
    tokens,
  };
}
