import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import type { TransportOptions } from 'nodemailer';
import pino from 'pino';
import { DateTime } from 'luxon';
import { buildPlatform } from '../src/composition-root.js';
import { loadConfig } from '../src/config/config.js';
import { newId } from '../src/db/ids.js';
import { makeShop } from '../test/support/factories.js';
import type { Shop } from '../test/support/factories.js';
import { startSmtpSink } from '../test/support/smtp-sink.js';
import type { SmtpSink } from '../test/support/smtp-sink.js';
import { BIN, startBenchDatabase, startChild } from './environment.js';
import type { BenchDatabase } from './environment.js';
import { runLoad } from './load.js';
import type { Row } from './table-row.js';

export interface NotificationBenchOptions {
  readonly seconds: number;
  readonly connections: number;
  /** Messages for the delivery-rate comparison. */
  readonly messages: number;
  /** Reminders falling due within one minute (the goal is stated for 10,000). */
  readonly reminders: number;
  readonly rateLimits: string;
  readonly log: (line: string) => void;
}

const FROM = 'Bench <bench@example.test>';
const SEND_CONCURRENCY = 8;

/**
 * Issue 16's benchmark, against one PostgreSQL (durable settings) and the real
 * SMTP server process the tests use:
 * - delivery rate of the outbox worker into the SMTP server, against nodemailer
 *   sending the same rendered messages straight to the same server, with the
 *   same transport settings and the same number of sends at once;
 * - reminder lateness (sent − due) with N reminders falling due within one minute;
 * - booking create with the outbox write against the same with the outbox rows
 *   discarded by a trigger (the settings read stays: the figure is the insert's cost).
 */
export async function notificationsPhase(options: NotificationBenchOptions): Promise<Row[]> {
  const { log } = options;
  log('notifications: PostgreSQL, the SMTP server process, a 10-barber location…');
  const db = await startBenchDatabase();
  const sink = await startSmtpSink({ parse: false });
  const rows: Row[] = [];
  try {
    const shop = await makeShop(db, {
      barbers: 10,
      hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:59' })),
      policy: { minNoticeMinutes: 0, horizonDays: 730, slotStepMinutes: 15 },
      services: [{ name: 'Line-up', durationMinutes: 15, priceCents: 2000 }],
    });
    rows.push(...(await deliveryRate(db, sink, shop, options)));
    rows.push(await reminderLateness(db, sink, shop, options));
    rows.push(await bookingCost(db, shop, options));
  } finally {
    await sink.close();
    await db.close();
  }
  return rows;
}

function platformOn(db: BenchDatabase, env: Record<string, string>) {
  const config = loadConfig({ CATALOG_DATABASE_URL: db.catalogUrl, DEMO_DATA: 'false', LOG_LEVEL: 'silent', SHARD_POOL_MAX: '20', ...env });
  return buildPlatform(config, pino({ level: 'silent' }), { catalogUrl: db.catalogUrl });
}

/** `count` booked appointments, one an hour per barber from `from`, each with a queued message of `kind` due at `dueAt(i)`. */
async function seedMessages(db: BenchDatabase, shop: Shop, count: number, from: DateTime, kind: 'confirmation' | 'reminder', dueAt: (i: number) => Date): Promise<void> {
  const { db: shard } = await db.platform.core.router.primaryFor(shop.franchiseId);
  const clientId = (await shard.selectFrom('clients').select('id').where('franchise_id', '=', shop.franchiseId).executeTakeFirst())?.id;
  const client = clientId ?? newId();
  if (!clientId) await shard.insertInto('clients').values({ franchise_id: shop.franchiseId, id: client, email: 'bench@example.test', name: 'Bench Client' }).execute();
  for (let offset = 0; offset < count; offset += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - offset) }, (_, k) => offset + k);
    const appointments = batch.map((i) => {
      const start = from.plus({ hours: Math.floor(i / 10) }).toJSDate();
      const end = new Date(start.getTime() + 15 * 60_000);
      return {
        franchise_id: shop.franchiseId,
        id: newId(),
        location_id: shop.locationId,
        barber_id: shop.barberIds[i % 10] as string,
        service_id: shop.serviceIds[0] as string,
        client_id: client,
        starts_at: start,
        ends_at: end,
        blocked_until: end,
        price_cents: 2000,
        currency: 'USD',
        notes: null,
      };
    });
    await shard.insertInto('appointments').values(appointments).execute();
    await shard
      .insertInto('outbox')
      .values(
        appointments.map((a, k) => ({
          franchise_id: shop.franchiseId,
          id: newId(),
          location_id: shop.locationId,
          appointment_id: a.id,
          appointment_starts_at: a.starts_at,
          kind,
          channel: 'email' as const,
          recipient: `bench-${offset + k}@example.test`,
          dedupe_key: `${a.id}:${kind}:bench`,
          send_after: dueAt(offset + k),
        })),
      )
      .execute();
  }
}

