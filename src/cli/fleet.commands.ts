import type { Platform } from '../composition-root.js';
import { reportRange } from '../modules/platform-reports/report-range.js';
import type { ShardView } from '../modules/shards/shards.service.js';
import type { ReplicationSlot } from '../modules/moves/replication-slots.repository.js';
import { printTable } from './table.js';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly json: boolean;
  /** --name value options and bare flags of the command line. */
  readonly flags: Readonly<Record<string, string | boolean | string[] | undefined>>;
}

const text = (value: unknown): string => (value === undefined || value === null ? '-' : String(value));

function shardRow(shard: ShardView): string[] {
  const schema = shard.schema ? (shard.schema.applied === shard.schema.expected ? shard.schema.applied : `${shard.schema.applied ?? 'none'} (BEHIND ${shard.schema.expected})`) : '-';
  return [shard.id, shard.region, shard.state, String(shard.weight), String(shard.franchiseCount), String(shard.replicaUrls.length), schema, shard.reachable ? 'up' : `DOWN: ${shard.error ?? ''}`];
}

/** 1536 → "1.5 KiB": retained WAL for people. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** The shard's replication slots, or why they could not be read (down, or its schema is behind this build). */
async function readSlots(platform: Platform, shard: ShardView): Promise<{ slots: ReplicationSlot[] } | { error: string }> {
  if (!shard.reachable) return { error: 'shard unreachable' };
  try {
    return { slots: await platform.moves.replicationSlots(shard.id) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

function printSlots(out: (line: string) => void, slots: readonly ReplicationSlot[]): void {
  if (slots.length === 0) {
    out('replication slots: none');
    return;
  }
  out('replication slots:');
  printTable(
    out,
    ['slot', 'type', 'database', 'active', 'retained WAL', 'wal status', 'move'],
    slots.map((s) => [s.name, s.type, text(s.database), s.active ? 'yes' : 'NO', s.retainedWalBytes === null ? '-' : formatBytes(s.retainedWalBytes), text(s.walStatus), s.moveId ?? (s.isMoveSlot ? 'yes' : '-')]),
  );
}

/** `bookedbarber shards list|show|add|drain|activate` */
export async function shardsCommand(platform: Platform, args: readonly string[], io: CliIo): Promise<number> {
  const [action = 'list', id] = args;
  const print = (shards: readonly ShardView[]): void => {
    if (io.json) io.out(JSON.stringify(shards.length === 1 && action !== 'list' ? shards[0] : shards, null, 2));
    else printTable(io.out, ['shard', 'region', 'state', 'weight', 'franchises', 'replicas', 'schema', 'health'], shards.map(shardRow));
  };
  switch (action) {
    case 'list': {
      const shards = await platform.shards.list();
      print(shards);
      return shards.every((s) => s.reachable) ? 0 : 1;
    }
    case 'show': {
      if (!id) throw new Error('usage: shards show <shard-id>');
      const shard = await platform.shards.show(id);
      const slots = await readSlots(platform, shard);
      if (io.json) {
        io.out(JSON.stringify({ ...shard, replicationSlots: 'slots' in slots ? slots.slots : null, ...('error' in slots && { replicationSlotsError: slots.error }) }, null, 2));
      } else {
        print([shard]);
        io.out(`primary: ${shard.primaryUrl}${shard.replicaUrls.length ? `\nreplicas: ${shard.replicaUrls.join(', ')}` : ''}`);
        if ('slots' in slots) printSlots(io.out, slots.slots);
        else io.out(`replication slots: unavailable (${slots.error})`);
      }
      return shard.reachable && 'slots' in slots ? 0 : 1;
    }
    case 'add': {
      const { region, url, weight } = io.flags;
      if (!id || typeof region !== 'string' || typeof url !== 'string') throw new Error('usage: shards add <shard-id> --region <region> --url <postgres-url> [--replica <url>]… [--weight N]');
      const replicas = io.flags.replica;
      io.out(`migrating ${id} to the current schema, then registering it…`);
      const shard = await platform.shards.add({
        id,
        region,
        primaryUrl: url,
        replicaUrls: Array.isArray(replicas) ? replicas : typeof replicas === 'string' ? [replicas] : [],
        ...(typeof weight === 'string' && { weight: Number(weight) }),
        ...(io.flags['accepts-any-region'] === true && { acceptsAnyRegion: true }),
      });
      print([shard]);
      return 0;
    }
    case 'drain':
    case 'activate': {
      if (!id) throw new Error(`usage: shards ${action} <shard-id>`);
      print([action === 'drain' ? await platform.shards.drain(id) : await platform.shards.activate(id)]);
      if (!io.json && action === 'drain') io.out(`${id} takes no new franchises; move its franchises off with "shards evacuate" once available.`);
      return 0;
    }
    default:
      throw new Error(`unknown shards action "${action}" (list, show, add, drain, activate)`);
  }
}

/** `bookedbarber franchises list [--shard S] [--region R] [--limit N] | show <id-or-slug>` */
export async function franchisesCommand(platform: Platform, args: readonly string[], io: CliIo): Promise<number> {
  const [action = 'list', idOrSlug] = args;
  const rows =
    action === 'show'
      ? [await platform.shards.franchise(idOrSlug ?? '')]
      : await platform.shards.franchises({
          ...(typeof io.flags.shard === 'string' && { shardId: io.flags.shard }),
          ...(typeof io.flags.region === 'string' && { region: io.flags.region }),
          limit: typeof io.flags.limit === 'string' ? Number(io.flags.limit) : 200,
        });
  if (action !== 'list' && action !== 'show') throw new Error(`unknown franchises action "${action}" (list, show)`);
  if (io.json) {
    io.out(JSON.stringify(action === 'show' ? rows[0] : rows, null, 2));
  } else {
    printTable(
      io.out,
      ['franchise', 'slug', 'region', 'shard', 'shard region', 'placement v', 'locations'],
      rows.map((r) => [r.id, r.slug, r.region, r.shardId, r.shardRegion === r.region ? r.shardRegion : `${r.shardRegion} (outside its region)`, r.placementVersion, String(r.locationCount)]),
    );
  }
  return 0;
}

/** `bookedbarber reports [--from YYYY-MM-DD] [--to YYYY-MM-DD]`: the platform report, fanned out to every shard. */
export async function reportsCommand(platform: Platform, io: CliIo): Promise<number> {
  const report = await platform.platformReports.build(reportRange(io.flags.from as string | undefined, io.flags.to as string | undefined, new Date()));
  if (io.json) {
    io.out(JSON.stringify(report, null, 2));
    return report.partial ? 1 : 0;
  }
  const money = (revenue: readonly { currency: string; cents: number }[]): string => revenue.map((r) => `${(r.cents / 100).toFixed(2)} ${r.currency}`).join(', ') || '-';
  io.out(`${report.from} … ${report.to}${report.partial ? '   PARTIAL: some shards did not answer' : ''}`);
  printTable(io.out, ['region', 'franchises', 'bookings', 'completed', 'cancelled', 'revenue'], report.byRegion.map((r) => [r.region, text(r.franchises), text(r.bookings), text(r.completed), text(r.cancelled), money(r.revenue)]));
  io.out('');
  printTable(
    io.out,
    ['shard', 'region', 'answered', 'franchises', 'bookings', 'revenue'],
    report.byShard.map((s) => [s.shardId, s.region, s.answered ? 'yes' : 'NO', text(s.franchises), text(s.bookings), money(s.revenue)]),
  );
  for (const missing of report.missingShards) io.out(`missing: ${missing.shardId} (${missing.region}): ${missing.reason}`);
  return report.partial ? 1 : 0;
}

/** `bookedbarber users grant-admin|revoke-admin <email>` */
export async function usersCommand(platform: Platform, args: readonly string[], io: CliIo): Promise<number> {
  const [action, email] = args;
  if ((action !== 'grant-admin' && action !== 'revoke-admin') || !email) throw new Error('usage: users grant-admin|revoke-admin <email>');
  if (!(await platform.core.access.setPlatformAdmin(email, action === 'grant-admin'))) {
    io.out(`no user with email ${email} (they sign up first)`);
    return 1;
  }
  io.out(`${email} ${action === 'grant-admin' ? 'is now' : 'is no longer'} a platform admin`);
  return 0;
}
