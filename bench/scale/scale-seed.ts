import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import type { CatalogDatabase } from '../../src/db/catalog-schema.js';
import type { ShardDatabase } from '../../src/db/shard-schema.js';

/**
 * The scale bench's data, written by generate_series inside PostgreSQL (no row
 * crosses the wire) in batches of one transaction each. Every row is a pure
 * function of its franchise number, so a batch already present is skipped: a
 * run that was interrupted resumes where it stopped, and a second run over the
 * same data folder seeds nothing.
 */

export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-1'] as const;

export interface ScaleShape {
  readonly franchises: number;
  readonly shards: number;
  /** Appointments per franchise on its shard (one a day around today; what the platform report sums). */
  readonly appointmentsPerFranchise: number;
}

export const shardIdOf = (index: number): string => `shard-${index + 1}`;
/** Shard k (0-based) is in region k mod 4: every region holds a quarter of the shards. */
export const regionOfShard = (index: number): string => REGIONS[index % REGIONS.length] as string;
export const locationSlug = (n: number): string => `scale-shop-${n}`;

/**
 * A UUIDv7-shaped id for entity `kind` of franchise `n`: the time part grows
 * with n (as real ids grow with creation time, so index pages fill in order),
 * the rest is a hash. Written as SQL so catalog and shards compute the same ids.
 */
export function idSql(kind: string, n: RawBuilder<unknown>): RawBuilder<string> {
  const hash = sql`md5(${kind} || (${n})::text)`;
  return sql<string>`(lpad(to_hex(1700000000000 + (${n})), 12, '0') || '7' || substr(${hash}, 1, 3) || '8' || substr(${hash}, 4, 15))::uuid`;
}

const n = sql`n`;
const BATCH = 10_000;

export type Progress = (line: string) => void;

/** Franchises and their one location each in the catalog, placed round-robin on the shards. */
export async function seedCatalog(catalog: Kysely<CatalogDatabase>, shape: ScaleShape, progress: Progress): Promise<void> {
  const started = performance.now();
  let skipped = 0;
  for (let lo = 0; lo < shape.franchises; lo += BATCH) {
    const hi = Math.min(shape.franchises, lo + BATCH);
    const last = await catalog.selectFrom('location_directory').select('id').where('slug', '=', locationSlug(hi - 1)).executeTakeFirst();
    if (last) {
      skipped += hi - lo;
      continue;
    }
    await catalog.transaction().execute(async (trx) => {
      const shardIndex = sql`(n % ${shape.shards})`;
      await sql`
        INSERT INTO franchises (id, slug, name, region, shard_id)
        SELECT ${idSql('f', n)}, 'scale-f-' || n, 'Scale franchise ' || n,
               (${sql.val([...REGIONS])}::text[])[${shardIndex} % ${REGIONS.length} + 1],
               'shard-' || (${shardIndex} + 1)
        FROM generate_series(${lo}::bigint, ${hi - 1}::bigint) AS n
        ON CONFLICT DO NOTHING`.execute(trx);
      await sql`
        INSERT INTO location_directory (id, franchise_id, slug)
        SELECT ${idSql('l', n)}, ${idSql('f', n)}, 'scale-shop-' || n
        FROM generate_series(${lo}::bigint, ${hi - 1}::bigint) AS n
        ON CONFLICT DO NOTHING`.execute(trx);
    });
    progress(`  catalog: ${hi.toLocaleString('en')} / ${shape.franchises.toLocaleString('en')} franchises and locations (${seconds(started)} s)`);
  }
  if (skipped > 0) progress(`  catalog: ${skipped.toLocaleString('en')} franchises were already seeded`);
  await sql`ANALYZE franchises, location_directory`.execute(catalog);
}

/**
 * One shard's share (franchise n lives on shard n mod shards): a location with
 * one service, one barber open every day, one client and the appointments.
 * session_replication_role = replica skips the triggers (the move fence's and
 * the foreign keys'), as a logical-replication copy does: the rows are
 * consistent by construction, and the exclusion constraint still checks them.
 */
