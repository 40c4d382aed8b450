/**
 * Backups and point-in-time restore as a drill (issue 15, drill 2). A shard
 * archives its WAL into pgBackRest while a load books, cancels and
 * reschedules; a full and an incremental backup run under that load; then an
 * "accident" cancels every booking of one franchise. The shard is restored
 * into a new server to the instant before the accident, and compared with
 * what the clients had been told by then.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startLocalPostgres } from '../src/db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../src/db/local-postgres/local-postgres-server.js';
import { configureBackups, prepareBackups } from '../src/ops/backups/pgbackrest.js';
import type { BackupRecord } from '../src/ops/backups/pgbackrest.js';
import type { FranchiseRestoreReport } from '../src/ops/backups/franchise-restore.js';
import { startRestoredServer } from '../src/ops/backups/restored-server.js';
import { makeShop } from '../test/support/factories.js';
import type { Shop } from '../test/support/factories.js';
import { runCliProcess } from '../test/support/cli-process.js';
import { installedPostgresBinDir } from '../test/support/shard-servers.js';
import { acknowledgedAt } from './acknowledged-at.js';
import { DRILL_SHOP, startDrillLoad } from './drill-load.js';
import type { AcknowledgedBooking, LoadReport, WriteEvent } from './drill-load.js';
import { DURABLE_SETTINGS } from './environment.js';
import { startMoveRig } from './move-rig.js';

export interface BackupDrillOptions {
  readonly franchises: number;
  readonly workers: number;
  /** Load between the drill's steps (before the full backup, between backups, around the accident). */
  readonly stepSeconds: number;
  readonly log: (line: string) => void;
}

export interface ShardRestoreFigures {
  /** pgBackRest restore of the files, then WAL replay up to the target and promotion. */
  readonly filesMs: number;
  readonly replayMs: number;
  readonly appointmentRows: number;
  /** Bookings acknowledged before the target instant. */
  readonly acknowledged: number;
  /** Of those, missing from the restored shard: must be 0. */
  readonly lost: number;
  /** Restored in another state or time than last acknowledged before the target: must be 0. */
  readonly wrongState: number;
  /** Bookings whose state was checked (the rest had a write in flight at the target instant). */
  readonly stateChecked: number;
  /** Bookings created by requests sent after the target, present anyway: must be 0 (else it is not that instant). */
  readonly fromAfterTarget: number;
  /** The victim's bookings that the restore brings back as booked. */
  readonly victimBookedRestored: number;
}

export interface FranchiseRestoreFigures {
  readonly report: FranchiseRestoreReport;
  /** The victim's rows on its live shard after the restore, and those booked. */
  readonly victimRows: number;
  readonly victimBooked: number;
  /** The victim against what its clients had been told by the target instant: all must be 0. */
  readonly victimLost: number;
  readonly victimWrongState: number;
  readonly victimFromAfterTarget: number;
  /** The other franchises' acknowledged bookings missing or changed on the shard: must be 0. */
  readonly othersMissing: number;
  readonly othersWrongState: number;
  readonly verifyProblems: readonly string[];
  /** Shards still registered besides the drill's own (the scratch copy must be gone). */
  readonly leftoverShards: readonly string[];
  readonly onShard: string;
}

