/**
 * Helpers shared by the booking-side HTTP tests (not used by production code).
 * They go through app.inject only, so tests see what a real client sees.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Shop } from './factories.js';
import type { TestPlatform } from './test-platform.js';

export interface SlotJson {
  readonly start: string;
  readonly end: string;
  readonly barberIds: string[];
}

export interface BookingJson {
  readonly id: string;
  readonly status: string;
  readonly start: string;
  readonly end: string;
  readonly barberId: string;
  readonly serviceId: string;
  readonly priceCents: number;
  readonly currency: string;
  readonly manageToken: string;
  readonly [extra: string]: unknown;
}

let emails = 0;
export const freshEmail = (): string => `client-${Date.now().toString(36)}-${emails++}@example.test`;

export async function slots(
  tp: TestPlatform,
  shop: Shop,
  query: { date: string; days?: number; barberId?: string; serviceId?: string },
): Promise<SlotJson[]> {
  const params = new URLSearchParams({ serviceId: query.serviceId ?? (shop.serviceIds[0] as string), date: query.date, days: String(query.days ?? 1) });
  if (query.barberId) params.set('barberId', query.barberId);
  const res = await tp.app.inject({ method: 'GET', url: `/api/v1/locations/${shop.slug}/availability?${params.toString()}` });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { slots: SlotJson[] }).slots;
}

export interface BookOptions {
  readonly start: string;
  readonly barberId?: string | null;
  readonly serviceId?: string;
  readonly email?: string;
  readonly name?: string;
  readonly phone?: string;
  readonly notes?: string;
  readonly key?: string;
}

export function bookingBody(shop: Shop, options: BookOptions): Record<string, unknown> {
  return {
    serviceId: options.serviceId ?? shop.serviceIds[0],
    start: options.start,
    ...(options.barberId !== undefined && { barberId: options.barberId }),
    client: { name: options.name ?? 'Casey Client', email: options.email ?? freshEmail(), ...(options.phone && { phone: options.phone }) },
    ...(options.notes !== undefined && { notes: options.notes }),
  };
}

export function book(tp: TestPlatform, shop: Shop, options: BookOptions): Promise<LightMyRequestResponse> {
  return tp.app.inject({
    method: 'POST',
    url: `/api/v1/locations/${shop.slug}/bookings`,
    headers: options.key ? { 'idempotency-key': options.key } : {},
    payload: bookingBody(shop, options),
  });
}

export async function bookOk(tp: TestPlatform, shop: Shop, options: BookOptions): Promise<BookingJson> {
  const res = await book(tp, shop, options);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as BookingJson;
}

/** Asserts an RFC 9457 answer with the given status and code; returns the problem document. */
export function expectProblem(res: LightMyRequestResponse, status: number, code?: string): Record<string, unknown> {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = res.json() as Record<string, unknown>;
  expect(problem.status).toBe(status);
  if (code) expect(problem.code).toBe(code);
  return problem;
}

/** No two chair-holding appointments of one barber overlap (the invariant the database enforces). */
export async function overlappingPairs(tp: TestPlatform, franchiseId: string): Promise<number> {
  const { db } = await tp.platform.core.router.primaryFor(franchiseId);
  const rows = await db
    .selectFrom('appointments as a')
    .innerJoin('appointments as b', (join) => join.onRef('a.franchise_id', '=', 'b.franchise_id').onRef('a.barber_id', '=', 'b.barber_id').onRef('a.id', '<', 'b.id'))
    .where('a.franchise_id', '=', franchiseId)
    .where('a.status', 'in', ['booked', 'checked_in', 'completed'])
    .where('b.status', 'in', ['booked', 'checked_in', 'completed'])
    .whereRef('a.starts_at', '<', 'b.blocked_until')
    .whereRef('b.starts_at', '<', 'a.blocked_until')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(rows.n);
}
