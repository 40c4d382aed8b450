import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { NO_NODE_DETAIL } from '../../src/cli/cluster/fleet/haproxy.js';
import type { Shop } from '../../test/support/factories.js';

/** A shop of the drill and the shard it lives on. */
export interface LoadShop {
  readonly shop: Shop;
  readonly shardId: string;
}

/** One booking a client set out to make: one Idempotency-Key, retried until acknowledged. */
export interface Attempt {
  readonly key: string;
  readonly franchiseId: string;
  readonly shardId: string;
  readonly email: string;
  readonly startedAt: number;
  tries: number;
  /** When the last try was sent: a recovery is measured by tries sent after the failure. */
  lastTryAt: number;
  bookingId?: string;
  ackAt?: number;
}

/** 'no-node-ready': the balancer's own retryable 503 (problem+json, Retry-After) while no API node passes /ready. */
export type FailureKind = 'retryable-503' | 'no-node-ready' | '503-without-retry-after' | 'server-error' | 'balancer-error' | 'connection' | 'hang' | 'refused';

/** One request that did not succeed, as the client saw it. */
export interface FailedRequest {
  readonly at: number;
  readonly shardId: string;
  readonly kind: FailureKind;
  readonly detail: string;
  readonly method: 'GET' | 'POST';
}

export interface LoadResult {
  readonly attempts: readonly Attempt[];
  readonly failures: readonly FailedRequest[];
  readonly requests: number;
  readonly reads: number;
}

export interface LoadOptions {
  readonly apiUrl: string;
  readonly shops: readonly LoadShop[];
  readonly workers: number;
  /** A request with no answer after this long counts as a hang (then it is retried). */
  readonly hangMs: number;
  /** Share of requests that are public page reads (GET) instead of bookings. */
  readonly readShare: number;
}

/**
 * Clients booking through the balancer. Every booking carries an Idempotency-Key
 * and is retried with the same key and body on a 503, a refused or dropped
 * connection or a hang, as a well-behaved client would (a 503's Retry-After is
 * honoured, capped at 250 ms so the drill measures recovery to the quarter second).
 * Slots never collide: each booking has its own chair-time.
 */
// Per process, not per load: a second load in the same drill must not reuse the first one's chair-times or client emails.
const nextSlot = new Map<string, number>();
let seq = 0;

export function startBookingLoad(options: LoadOptions): { stop(): Promise<LoadResult>; /** The first acknowledgement for the shard of a try sent after `at`. */
  firstAckAfter(shardId: string, at: number): number | undefined } {
  const attempts: Attempt[] = [];
  const failures: FailedRequest[] = [];
  let requests = 0;
  let reads = 0;
  let running = true;
  const slotOf = (shop: Shop): { start: string; barberId: string } => {
    const n = nextSlot.get(shop.franchiseId) ?? 0;
    nextSlot.set(shop.franchiseId, n + 1);
    const barbers = shop.barberIds.length;
    const perDay = 16 * barbers;
    const within = n % perDay;
    const half = Math.floor(within / barbers);
    const day = DateTime.now().setZone(shop.timezone).startOf('day').plus({ days: 2 + Math.floor(n / perDay) });
    const start = day.set({ hour: 9 + Math.floor(half / 2), minute: (half % 2) * 30 }).toISO({ suppressMilliseconds: true }) as string;
    return { start, barberId: shop.barberIds[within % barbers] as string };
  };

  const send = async (method: 'GET' | 'POST', path: string, shardId: string, body?: object, key?: string): Promise<{ status: number; json?: Record<string, unknown> } | undefined> => {
    requests++;
    const at = Date.now();
    const fail = (kind: FailureKind, detail: string): undefined => void failures.push({ at, shardId, kind, detail, method });
    try {
      const response = await fetch(`${options.apiUrl}${path}`, {
        method,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(options.hangMs),
      });
      const text = await response.text();
      if (response.status === 503) {
        const retryAfter = response.headers.get('retry-after');
        const fromApp = (response.headers.get('content-type') ?? '').includes('problem+json');
        if (retryAfter && fromApp) return fail(text.includes(NO_NODE_DETAIL) ? 'no-node-ready' : 'retryable-503', text.slice(0, 120)), { status: 503 };
        return fail(fromApp ? '503-without-retry-after' : 'balancer-error', `503 ${text.slice(0, 120)}`), { status: 503 };
      }
      if (response.status === 502 || response.status === 504) return fail('balancer-error', `${response.status} ${text.slice(0, 120)}`), { status: response.status };
      if (response.status >= 500) return fail('server-error', `${response.status} ${text.slice(0, 160)}`), { status: response.status };
      if (response.status >= 400) return fail('refused', `${response.status} ${text.slice(0, 160)}`), { status: response.status };
      return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') return fail('hang', `no answer after ${options.hangMs} ms: ${method} ${path}`);
      return fail('connection', `${(error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error))} ${method} ${path}`);
    }
  };

  const book = async (target: LoadShop): Promise<void> => {
    const { shop, shardId } = target;
    const slot = slotOf(shop);
    const attempt: Attempt = { key: randomUUID(), franchiseId: shop.franchiseId, shardId, email: `drill-${process.pid}-${seq++}@example.test`, startedAt: Date.now(), tries: 0, lastTryAt: 0 };
    attempts.push(attempt);
    const body = { serviceId: shop.serviceIds[0], start: slot.start, barberId: slot.barberId, client: { name: 'Drill Client', email: attempt.email } };
    // Until acknowledged or refused: a client that gave up would be a booking the drill cannot account for.
    for (;;) {
      attempt.tries++;
      attempt.lastTryAt = Date.now();
      const answer = await send('POST', `/api/v1/locations/${shop.slug}/bookings`, shardId, body, attempt.key);
      if (answer?.status === 201 || answer?.status === 200) {
        attempt.bookingId = answer.json?.id as string;
        attempt.ackAt = Date.now();
        return;
      }
      if (answer && answer.status >= 400 && answer.status < 500) return; // refused: recorded, never retried
      await sleep(answer?.status === 503 ? 250 : 100);
    }
  };
  const read = async (target: LoadShop): Promise<void> => {
    reads++;
    await send('GET', `/api/v1/locations/${target.shop.slug}`, target.shardId);
  };
  const worker = async (): Promise<void> => {
    while (running) {
      const target = options.shops[Math.floor(Math.random() * options.shops.length)] as LoadShop;
      if (Math.random() < options.readShare) await read(target);
      else await book(target);
    }
  };
  const loops = Array.from({ length: options.workers }, worker);
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { attempts, failures, requests, reads };
    },
    firstAckAfter: (shardId, at) => {
      let first: number | undefined;
      for (const a of attempts) if (a.shardId === shardId && a.ackAt !== undefined && a.lastTryAt > at && (first === undefined || a.ackAt < first)) first = a.ackAt;
      return first;
    },
  };
}
