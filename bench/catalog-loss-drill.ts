/**
 * A lost catalog as a drill (issue 15, drill 4). The catalog's server stops
 * for `outageSeconds` while a load reads public pages and books on
 * franchises whose placement the API node holds, and a prober signs in and
 * creates franchises. Measured: the share of public requests and bookings
 * that succeeded during the outage; what sign-in and franchise creation
 * answered, and how fast; and, once the catalog is back, whether the router
 * follows placement changes again by itself (LISTEN resubscribed) and
 * re-read what it held.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { startLocalPostgres } from '../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../src/db/local-postgres/local-postgres-server.js';
import { makeShop } from '../test/support/factories.js';
import type { Shop } from '../test/support/factories.js';
import { DRILL_SHOP } from './drill-load.js';
import { DURABLE_SETTINGS, startServerWith } from './environment.js';
import { startMoveRig } from './move-rig.js';
import type { MoveRig } from './move-rig.js';

export interface CatalogDrillOptions {
  readonly franchises: number;
  readonly workers: number;
  readonly outageSeconds: number;
  readonly log: (line: string) => void;
}

export interface Outcome {
  readonly ok: number;
  readonly failed: number;
  /** Status (or "hang"/"error") → count, for the requests that did not succeed. */
  readonly failures: Readonly<Record<string, number>>;
}