export async function seedShard(db: Kysely<ShardDatabase>, shardIndex: number, shape: ScaleShape, progress: Progress): Promise<void> {
  const started = performance.now();
  const count = Math.ceil((shape.franchises - shardIndex) / shape.shards);
  const per = Math.max(1, Math.floor(BATCH / Math.max(1, shape.appointmentsPerFranchise)));
  let skipped = 0;
  for (let lo = 0; lo < count; lo += per) {
    const hi = Math.min(count, lo + per);
    // Franchise numbers of this batch: shardIndex + k * shards for k in [lo, hi).
    const lastN = shardIndex + (hi - 1) * shape.shards;
    const last = await db.selectFrom('locations').select('id').where('slug', '=', locationSlug(lastN)).executeTakeFirst();
    if (last) {
      skipped += hi - lo;
      continue;
    }
    const numbers = sql`(SELECT ${shardIndex}::bigint + k * ${shape.shards}::bigint AS n FROM generate_series(${lo}::bigint, ${hi - 1}::bigint) AS k) AS f`;
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`
        INSERT INTO locations (franchise_id, id, slug, name, timezone, currency, min_notice_minutes, horizon_days)
        SELECT ${idSql('f', n)}, ${idSql('l', n)}, 'scale-shop-' || n, 'Scale shop ' || n, 'America/New_York', 'USD', 0, 365 FROM ${numbers}`.execute(trx);
      await sql`
        INSERT INTO services (franchise_id, id, location_id, name, duration_minutes, price_cents)
        SELECT ${idSql('f', n)}, ${idSql('s', n)}, ${idSql('l', n)}, 'Haircut', 30, 3500 FROM ${numbers}`.execute(trx);
      await sql`
        INSERT INTO barbers (franchise_id, id, location_id, name)
        SELECT ${idSql('f', n)}, ${idSql('b', n)}, ${idSql('l', n)}, 'Barber ' || n FROM ${numbers}`.execute(trx);
      await sql`
        INSERT INTO barber_services (franchise_id, barber_id, service_id)
        SELECT ${idSql('f', n)}, ${idSql('b', n)}, ${idSql('s', n)} FROM ${numbers}`.execute(trx);
      await sql`
        INSERT INTO weekly_hours (franchise_id, id, barber_id, weekday, start_time, end_time)
        SELECT ${idSql('f', n)}, ${idSql('w', sql`n * 8 + d`)}, ${idSql('b', n)}, d, '09:00', '17:00'
        FROM ${numbers} CROSS JOIN generate_series(1, 7) AS d`.execute(trx);
      await sql`
        INSERT INTO clients (franchise_id, id, email, name)
        SELECT ${idSql('f', n)}, ${idSql('c', n)}, 'client-' || n || '@example.test', 'Client ' || n FROM ${numbers}`.execute(trx);
      // One a day at 10:00 UTC, centred on today; every fifth cancelled, two in five completed.
      await sql`
        INSERT INTO appointments (franchise_id, id, location_id, barber_id, service_id, client_id, starts_at, ends_at, blocked_until, status, price_cents, currency)
        SELECT ${idSql('f', n)}, ${idSql('a', sql`n * 1000 + a`)}, ${idSql('l', n)}, ${idSql('b', n)}, ${idSql('s', n)}, ${idSql('c', n)},
               t, t + interval '30 minutes', t + interval '30 minutes',
               (ARRAY['cancelled', 'completed', 'completed', 'booked', 'booked'])[a % 5 + 1], 3500, 'USD'
        FROM ${numbers}
        CROSS JOIN generate_series(0, ${shape.appointmentsPerFranchise - 1}) AS a
        CROSS JOIN LATERAL (SELECT date_trunc('day', now()) + (a - ${Math.floor(shape.appointmentsPerFranchise / 2)}) * interval '1 day' + interval '10 hours' AS t) AS at`.execute(trx);
    });
    progress(`  ${shardIdOf(shardIndex)}: ${hi.toLocaleString('en')} / ${count.toLocaleString('en')} franchises (${seconds(started)} s)`);
  }
  if (skipped > 0) progress(`  ${shardIdOf(shardIndex)}: ${skipped.toLocaleString('en')} franchises were already seeded`);
  await sql`ANALYZE`.execute(db);
}

const seconds = (since: number): string => ((performance.now() - since) / 1000).toFixed(1);