export interface BackupDrillReport {
  readonly backups: readonly (BackupRecord & { readonly ms: number })[];
  readonly accidentRows: number;
  readonly load: LoadReport;
  readonly shard: ShardRestoreFigures;
  readonly franchise: FranchiseRestoreFigures;
  readonly totalMs: number;
  readonly passed: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const SHARD = 'shard-a';

export async function runBackupRestoreDrill(options: BackupDrillOptions): Promise<BackupDrillReport> {
  const { log } = options;
  const started = Date.now();
  const binDir = await installedPostgresBinDir();
  if (!binDir) throw new Error('the drill needs Debian PostgreSQL (package postgresql): pgBackRest 2.45 supports its major version, not the npm one');
  const root = await mkdtemp(path.join(os.tmpdir(), 'bb-backup-drill-'));
  const backupOptions = { stanza: SHARD, backupDir: path.join(root, 'backups'), onProgress: log };
  let primary: LocalPostgresServer | undefined;
  const rig = await startMoveRig(1, { id: SHARD, region: 'us-east-1', acceptsAnyRegion: true }, async (databases) => {
    const settings = await prepareBackups(backupOptions);
    primary = await startLocalPostgres({ dataDir: path.join(root, 'primary'), port: 0, persistent: false, binDir, settings: { ...DURABLE_SETTINGS, ...settings } });
    await withClient(primary.connectionString('postgres'), async (client) => {
      for (const database of databases) await client.query(`CREATE DATABASE ${database}`);
    });
    return primary;
  });
  let restored: LocalPostgresServer | undefined;
  let stopLoad: (() => Promise<LoadReport>) | undefined;
  try {
    if (!primary) throw new Error('the rig started no server');
    const backups = await configureBackups(primary, backupOptions);
    log(`drill: ${options.franchises} franchises on ${SHARD}, ${options.workers} load workers, ${options.stepSeconds} s of load per step`);
    const shops: Shop[] = [];
    for (let i = 0; i < options.franchises; i++) shops.push(await makeShop(rig, { ...DRILL_SHOP, shardId: SHARD, region: 'us-east-1', timezone: 'America/New_York' }));
    const victim = shops[0] as Shop;
    const events: WriteEvent[] = [];
    let accidentAt = Number.POSITIVE_INFINITY;
    // From the accident on, the victim's shop is left alone (its owner would be on the phone to support).
    const load = startDrillLoad(rig, shops, options.workers, { onWrite: (e) => events.push(e), skip: (id) => id === victim.franchiseId && Date.now() >= accidentAt });
    let stopping: Promise<LoadReport> | undefined;
    stopLoad = () => (stopping ??= load.stop());
    const taken: (BackupRecord & { ms: number })[] = [];
    const timed = async (type: 'full' | 'incr'): Promise<void> => {
      const t0 = Date.now();
      taken.push({ ...(await backups.backup(type)), ms: Date.now() - t0 });
    };
    await sleep(options.stepSeconds * 1000);
    await timed('full');
    await sleep(options.stepSeconds * 1000);
    await timed('incr');
    await sleep(options.stepSeconds * 1000);

    const target = new Date();
    accidentAt = target.getTime();
    await sleep(10); // commits of the accident carry a later timestamp than the target
    const accidentRows = await withClient(rig.shardUrl(0), async (client) => {
      const result = await client.query(`UPDATE appointments SET status = 'cancelled', cancelled_at = now() WHERE franchise_id = $1 AND status = 'booked'`, [victim.franchiseId]);
      return result.rowCount ?? 0;
    });
    log(`accident at ${target.toISOString()}: ${accidentRows} bookings of ${victim.slug} cancelled`);
    await sleep(options.stepSeconds * 1000); // later commits, so that recovery finds the end of its target
    await backups.flushWal();

    const filesStarted = Date.now();
    await backups.restore({ to: target, dataDir: path.join(root, 'restored') });
    const replayStarted = Date.now();
    restored = await startRestoredServer({ dataDir: path.join(root, 'restored'), binDir, settings: DURABLE_SETTINGS, onProgress: log });
    const replayMs = Date.now() - replayStarted;
    const restoredRows = await appointmentRows(restored.connectionString('shard'));
    const shard = { ...compareWithAcknowledged(restoredRows, events, target.getTime()), victimBookedRestored: restoredRows.filter((r) => r.franchise_id === victim.franchiseId && r.status === 'booked').length, filesMs: replayStarted - filesStarted, replayMs };
    await restored.stop();

    // Part two: only the victim goes back to that instant, on its live shard, with the load still running on the others.
    log(`franchise restore: ${victim.slug} back to ${target.toISOString()}, the other ${shops.length - 1} franchise(s) under load`);
    // As an operator runs it: the command in a process of its own, against the same catalog; this process's API node follows by notification.
    const cli = await runCliProcess(['franchises', 'restore', victim.franchiseId, '--to', target.toISOString(), '--backup-dir', backupOptions.backupDir, '--pg-bin', binDir, '--json'], rig.catalogUrl);
    if (cli.code !== 0) throw new Error(`franchises restore exited with ${String(cli.code)}:\n${cli.stdout}\n${cli.stderr}`);
    // The report is the last thing printed (pretty JSON); log lines of the command may come before it.
    const reportAt = cli.stdout.startsWith('{\n') ? 0 : cli.stdout.lastIndexOf('\n{\n') + 1;
    const franchise = JSON.parse(cli.stdout.slice(reportAt)) as FranchiseRestoreReport;
    await sleep(options.stepSeconds * 1000);
    const report = await stopLoad();
    const liveRows = await appointmentRows(rig.shardUrl(0));
    const victimRows = liveRows.filter((r) => r.franchise_id === victim.franchiseId);
    const victimCheck = compareWithAcknowledged(victimRows, events.filter((e) => e.booking.franchiseId === victim.franchiseId), target.getTime());
    const others = compareWithFinal(liveRows, report.bookings.filter((b) => b.franchiseId !== victim.franchiseId));
    const verify = await rig.mover.check(victim.franchiseId);
    const shards = (await rig.catalog.selectFrom('shards').select('id').execute()).map((r) => r.id);
    const [placement] = await rig.catalog.selectFrom('franchises').select('shard_id').where('id', '=', victim.franchiseId).execute();
    const franchiseFigures: FranchiseRestoreFigures = {
      report: franchise,
      victimRows: victimRows.length,
      victimLost: victimCheck.lost,
      victimWrongState: victimCheck.wrongState,
      victimFromAfterTarget: victimCheck.fromAfterTarget,
      victimBooked: victimRows.filter((r) => r.status === 'booked').length,
      othersMissing: others.missing,
      othersWrongState: others.wrongState,
      verifyProblems: verify.ok ? [] : verify.problems,
      leftoverShards: shards.filter((id) => id !== SHARD),
      onShard: placement?.shard_id ?? '',
    };
    const franchiseOk =
      franchiseFigures.victimLost === 0 && franchiseFigures.victimWrongState === 0 && franchiseFigures.victimFromAfterTarget === 0 && franchiseFigures.victimBooked === shard.victimBookedRestored &&
      franchiseFigures.othersMissing === 0 && franchiseFigures.othersWrongState === 0 && franchiseFigures.verifyProblems.length === 0 && franchiseFigures.leftoverShards.length === 0 && franchiseFigures.onShard === SHARD;
    const passed = report.errors.length === 0 && shard.lost === 0 && shard.wrongState === 0 && shard.fromAfterTarget === 0 && shard.acknowledged > 0 && shard.victimBookedRestored > 0 && accidentRows > 0 && franchiseOk;
    return { backups: taken, accidentRows, load: report, shard, franchise: franchiseFigures, totalMs: Date.now() - started, passed };
  } finally {
    await stopLoad?.();
    await restored?.stop();
    await rig.close();
    await rm(root, { recursive: true, force: true });
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

interface AppointmentRow {
  readonly id: string;
  readonly franchise_id: string;
  readonly status: string;
  readonly starts_at: Date;
}

function appointmentRows(url: string): Promise<AppointmentRow[]> {
  return withClient(url, async (client) => (await client.query<AppointmentRow>('SELECT id, franchise_id, status, starts_at FROM appointments')).rows);
}

/** Rows against what the clients had been told by `target`. */
function compareWithAcknowledged(rows: readonly AppointmentRow[], events: readonly WriteEvent[], target: number): Omit<ShardRestoreFigures, 'filesMs' | 'replayMs' | 'victimBookedRestored'> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const { expected, later } = acknowledgedAt(events, target);
  let lost = 0;
  let wrongState = 0;
  let stateChecked = 0;
  for (const [id, state] of expected) {
    const row = byId.get(id);
    if (!row) {
      lost++;
      continue;
    }
    if (!state) continue;
    stateChecked++;
    if (row.status !== state.status || row.starts_at.getTime() !== new Date(state.start).getTime()) wrongState++;
  }
  return { appointmentRows: rows.length, acknowledged: expected.size, lost, wrongState, stateChecked, fromAfterTarget: [...later].filter((id) => byId.has(id)).length };
}

/** Rows against the last acknowledged state of each booking (the franchises the restore must not touch). */
function compareWithFinal(rows: readonly AppointmentRow[], bookings: readonly AcknowledgedBooking[]): { missing: number; wrongState: number } {
  const byId = new Map(rows.map((row) => [row.id, row]));
  let missing = 0;
  let wrongState = 0;
  for (const booking of bookings) {
    const row = byId.get(booking.id);
    if (!row) missing++;
    else if (row.status !== booking.status || row.starts_at.getTime() !== new Date(booking.start).getTime()) wrongState++;
  }
  return { missing, wrongState };
}