export interface CatalogDrillReport {
  /** Public pages, availability and bookings while the catalog was down. */
  readonly duringOutage: Outcome;
  readonly beforeOutage: Outcome;
  readonly afterOutage: Outcome;
  /** Sign-in and franchise creation attempts while the catalog was down. */
  readonly accountCalls: { readonly total: number; readonly answered503WithRetryAfter: number; readonly otherAnswers: Readonly<Record<string, number>>; readonly slowestMs: number };
  /** Catalog back → first successful sign-in. */
  readonly signInBackAfterMs: number | undefined;
  /** Catalog back → a placement change reached the router by notification. */
  readonly notificationsBackAfterMs: number | undefined;
  /** Placements held after the return that still carry a version from before it although the catalog changed it. */
  readonly stalePlacements: number;
  readonly slowestRequestMs: number;
  readonly passed: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
// A request slower than this counts as a hang: pools give up connecting after 5 s.
const HANG_MS = 10_000;
const PASSWORD = 'drill-password-1234';
const KINDS = ['page', 'availability', 'booking'];
// Sign-in is limited to 10 attempts a minute per account (AuthThrottle): one every 7 s stays under it.
const SIGN_IN_EVERY = 7;

interface Sample {
  readonly kind?: string;
  readonly at: number;
  readonly ms: number;
  readonly status: number | 'hang' | 'error';
}

export async function runCatalogLossDrill(options: CatalogDrillOptions): Promise<CatalogDrillReport> {
  const { log } = options;
  const root = await mkdtemp(path.join(os.tmpdir(), 'bb-catalog-drill-'));
  const catalogDir = path.join(root, 'catalog');
  let catalogServer: LocalPostgresServer | undefined;
  // The catalog's server is persistent so that it can be stopped and started again on its data.
  const rig = await startMoveRig(2, { id: 'shard-cat', region: 'us-east-1' }, async (databases, index) => {
    if (index > 0) return startServerWith(databases);
    catalogServer = await startLocalPostgres({ dataDir: catalogDir, port: 0, persistent: true, settings: DURABLE_SETTINGS });
    const admin = new pg.Client({ connectionString: catalogServer.connectionString('postgres') });
    await admin.connect();
    for (const database of databases) await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    return catalogServer;
  });
  try {
    await rig.register(1, { id: 'shard-b', region: 'us-east-1', acceptsAnyRegion: true });
    const shops: Shop[] = [];
    for (let i = 0; i < options.franchises; i++) shops.push(await makeShop(rig, { ...DRILL_SHOP, shardId: 'shard-b', region: 'us-east-1', timezone: 'America/New_York' }));
    const email = `drill-owner-${Date.now()}@example.test`;
    const signup = await rig.app.inject({ method: 'POST', url: '/api/v1/auth/signup', payload: { email, password: PASSWORD, name: 'Drill Owner' } });
    if (signup.statusCode !== 201) throw new Error(`signup failed: ${signup.statusCode} ${signup.body}`);
    const cookie = String(signup.headers['set-cookie']).split(';')[0] as string;

    const samples: Sample[] = [];
    const accountSamples: (Sample & { retryAfter: boolean })[] = [];
    let running = true;
    let seq = 0;
    const timed = async (request: InjectOptions): Promise<{ sample: Sample; retryAfter: boolean }> => {
      const at = Date.now();
      const answer = await Promise.race([rig.app.inject(request).then((res) => ({ status: res.statusCode, retryAfter: res.headers['retry-after'] !== undefined })), sleep(HANG_MS).then(() => ({ status: 'hang' as const, retryAfter: false }))]).catch(() => ({ status: 'error' as const, retryAfter: false }));
      return { sample: { at, ms: Date.now() - at, status: answer.status }, retryAfter: answer.retryAfter };
    };
    const worker = async (w: number): Promise<void> => {
      for (let n = 0; running; n++) {
        const shop = shops[(w + n) % shops.length] as Shop;
        const kind = n % 3;
        const day = new Date(Date.now() + (2 + (seq % 300)) * 86_400_000).toISOString().slice(0, 10);
        const request =
          kind === 0
            ? { method: 'GET' as const, url: `/api/v1/locations/${shop.slug}` }
            : kind === 1
              ? { method: 'GET' as const, url: `/api/v1/locations/${shop.slug}/availability?serviceId=${shop.serviceIds[0]}&date=${day}&days=1` }
              : { method: 'POST' as const, url: `/api/v1/locations/${shop.slug}/bookings`, payload: bookingPayload(shop, seq++) };
        samples.push({ ...(await timed(request)).sample, kind: KINDS[kind] as string });
      }
    };
    const prober = async (): Promise<void> => {
      for (let n = 0; running; n++) {
        const isSignIn = n % SIGN_IN_EVERY === 0;
        const request =
          isSignIn
            ? { method: 'POST' as const, url: '/api/v1/auth/login', payload: { email, password: PASSWORD } }
            : { method: 'POST' as const, url: '/api/v1/franchises', headers: { cookie }, payload: { name: 'Drill New', slug: `drill-new-${Date.now()}-${n}`, region: 'us-east-1' } };
        const { sample, retryAfter } = await timed(request);
        accountSamples.push({ ...sample, kind: isSignIn ? 'sign-in' : 'create-franchise', retryAfter });
        await sleep(1000);
      }
    };
    const loops = [...Array.from({ length: options.workers }, (_, w) => worker(w)), prober()];
    const phase = Math.max(2, Math.round(options.outageSeconds / 4));
    await sleep(phase * 1000);

    const heldBefore = new Map(rig.platform.core.router.cachedPlacements().map((p) => [p.franchiseId, p.version]));
    log(`catalog stops now for ${options.outageSeconds} s (the API node holds ${heldBefore.size} placements)`);
    const downAt = Date.now();
    await (catalogServer as LocalPostgresServer).stop();
    await sleep(options.outageSeconds * 1000);
    const port = (catalogServer as LocalPostgresServer).port;
    catalogServer = await startLocalPostgres({ dataDir: catalogDir, port, persistent: true, settings: DURABLE_SETTINGS });
    const upAt = Date.now();
    log(`catalog back after ${((upAt - downAt) / 1000).toFixed(1)} s`);

    // A placement change made right after the return: it must reach the router by notification.
    const changed = shops[0] as Shop;
    const notificationsBackAfterMs = await waitForNotification(rig, changed.franchiseId, upAt, Math.max(30_000, options.outageSeconds * 1000));
    await sleep(phase * 1000);
    running = false;
    await Promise.all(loops);

    const inWindow = (from: number, to: number): Sample[] => samples.filter((s) => s.at >= from && s.at < to);
    const during = outcome(inWindow(downAt, upAt));
    const accountDuring = accountSamples.filter((s) => s.at >= downAt + 500 && s.at + s.ms < upAt);
    const otherAnswers: Record<string, number> = {};
    for (const s of accountDuring) {
      const label = `${s.kind ?? ''} ${s.status}`;
      if (!(s.status === 503 && s.retryAfter)) otherAnswers[label] = (otherAnswers[label] ?? 0) + 1;
    }
    const firstSignIn = accountSamples.find((s) => s.kind === 'sign-in' && s.at >= upAt && s.status === 200);
    const catalogVersions = new Map((await rig.catalog.selectFrom('franchises').select(['id', 'placement_version']).execute()).map((f) => [f.id, Number(f.placement_version)]));
    const stalePlacements = rig.platform.core.router.cachedPlacements().filter((p) => catalogVersions.get(p.franchiseId) !== Number(p.version)).length;
    const slowestRequestMs = Math.max(0, ...samples.map((s) => s.ms), ...accountSamples.map((s) => s.ms));
    const report = {
      beforeOutage: outcome(inWindow(0, downAt)),
      duringOutage: during,
      afterOutage: outcome(inWindow(upAt + 5_000, Number.POSITIVE_INFINITY)),
      accountCalls: { total: accountDuring.length, answered503WithRetryAfter: accountDuring.length - Object.values(otherAnswers).reduce((a, b) => a + b, 0), otherAnswers, slowestMs: Math.max(0, ...accountDuring.map((s) => s.ms)) },
      signInBackAfterMs: firstSignIn ? firstSignIn.at + firstSignIn.ms - upAt : undefined,
      notificationsBackAfterMs,
      stalePlacements,
      slowestRequestMs,
    };
    const passed =
      report.duringOutage.failed === 0 &&
      report.duringOutage.ok > 0 &&
      report.beforeOutage.failed === 0 &&
      report.afterOutage.failed === 0 &&
      report.accountCalls.total > 0 &&
      Object.keys(otherAnswers).length === 0 &&
      report.signInBackAfterMs !== undefined &&
      report.notificationsBackAfterMs !== undefined &&
      report.stalePlacements === 0 &&
      slowestRequestMs < HANG_MS;
    return { ...report, passed };
  } finally {
    await rig.close().catch(() => undefined);
    await catalogServer?.stop();
    await rm(root, { recursive: true, force: true });
  }
}

function outcome(samples: readonly Sample[]): Outcome {
  const failures: Record<string, number> = {};
  let ok = 0;
  for (const s of samples) {
    const label = `${s.kind ?? ''} ${s.status}`.trim();
    // 409: two workers raced for one slot, an answer the client understands; not a failure of the platform.
    if (typeof s.status === 'number' && (s.status < 400 || s.status === 409)) ok++;
    else failures[label] = (failures[label] ?? 0) + 1;
  }
  return { ok, failed: samples.length - ok, failures };
}

/** Bumps the franchise's placement version in the catalog until the router drops its copy; ms from `since`, or undefined after `budgetMs`. */
async function waitForNotification(rig: MoveRig, franchiseId: string, since: number, budgetMs: number): Promise<number | undefined> {
  const deadline = Date.now() + budgetMs;
  while (Date.now() < deadline) {
    await rig.platform.core.router.placementOf(franchiseId).catch(() => undefined);
    const held = rig.platform.core.router.cachedPlacements().some((p) => p.franchiseId === franchiseId);
    if (held) {
      // The poller would notice too, but only every PLACEMENT_POLL_MS; 300 ms is a notification.
      await rig.catalog.updateTable('franchises').set({ placement_version: sql<string>`placement_version + 1` }).where('id', '=', franchiseId).execute().catch(() => undefined);
      const bumpedAt = Date.now();
      while (Date.now() - bumpedAt < 300) {
        if (!rig.platform.core.router.cachedPlacements().some((p) => p.franchiseId === franchiseId)) return Date.now() - since;
        await sleep(20);
      }
    }
    await sleep(200);
  }
  return undefined;
}

/** Request n's slot: a different one per request (across shops), so bookings rarely collide. */
function bookingPayload(shop: Shop, n: number): object {
  const perDay = 16 * DRILL_SHOP.barbers;
  const within = n % perDay;
  const half = Math.floor(within / DRILL_SHOP.barbers);
  const day = DateTime.now().setZone(shop.timezone).startOf('day').plus({ days: 2 + Math.floor(n / perDay) });
  const start = day.set({ hour: 9 + Math.floor(half / 2), minute: (half % 2) * 30 }).toISO({ suppressMilliseconds: true }) as string;
  return { serviceId: shop.serviceIds[0], start, barberId: shop.barberIds[within % DRILL_SHOP.barbers], client: { name: 'Drill Client', email: `catalog-drill-${n}@example.test` } };
}
