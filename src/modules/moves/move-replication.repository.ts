import type { FranchiseTable } from './franchise-tables.repository.js';
import { ident, uuidLiteral } from './franchise-tables.repository.js';
import type { ShardLink } from './shard-links.js';

/** Publication, subscription and slot of a move share one name: mv_<move id without dashes>. */
export function replicationName(moveId: string): string {
  return `mv_${moveId.replace(/-/g, '')}`;
}

const quoteLiteral = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * On the source: every franchise table plus move_markers, filtered to the
 * franchise. Insert, update and delete only: TRUNCATE ignores row filters and
 * would empty the whole table on the target.
 */
export async function createPublication(source: ShardLink, name: string, franchiseId: string, tables: readonly FranchiseTable[]): Promise<void> {
  const filter = `WHERE (franchise_id = ${uuidLiteral(franchiseId)})`;
  const list = [...tables.map((t) => t.name), 'move_markers'].map((t) => `public.${ident(t)} ${filter}`).join(', ');
  const exists = await source.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [name]);
  if (exists.length === 0) await source.query(`CREATE PUBLICATION ${ident(name)} FOR TABLE ${list} WITH (publish = 'insert, update, delete')`);
}

/**
 * On the target, connecting to the source (the connection string must be
 * reachable from the target server and carry the credentials). copy_data does
 * the initial copy of the filtered rows; disable_on_error stops instead of
 * retrying a conflict forever; synchronous_commit = on makes an applied row
 * durable before it is visible, so seeing the marker proves durability too.
 * Returns the subscription's oid (it names the table-sync slots on the source).
 */
export async function createSubscription(target: ShardLink, name: string, sourceUrl: string): Promise<string> {
  const existing = await target.query<{ oid: string }>('SELECT oid::bigint::text AS oid FROM pg_subscription WHERE subname = $1', [name]);
  if (existing[0]) return existing[0].oid;
  const connection = quoteLiteral(`${sourceUrl}${sourceUrl.includes('?') ? '&' : '?'}application_name=${name}`);
  await target.query(
    `CREATE SUBSCRIPTION ${ident(name)} CONNECTION ${connection} PUBLICATION ${ident(name)}
     WITH (copy_data = true, binary = true, disable_on_error = true, synchronous_commit = 'on')`,
  );
  const [row] = await target.query<{ oid: string }>('SELECT oid::bigint::text AS oid FROM pg_subscription WHERE subname = $1', [name]);
  if (!row) throw new Error(`subscription ${name} vanished right after it was created`);
  return row.oid;
}

export interface SyncState {
  readonly enabled: boolean;
  readonly tables: number;
  readonly ready: number;
  readonly pending: string | null;
}

/** Initial-sync state of every table of the subscription (DESIGN.md section 5, step 2: wait until every table is synchronized). */
export async function syncState(target: ShardLink, name: string): Promise<SyncState | undefined> {
  const [row] = await target.query<{ enabled: boolean; tables: string; ready: string; pending: string | null }>(
    `SELECT s.subenabled AS enabled, count(r.srrelid) AS tables,
            count(r.srrelid) FILTER (WHERE r.srsubstate = 'r') AS ready,
            string_agg(format('%s:%s', r.srrelid::regclass, r.srsubstate), ', ') FILTER (WHERE r.srsubstate <> 'r') AS pending
     FROM pg_subscription s LEFT JOIN pg_subscription_rel r ON r.srsubid = s.oid
     WHERE s.subname = $1 GROUP BY s.subenabled`,
    [name],
  );
  return row && { enabled: row.enabled, tables: Number(row.tables), ready: Number(row.ready), pending: row.pending };
}

export async function subscriptionErrors(target: ShardLink, name: string): Promise<string> {
  const rows = await target.query<{ apply_error_count: string; sync_error_count: string }>('SELECT apply_error_count, sync_error_count FROM pg_stat_subscription_stats WHERE subname = $1', [name]);
  const row = rows[0];
  return row ? `apply errors ${row.apply_error_count}, sync errors ${row.sync_error_count}` : 'no statistics';
}

/**
 * Stops the target applying anything more: one catalog change on the target,
 * no round trip to the source, so it is cheap inside the write pause. The
 * subscription and its slot stay until dropSubscription.
 */
export async function disableSubscription(target: ShardLink, name: string): Promise<void> {
  const exists = await target.query('SELECT 1 FROM pg_subscription WHERE subname = $1', [name]);
  if (exists.length > 0) await target.query(`ALTER SUBSCRIPTION ${ident(name)} DISABLE`);
}

