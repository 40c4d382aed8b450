import { query, request } from './http.js';
import type { Availability, Booking, CreateBooking, CurrentWait, LocationPage, Reschedule } from './types.js';

/** The public booking endpoints (DESIGN.md section 7): no account, no cookie needed. */
const slugPath = (slug: string): string => `/locations/${encodeURIComponent(slug)}`;
const tokenPath = (token: string): string => `/bookings/${encodeURIComponent(token)}`;

export const publicApi = {
  location: (slug: string, signal?: AbortSignal) => request<LocationPage>(slugPath(slug), { ...(signal && { signal }) }),

  availability: (slug: string, params: { serviceId: string; date: string; days?: number; barberId?: string | undefined }, signal?: AbortSignal) =>
    request<Availability>(`${slugPath(slug)}/availability${query(params)}`, { ...(signal && { signal }) }),

  /** How long a walk-in waits now, for anyone and per barber (computed from the calendar). */
  wait: (slug: string, serviceId: string, signal?: AbortSignal) => request<CurrentWait>(`${slugPath(slug)}/wait${query({ serviceId })}`, { ...(signal && { signal }) }),

  /** The same key for a retry of the same attempt: the server answers it once. */
  book: (slug: string, body: CreateBooking, idempotencyKey: string) =>
    request<Booking>(`${slugPath(slug)}/bookings`, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),

  booking: (token: string, signal?: AbortSignal) => request<Booking>(tokenPath(token), { ...(signal && { signal }) }),

  cancel: (token: string) => request<Booking>(`${tokenPath(token)}/cancel`, { method: 'POST', body: {} }),

  reschedule: (token: string, body: Reschedule) => request<Booking>(`${tokenPath(token)}/reschedule`, { method: 'POST', body }),
};

/** A fresh Idempotency-Key for one booking attempt. */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
