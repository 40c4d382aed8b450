import { DateTime } from 'luxon';
import { makeShop } from '../test/support/factories.js';
import type { Shop } from '../test/support/factories.js';
import { BIN, startBenchDatabase, startChild } from './environment.js';
import type { LoadResult } from './load.js';
import { runLoad } from './load.js';
import type { Row } from './table-row.js';

const SHOPS = 8;

/** 80 % availability reads and 20 % bookings, spread over every shop. */
async function mixedLoad(shardCount: number, seconds: number, connections: number, log: (line: string) => void): Promise<LoadResult> {
  log(`shards: ${shardCount} shard server(s), ${SHOPS} franchises, mixed workload ${seconds} s…`);
  const db = await startBenchDatabase(shardCount);
  const server = await (async () => {
    try {
      const shops: Shop[] = [];
      for (let i = 0; i < SHOPS; i++) {
        shops.push(
          await makeShop(db, {
            shardId: `shard-${(i % shardCount) + 1}`,
            barbers: 4,
            hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
            policy: { minNoticeMinutes: 0, horizonDays: 730 },
            services: [{ name: 'Line-up', durationMinutes: 15, priceCents: 2000 }],
          }),
        );
      }
      const child = await startChild([BIN, 'serve'], { CATALOG_DATABASE_URL: db.catalogUrl, DEMO_DATA: 'false', SHARD_POOL_MAX: '10', RATE_LIMITS: 'bookingPerIp=100000000,bookingPerDevice=100000000,bookingPerEmail=100000000,bookingPerLocation=100000000,apiPerIp=100000000' });
      return { child, shops };
    } catch (error) {
      await db.close();
      throw error;
    }
  })();
  try {
    const firstDay = DateTime.now().setZone('America/New_York').plus({ days: 2 }).startOf('day');
    let n = 0;
    const next = (): { path: string; method: 'GET' | 'POST'; body?: string; headers: Record<string, string> } => {
      const i = n++;
      const shop = server.shops[i % SHOPS] as Shop;
      if (i % 5 !== 0) {
        return { method: 'GET', headers: {}, path: `/api/v1/locations/${shop.slug}/availability?serviceId=${shop.serviceIds[0]}&date=${firstDay.plus({ days: i % 30 }).toISODate()}&days=3` };
      }
      const k = Math.floor(i / 5 / SHOPS);
      const start = firstDay.plus({ days: 40 + Math.floor(k / 128) }).set({ hour: 9 }).plus({ minutes: (Math.floor(k / 4) % 32) * 15 });
      return {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        path: `/api/v1/locations/${shop.slug}/bookings`,
        body: JSON.stringify({ serviceId: shop.serviceIds[0], barberId: shop.barberIds[k % 4], start: start.toISO({ suppressMilliseconds: true }), client: { name: 'Mixed', email: `mixed-${i}@example.test` } }),
      };
    };
    return await runLoad({ url: server.child.base, connections, durationSeconds: seconds, next });
  } finally {
    await server.child.stop();
    await db.close();
  }
}

/** The same mixed workload against one shard server and against four, on this one machine. */
export async function shardComparison(seconds: number, connections: number, log: (line: string) => void): Promise<Row[]> {
  const one = await mixedLoad(1, seconds, connections, log);
  const four = await mixedLoad(4, seconds, connections, log);
  const describe = (r: LoadResult): string => `${r.rps.toFixed(0)} req/s (statuses ${JSON.stringify(r.statuses)}, ${r.errors} errors)`;
  return [
    { measure: 'mixed workload, 4 shard servers', value: describe(four), reference: `same workload, 1 shard server: ${one.rps.toFixed(0)} /s`, ratio: four.rps / one.rps, p50: four.p50, p95: four.p95, p99: four.p99 },
    { measure: 'mixed workload, 1 shard server (reference)', value: describe(one), reference: 'itself', ratio: 1, p50: one.p50, p95: one.p95, p99: one.p99 },
  ];
}
