import type { Logger } from 'pino';
import type { Clock } from '../../shared/clock.js';
import type { RequestContext } from '../../shared/request-context.js';
import type { AvailabilityService } from '../availability/availability.service.js';
import type { BookingManageService } from '../bookings/booking-manage.service.js';
import type { BookingsService } from '../bookings/bookings.service.js';
import type { LocationPageService } from '../location-page/location-page.service.js';

/** The public booking side, used as a client would: the demo's messages come out of the real outbox path. */
export interface DemoBookingServices {
  readonly pages: LocationPageService;
  readonly availability: AvailabilityService;
  readonly bookings: BookingsService;
  readonly manage: BookingManageService;
}

const CLIENTS = [
  { name: 'Avery Demo', email: 'avery@demo-client.bookedbarber.dev', phone: '(212) 555-0181' },
  { name: 'Blake Demo', email: 'blake@demo-client.bookedbarber.dev', phone: '(212) 555-0182' },
  { name: 'Casey Demo', email: 'casey@demo-client.bookedbarber.dev', phone: null },
] as const;

/**
 * Three online bookings a few days out, the last one cancelled by its client:
 * confirmations, texts, barber notices and reminders are queued by the booking
 * transactions, the cancellation retires that booking's reminders (skipped).
 * The worker then renders what is due. Returns the number of bookings made.
 */
export async function seedDemoMessages(services: DemoBookingServices, ctx: RequestContext, slug: string, clock: Clock, logger: Logger): Promise<number> {
  const page = await services.pages.get(ctx, slug);
  const service = page.services[0];
  if (!service) return 0;
  const date = new Date(clock.now().getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
  const { slots } = await services.availability.find(ctx, slug, { serviceId: service.id, date, days: 3 });
  // Spread over the free starts so the three never compete for one chair.
  const picks = [slots[2], slots[Math.floor(slots.length / 2)], slots.at(-3)].filter((slot) => slot !== undefined);
  let made = 0;
  for (const [index, slot] of picks.entries()) {
    const client = CLIENTS[index];
    if (!client) break;
    try {
      const { body } = await services.bookings.create(ctx, slug, { serviceId: service.id, start: slot.start, client: { ...client } }, `demo-messages-${index}`);
      made += 1;
      if (index === 2) await services.manage.cancel(ctx, body.manageToken);
    } catch (error) {
      // The demo's history may have filled that chair: one fewer example, not a failed start.
      logger.warn({ err: error, slug }, 'a demo booking for the messages page was not made');
    }
  }
  return made;
}
