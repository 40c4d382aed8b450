import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { findInstalledPostgres } from '../../src/cli/cluster/postgres-install.js';
import { startFleet } from '../../src/cli/cluster/fleet/fleet.js';
import type { Fleet, FleetShardSpec } from '../../src/cli/cluster/fleet/fleet.js';
import { serverUrl } from '../../src/cli/cluster/fleet/fleet-state.js';
import { withClient } from '../../src/cli/cluster/cluster-servers.js';
import { buildPlatform } from '../../src/composition-root.js';
import type { Platform } from '../../src/composition-root.js';
import { loadConfig } from '../../src/config/config.js';
import { makeShop } from '../../test/support/factories.js';
import type { Attempt, LoadShop } from './booking-load.js';

const logger = pino({ level: 'warn' });

export interface RigOptions {
  readonly shards: readonly FleetShardSpec[];
  readonly apiNodes: number;
  readonly shopsPerShard: number;
  readonly catalogDrStandby?: boolean;
  readonly checkIntervalMs?: number;
  readonly drainMs?: number;
  readonly log: (line: string) => void;
}

/** A throwaway fleet in a temporary folder, with shops on every shard made through the platform's own catalog and router. */
export interface FleetRig {
  readonly fleet: Fleet;
  readonly shops: readonly LoadShop[];
  close(): Promise<void>;
}

export async function startFleetRig(options: RigOptions): Promise<FleetRig> {
  const installed = await findInstalledPostgres();
  if (!installed) throw new Error('the fleet needs an installed PostgreSQL (pg_basebackup): apt-get install -y postgresql');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'bb-fleet-'));
  const fleet = await startFleet({
    dir,
    binDir: installed.binDir,
    password: randomBytes(12).toString('hex'),
    shards: options.shards,
    catalogRegion: 'us-east-1',
    catalogDrStandby: options.catalogDrStandby ?? false,
    apiNodes: options.apiNodes,
    checkIntervalMs: options.checkIntervalMs ?? 500,
    drainMs: options.drainMs ?? 1_500,
    statementTimeout: '15s',
    logger,
    progress: options.log,
  });
  let platform: Platform | undefined;
  try {
    const config = loadConfig({ DEMO_DATA: 'false', LOG_LEVEL: 'silent', CATALOG_DATABASE_URL: fleet.state.catalogUrl });
    platform = buildPlatform(config, logger, { catalogUrl: fleet.state.catalogUrl });
    await platform.start();
    const shops: LoadShop[] = [];
    for (const shard of fleet.state.shards) {
      for (let i = 0; i < options.shopsPerShard; i++) {
        const shop = await makeShop({ platform }, {
          shardId: shard.id,
          region: shard.region,
          barbers: 3,
          hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })),
          policy: { minNoticeMinutes: 0, horizonDays: 730 },
          services: [{ name: 'Cut', durationMinutes: 30, priceCents: 3000 }],
        });
        shops.push({ shop, shardId: shard.id });
      }
    }
    await platform.close();
    platform = undefined;
    return {
      fleet,
      shops,
      close: async () => {
        await fleet.stop();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await platform?.close().catch(() => {});
    await fleet.stop().catch(() => {});
    throw error;
  }
}

export interface BookingAudit {
  /** Acknowledged bookings not on the shard (or not booked there). */
  readonly lost: readonly string[];
  /** Attempts that left more than one appointment. */
  readonly doubled: readonly string[];
  /** Attempts never acknowledged (refused, or still retrying when the load stopped). */
  readonly unacknowledged: readonly string[];
  readonly checked: number;
}

/** Checks every attempted booking against the shards' current primaries: each exactly once, every acknowledged one there. */
export async function auditBookings(fleet: Fleet, attempts: readonly Attempt[]): Promise<BookingAudit> {
  const lost: string[] = [];
  const doubled: string[] = [];
  const unacknowledged: string[] = [];
  for (const shard of fleet.state.shards) {
    const primary = shard.servers.find((s) => s.role === 'primary');
    if (!primary) throw new Error(`${shard.id} has no primary to audit`);
    const mine = attempts.filter((a) => a.shardId === shard.id);
    const rows = await withClient(serverUrl(fleet.state, primary, shard.database), async (client) => {
      const result = await client.query<{ email: string; ids: string[] }>(
        `SELECT c.email, array_agg(a.id::text) AS ids FROM clients c JOIN appointments a ON a.franchise_id = c.franchise_id AND a.client_id = c.id
          WHERE c.email = ANY($1::text[]) AND a.status = 'booked' GROUP BY c.email`,
        [mine.map((a) => a.email)],
      );
      return new Map(result.rows.map((r) => [r.email, r.ids]));
    });
    for (const attempt of mine) {
      const ids = rows.get(attempt.email) ?? [];
      if (ids.length > 1) doubled.push(`${attempt.key}: ${ids.length} appointments`);
      if (attempt.bookingId === undefined) unacknowledged.push(`${attempt.key} (${attempt.tries} tries)`);
      else if (!ids.includes(attempt.bookingId)) lost.push(`${attempt.key}: acknowledged ${attempt.bookingId}, not on ${shard.id}`);
    }
  }
  return { lost, doubled, unacknowledged, checked: attempts.length };
}