async function waitUntilSent(db: BenchDatabase, shop: Shop, kind: string, count: number, log: (line: string) => void): Promise<void> {
  const { db: shard } = await db.platform.core.router.primaryFor(shop.franchiseId);
  let lastLog = 0;
  for (;;) {
    const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM outbox WHERE franchise_id = ${shop.franchiseId} AND kind = ${kind} AND status IN ('sent', 'dead')`.execute(shard);
    const done = Number(rows[0]?.n);
    if (Date.now() - lastLog > 5_000) {
      log(`  ${done}/${count} sent`);
      lastLog = Date.now();
    }
    if (done >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function deliveryRate(db: BenchDatabase, sink: SmtpSink, shop: Shop, options: NotificationBenchOptions): Promise<Row[]> {
  const { log, messages } = options;
  log(`notifications: ${messages} confirmations through one outbox worker into the SMTP server…`);
  await seedMessages(db, shop, messages, DateTime.now().plus({ days: 30 }).startOf('hour'), 'confirmation', () => new Date(Date.now() - 1000));
  const platform = platformOn(db, { SMTP_URL: sink.url, MAIL_FROM: FROM });
  const before = sink.received.length;
  const handle = platform.outboxWorker({ options: { concurrency: SEND_CONCURRENCY } });
  const started = performance.now();
  await handle.worker.drainOnce();
  const workerSeconds = (performance.now() - started) / 1000;
  await handle.close();
  await sink.waitFor(before + messages, 120_000);

  // The same rendered messages, straight from nodemailer: same server, transport settings and sends at once.
  const { db: shard } = await db.platform.core.router.primaryFor(shop.franchiseId);
  const rendered = await shard.selectFrom('outbox').select(['id', 'recipient', 'subject', 'body_text', 'body_html']).where('franchise_id', '=', shop.franchiseId).where('kind', '=', 'confirmation').execute();
  log(`notifications: the same ${rendered.length} messages straight from nodemailer…`);
  const transport = nodemailer.createTransport({ url: sink.url, pool: true, maxConnections: SEND_CONCURRENCY } as TransportOptions);
  const startedDirect = performance.now();
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < rendered.length) {
      const m = rendered[next++] as (typeof rendered)[number];
      await transport.sendMail({ from: FROM, to: m.recipient, subject: m.subject ?? '', text: m.body_text ?? '', html: m.body_html ?? '', messageId: `<direct-${m.id}@example.test>` });
    }
  };
  await Promise.all(Array.from({ length: SEND_CONCURRENCY }, lane));
  const directSeconds = (performance.now() - startedDirect) / 1000;
  transport.close();
  await platform.close();
  const workerRate = messages / workerSeconds;
  const directRate = rendered.length / directSeconds;
  return [
    {
      measure: `outbox worker → SMTP server (${messages} confirmations, ${SEND_CONCURRENCY} at once)`,
      value: `${workerRate.toFixed(0)} messages/s`,
      reference: `nodemailer straight to the same server: ${directRate.toFixed(0)} /s`,
      ratio: workerRate / directRate,
      p50: null,
      p95: null,
      p99: null,
    },
  ];
}

async function reminderLateness(db: BenchDatabase, sink: SmtpSink, shop: Shop, options: NotificationBenchOptions): Promise<Row> {
  const { log, reminders } = options;
  log(`notifications: ${reminders} reminders falling due within one minute, two workers…`);
  // Due from 20 s after seeding, spread evenly over 60 s.
  const base = Date.now() + 20_000 + Math.ceil(reminders / 2000) * 2_000;
  await seedMessages(db, shop, reminders, DateTime.now().plus({ days: 200 }).startOf('hour'), 'reminder', (i) => new Date(base + Math.floor((i * 60_000) / reminders)));
  const platform = platformOn(db, { SMTP_URL: sink.url, MAIL_FROM: FROM });
  const workers = [platform.outboxWorker(), platform.outboxWorker()];
  for (const w of workers) w.worker.start();
  await waitUntilSent(db, shop, 'reminder', reminders, log);
  await Promise.all(workers.map((w) => w.close()));
  await platform.close();
  const { db: shard } = await db.platform.core.router.primaryFor(shop.franchiseId);
  const { rows } = await sql<{ p50: number; p95: number; p99: number; dead: string }>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - send_after)) * 1000 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - send_after)) * 1000 AS p95,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - send_after)) * 1000 AS p99,
           count(*) FILTER (WHERE status = 'dead') AS dead
    FROM outbox WHERE franchise_id = ${shop.franchiseId} AND kind = 'reminder'`.execute(shard);
  const r = rows[0];
  return {
    measure: `reminder lateness, ${reminders} due within one minute, 2 workers → SMTP server`,
    value: `p99 ${((r?.p99 ?? 0) / 1000).toFixed(2)} s (goal ≤ 5 s), ${r?.dead ?? 0} dead`,
    reference: 'due time',
    ratio: null,
    p50: Number(r?.p50 ?? 0),
    p95: Number(r?.p95 ?? 0),
    p99: Number(r?.p99 ?? 0),
  };
}

async function bookingCost(db: BenchDatabase, shop: Shop, options: NotificationBenchOptions): Promise<Row> {
  const { log, seconds, connections } = options;
  const server = await startChild([BIN, 'serve'], {
    CATALOG_DATABASE_URL: db.catalogUrl,
    DEMO_DATA: 'false',
    SHARD_POOL_MAX: '20',
    RATE_LIMITS: options.rateLimits,
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    OUTBOX_WORKER_IN_PROCESS: 'false',
  });
  const { db: shard } = await db.platform.core.router.primaryFor(shop.franchiseId);
  try {
    const firstDay = DateTime.now().setZone(shop.timezone).plus({ days: 400 }).startOf('day');
    let slot = 0;
    const nextBooking = (): { body: string; headers: Record<string, string> } => {
      const n = slot++;
      const start = firstDay.plus({ minutes: Math.floor(n / 10) * 15 });
      return {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: shop.serviceIds[0], barberId: shop.barberIds[n % 10], start: start.toISO({ suppressMilliseconds: true }), client: { name: `Bench ${n}`, email: `cost-${n}@example.test` } }),
      };
    };
    const url = `${server.base}/api/v1/locations/${shop.slug}/bookings`;
    log('notifications: warm-up…');
    await runLoad({ url, method: 'POST', connections, durationSeconds: 2, next: nextBooking });
    // Without: the same transaction, its outbox rows discarded before they are written.
    await sql`CREATE FUNCTION bench_discard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`.execute(shard);
    await sql`CREATE TRIGGER bench_discard BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION bench_discard()`.execute(shard);
    log(`notifications: booking create with outbox rows discarded, ${seconds} s…`);
    const without = await runLoad({ url, method: 'POST', connections, durationSeconds: seconds, next: nextBooking });
    await sql`DROP TRIGGER bench_discard ON outbox`.execute(shard);
    await sql`DROP FUNCTION bench_discard()`.execute(shard);
    log(`notifications: booking create with the outbox write, ${seconds} s…`);
    const withOutbox = await runLoad({ url, method: 'POST', connections, durationSeconds: seconds, next: nextBooking });
    return {
      measure: 'booking create with the outbox write (confirmation + 2 reminders)',
      value: `${withOutbox.rps.toFixed(0)} req/s (${withOutbox.requests} requests, ${withOutbox.non2xx} non-2xx)`,
      reference: `same, outbox rows discarded: ${without.rps.toFixed(0)} /s (${without.non2xx} non-2xx)`,
      ratio: withOutbox.rps / without.rps,
      p50: withOutbox.p50,
      p95: withOutbox.p95,
      p99: withOutbox.p99,
    };
  } finally {
    await server.stop();
  }
}
