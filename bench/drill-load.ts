import { DateTime } from 'luxon';
import type { MoveRig } from './move-rig.js';
import type { Shop } from '../test/support/factories.js';

/** The drill's shops are open every day 09:00–17:00 with one 30-minute service, so slot n of a shop is easy to name. */
export const DRILL_SHOP = {
  barbers: 3,
  hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
  policy: { minNoticeMinutes: 0, horizonDays: 730 },
  services: [{ name: 'Cut', durationMinutes: 30, priceCents: 3000 }],
} as const;

// A skipped pick does no I/O: without this a worker would spin and starve the event loop.
const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export interface AcknowledgedBooking {
  readonly franchiseId: string;
  readonly id: string;
  readonly token: string;
  status: 'booked' | 'cancelled';
  start: string;
}

export interface LoadSample {
  readonly at: number;
  readonly ms: number;
}

export interface LoadReport {
  readonly bookings: readonly AcknowledgedBooking[];
  readonly samples: readonly LoadSample[];
  /** Answers a client would see as a failure: 5xx or no answer. */
  readonly errors: readonly string[];
  /** 4xx answers by status (lost races between the load's own workers, e.g. two cancels of one booking). */
  readonly refused: Readonly<Record<string, number>>;
  /** The first few 4xx answers, to tell a race from a bug. */
  readonly refusedSamples: readonly string[];
}

/** One acknowledged write, with when it was sent and when its answer came (the backup drill restores to an instant between them). */
export interface WriteEvent {
  readonly booking: AcknowledgedBooking;
  readonly kind: 'book' | 'cancel' | 'reschedule';
  readonly sentAt: number;
  readonly ackedAt: number;
  readonly status: AcknowledgedBooking['status'];
  readonly start: string;
}

export interface DrillLoadOptions {
  /** Called for every acknowledged write. */
  readonly onWrite?: (event: WriteEvent) => void;
  /** Franchises the load leaves alone from now on (checked before every request). */
  readonly skip?: (franchiseId: string) => boolean;
}

/**
 * Books (70 %), cancels (15 %) and reschedules (15 %) across every shop
 * through the HTTP API, each worker one request at a time, until stopped.
 * Every write that got a 2xx is remembered with its last acknowledged state.
 */
export function startDrillLoad(rig: Pick<MoveRig, 'app'>, shops: readonly Shop[], workers: number, options: DrillLoadOptions = {}): { stop(): Promise<LoadReport> } {
  const skip = options.skip ?? ((): boolean => false);
  const acknowledge = (booking: AcknowledgedBooking, kind: WriteEvent['kind'], sentAt: number): void => options.onWrite?.({ booking, kind, sentAt, ackedAt: Date.now(), status: booking.status, start: booking.start });
  const bookings: AcknowledgedBooking[] = [];
  const samples: LoadSample[] = [];
  const errors: string[] = [];
  const refused: Record<string, number> = {};
  const refusedSamples: string[] = [];
  const nextSlot = new Map<string, number>();
  const slotOf = (shop: Shop): { start: string; barberId: string } => {
    const n = nextSlot.get(shop.franchiseId) ?? 0;
    nextSlot.set(shop.franchiseId, n + 1);
    const perDay = 16 * DRILL_SHOP.barbers;
    const within = n % perDay;
    const half = Math.floor(within / DRILL_SHOP.barbers);
    const day = DateTime.now().setZone(shop.timezone).startOf('day').plus({ days: 2 + Math.floor(n / perDay) });
    const start = day.set({ hour: 9 + Math.floor(half / 2), minute: (half % 2) * 30 }).toISO({ suppressMilliseconds: true }) as string;
    return { start, barberId: shop.barberIds[within % DRILL_SHOP.barbers] as string };
  };
  const call = async (url: string, payload: object): Promise<{ status: number; json: () => Record<string, unknown> }> => {
    const at = Date.now();
    const res = await rig.app.inject({ method: 'POST', url, payload });
    samples.push({ at, ms: Date.now() - at });
    if (res.statusCode >= 500) errors.push(`${res.statusCode} ${url} ${res.body.slice(0, 200)}`);
    else if (res.statusCode >= 400) {
      refused[res.statusCode] = (refused[res.statusCode] ?? 0) + 1;
      if (refusedSamples.length < 5) refusedSamples.push(`${res.statusCode} ${url.replace(/bookings\/[^/]+\//, 'bookings/<token>/')} ${res.body.slice(0, 160)}`);
    }
    return { status: res.statusCode, json: () => res.json() };
  };
  // Still-booked bookings, for picking one at random in O(1) (a 15-minute drill acknowledges ~100 000).
  const booked: AcknowledgedBooking[] = [];
  const shopOf = new Map(shops.map((shop) => [shop.franchiseId, shop]));
  let running = true;
  let seq = 0;
  const worker = async (): Promise<void> => {
    while (running) {
      const roll = Math.random();
      if (roll < 0.7 || booked.length < 5) {
        const shop = shops[Math.floor(Math.random() * shops.length)] as Shop;
        if (skip(shop.franchiseId)) {
          await yieldTurn();
          continue;
        }
        const { start, barberId } = slotOf(shop);
        const sentAt = Date.now();
        const res = await call(`/api/v1/locations/${shop.slug}/bookings`, { serviceId: shop.serviceIds[0], start, barberId, client: { name: 'Drill Client', email: `drill-${seq++}@example.test` } });
        if (res.status === 201) {
          const booking: AcknowledgedBooking = { franchiseId: shop.franchiseId, id: res.json().id as string, token: res.json().manageToken as string, status: 'booked', start };
          bookings.push(booking);
          booked.push(booking);
          acknowledge(booking, 'book', sentAt);
        }
        continue;
      }
      const booking = booked[Math.floor(Math.random() * booked.length)] as AcknowledgedBooking;
      if (skip(booking.franchiseId)) {
        await yieldTurn();
        continue;
      }
      const sentAt = Date.now();
      if (roll < 0.85) {
        if ((await call(`/api/v1/bookings/${booking.token}/cancel`, {})).status === 200 && booking.status === 'booked') {
          booking.status = 'cancelled';
          acknowledge(booking, 'cancel', sentAt);
          // Swap-remove (found again: other workers change the list while this request runs).
          const at = booked.indexOf(booking);
          if (at >= 0) {
            booked[at] = booked[booked.length - 1] as AcknowledgedBooking;
            booked.pop();
          }
        }
      } else {
        const shop = shopOf.get(booking.franchiseId) as Shop;
        const slot = slotOf(shop);
        if ((await call(`/api/v1/bookings/${booking.token}/reschedule`, slot)).status === 200) {
          booking.start = slot.start;
          acknowledge(booking, 'reschedule', sentAt);
        }
      }
    }
  };
  const loops = Array.from({ length: workers }, worker);
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return { bookings, samples, errors, refused, refusedSamples };
    },
  };
}
