import type { Clock } from '../shared/clock.js';
import type { RequestContext } from '../shared/request-context.js';

/** What cache warm and verify need to know of a location page (LocationPageView fits). */
export interface PageOutline {
  readonly timezone: string;
  readonly policy: { readonly horizonDays: number };
  readonly services: readonly { readonly id: string }[];
  readonly barbers: readonly { readonly id: string; readonly serviceIds: readonly string[] }[];
}

export interface AvailabilityRequest {
  readonly serviceId: string;
  readonly date: string;
  readonly days: number;
  readonly barberId?: string | undefined;
}

/**
 * The public reads the API caches, as the services that serve them
 * (LocationPageService.get, AvailabilityService.find): warm and verify go
 * through the same code, so they fill and compare exactly what a visitor gets.
 * `clock` pins "now" (verify recomputes an answer as of its cached minute).
 */
export interface PublicReads {
  page(ctx: RequestContext, slug: string): Promise<PageOutline>;
  availability(ctx: RequestContext, slug: string, query: AvailabilityRequest, clock?: Clock): Promise<unknown>;
}

/**
 * The booking page asks for availability 14 days at a time, from today, then
 * today + 14, … (web/src/features/slot-picker/use-availability.ts): warm fills
 * these windows so its keys are the ones visitors ask for.
 */
export const BOOKING_PAGE_WINDOW_DAYS = 14;
