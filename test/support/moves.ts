import { DateTime } from 'luxon';
import type { Shop } from './factories.js';
import type { ShardServer } from './shard-servers.js';
import type { TestPlatform } from './test-platform.js';

/** A unique bookable start per call: barber, day and half hour never repeat (Mon–Sat 09:00–17:00 shops). */
export function slotSequence(shop: Shop, firstDayOffset = 3): () => { start: string; barberId: string } {
  let n = 0;
  const perDay = 16 * shop.barberIds.length;
  const first = DateTime.now().setZone(shop.timezone).startOf('day').plus({ days: firstDayOffset });
  /** The k-th day from `first` that the shop is open (Sundays skipped, so no two indexes share a day). */
  const openDay = (k: number): DateTime => {
    let date = first;
    for (let open = date.weekday === 7 ? -1 : 0; open < k || date.weekday === 7; ) {
      date = date.plus({ days: 1 });
      if (date.weekday !== 7) open++;
    }
    return date;
  };
  return () => {
    const index = n++;
    const date = openDay(Math.floor(index / perDay));
    const within = index % perDay;
    const barberId = shop.barberIds[within % shop.barberIds.length] as string;
    const half = Math.floor(within / shop.barberIds.length);
    const start = date.set({ hour: 9 + Math.floor(half / 2), minute: (half % 2) * 30 });
    return { start: start.toISO({ suppressMilliseconds: true }) as string, barberId };
  };
}

export interface LoadResult {
  readonly acknowledged: string[];
  readonly errors: string[];
  readonly latencies: number[];
}

/** Books continuously through the API with `workers` concurrent clients until `stop()`; every 201 is an acknowledged write. */
export function bookingLoad(tp: TestPlatform, shop: Shop, workers = 4): { stop: () => Promise<LoadResult> } {
  const next = slotSequence(shop);
  const result: LoadResult = { acknowledged: [], errors: [], latencies: [] };
  let running = true;
  let seq = 0;
  const loops = Array.from({ length: workers }, async () => {
    while (running) {
      const slot = next();
      const started = Date.now();
      const res = await tp.app.inject({
        method: 'POST',
        url: `/api/v1/locations/${shop.slug}/bookings`,
        payload: { serviceId: shop.serviceIds[0], start: slot.start, barberId: slot.barberId, client: { name: 'Load Client', email: `load-${seq++}@example.test` } },
      });
      result.latencies.push(Date.now() - started);
      if (res.statusCode === 201) result.acknowledged.push(res.json<{ id: string }>().id);
      else if (res.statusCode !== 409) result.errors.push(`${res.statusCode} ${res.body.slice(0, 200)}`);
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return result;
    },
  };
}

/** Replication objects of moves left on a server: must be none once moves are finished. */
export async function replicationLeftovers(shard: ShardServer): Promise<string[]> {
  const rows = await shard.query<{ what: string }>(`
    SELECT 'subscription ' || subname AS what FROM pg_subscription
    UNION ALL SELECT 'publication ' || pubname FROM pg_publication
    UNION ALL SELECT 'slot ' || slot_name FROM pg_replication_slots`);
  return rows.map((r) => r.what);
}

export async function countRows(shard: ShardServer, table: string, franchiseId: string): Promise<number> {
  const [row] = await shard.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE franchise_id = $1`, [franchiseId]);
  return Number(row?.n ?? 0);
}