/**
 * Drops the subscription on the target. Normally that drops its slot on the
 * source too; when the source cannot be reached the slot is detached first
 * (and the caller drops it on the source).
 */
export async function dropSubscription(target: ShardLink, name: string): Promise<void> {
  const exists = await target.query('SELECT 1 FROM pg_subscription WHERE subname = $1', [name]);
  if (exists.length === 0) return;
  try {
    await target.query(`DROP SUBSCRIPTION IF EXISTS ${ident(name)}`);
  } catch {
    await target.query(`ALTER SUBSCRIPTION ${ident(name)} DISABLE`);
    await target.query(`ALTER SUBSCRIPTION ${ident(name)} SET (slot_name = NONE)`);
    await target.query(`DROP SUBSCRIPTION IF EXISTS ${ident(name)}`);
  }
}

/** On the source: the publication, the move's slot and its table-sync slots (pg_<subid>_sync_…). */
export async function dropSourceReplication(source: ShardLink, name: string, subscriptionOid: string | null): Promise<void> {
  await source.query(`DROP PUBLICATION IF EXISTS ${ident(name)}`);
  const pattern = subscriptionOid ? `pg\\_${subscriptionOid}\\_sync\\_%` : null;
  await dropSlots(source, `slot_name = $1 OR ($2::text IS NOT NULL AND slot_name LIKE $2)`, [name, pattern]);
}

/** Drops matching logical slots of this database, ending the walsender that holds one first. */
async function dropSlots(source: ShardLink, where: string, values: unknown[]): Promise<string[]> {
  const dropped: string[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const slots = await source.query<{ slot_name: string; active_pid: number | null }>(
      `SELECT slot_name, active_pid FROM pg_replication_slots WHERE database = current_database() AND (${where})`,
      values,
    );
    if (slots.length === 0) return dropped;
    for (const slot of slots) {
      if (slot.active_pid !== null) {
        await source.query('SELECT pg_terminate_backend($1)', [slot.active_pid]);
        continue;
      }
      try {
        await source.query('SELECT pg_drop_replication_slot($1)', [slot.slot_name]);
        dropped.push(slot.slot_name);
      } catch {
        // Became active again (a worker reconnected) or already gone: next round.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('could not drop replication slots: still in use after 2 s');
}

/** A trivial round trip: is the shard reachable at all (the sweep skips those that are not)? */
export async function probe(link: ShardLink): Promise<void> {
  await link.query('SELECT 1');
}

/** Names of the move subscriptions (mv_…) on a shard. */
export async function moveSubscriptions(link: ShardLink): Promise<string[]> {
  return (await link.query<{ subname: string }>("SELECT subname FROM pg_subscription WHERE subname LIKE 'mv\\_%'")).map((row) => row.subname);
}

/** Names of the move publications (mv_…) on a shard. */
export async function movePublications(link: ShardLink): Promise<string[]> {
  return (await link.query<{ pubname: string }>("SELECT pubname FROM pg_publication WHERE pubname LIKE 'mv\\_%'")).map((row) => row.pubname);
}

export async function dropPublication(link: ShardLink, name: string): Promise<void> {
  await link.query(`DROP PUBLICATION IF EXISTS ${ident(name)}`);
}

/** Names of the move slots (mv_…) on a shard's server. */
export async function moveSlots(link: ShardLink): Promise<string[]> {
  return (await link.query<{ slot_name: string }>("SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'mv\\_%'")).map((row) => row.slot_name);
}

/** `<subscription oid>_<system identifier>` of every subscription on a shard: what a table-sync slot's name points back to. */
export async function subscriptionKeys(link: ShardLink): Promise<string[]> {
  const rows = await link.query<{ key: string }>("SELECT s.oid::bigint::text || '_' || (SELECT system_identifier::text FROM pg_control_system()) AS key FROM pg_subscription s");
  return rows.map((row) => row.key);
}

/** Inactive table-sync slots (pg_<subid>_sync_…) of this database. */
export async function idleSyncSlots(link: ShardLink): Promise<string[]> {
  const rows = await link.query<{ slot_name: string }>("SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'pg\\_%\\_sync\\_%' AND NOT active AND database = current_database()");
  return rows.map((row) => row.slot_name);
}

/** Drops the named slots (only inactive ones when `onlyIdle`); returns those dropped. */
export function dropSlotsNamed(link: ShardLink, names: readonly string[], options: { onlyIdle?: boolean } = {}): Promise<string[]> {
  return dropSlots(link, options.onlyIdle ? 'slot_name = ANY ($1) AND NOT active' : 'slot_name = ANY ($1)', [names]);
}
