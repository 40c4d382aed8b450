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
import { startRestoredServer } from '../src/ops/backups/restored-server.js';
import { makeShop } from '../test/support/factories.js';
import type { Shop } from '../test/support/factories.js';
import { installedPostgresBinDir } from '../test/support/shard-servers.js';
import { acknowledgedAt } from './acknowledged-at.js';
import { DRILL_SHOP, startDrillLoad } from './drill-load.js';
import type { LoadReport, WriteEvent } from './drill-load.js';
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

export interface BackupDrillReport {
  readonly backups: readonly (BackupRecord & { readonly ms: number })[];
  readonly accidentRows: number;
  readonly load: LoadReport;
  readonly shard: ShardRestoreFigures;
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
    const report = await stopLoad();
    const shard = { ...(await compareWithAcknowledged(restored.connectionString('shard'), events, target.getTime(), victim.franchiseId)), filesMs: replayStarted - filesStarted, replayMs };
    const passed = report.errors.length === 0 && shard.lost === 0 && shard.wrongState === 0 && shard.fromAfterTarget === 0 && shard.acknowledged > 0 && shard.victimBookedRestored > 0 && accidentRows > 0;
    return { backups: taken, accidentRows, load: report, shard, totalMs: Date.now() - started, passed };
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

/** The restored shard against what the clients had been told by `target`. */
async function compareWithAcknowledged(url: string, events: readonly WriteEvent[], target: number, victimId: string): Promise<Omit<ShardRestoreFigures, 'filesMs' | 'replayMs'>> {
  const rows = await withClient(url, async (client) => (await client.query<{ id: string; franchise_id: string; status: string; starts_at: Date }>('SELECT id, franchise_id, status, starts_at FROM appointments')).rows);
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
  return {
    appointmentRows: rows.length,
    acknowledged: expected.size,
    lost,
    wrongState,
    stateChecked,
    fromAfterTarget: [...later].filter((id) => byId.has(id)).length,
    victimBookedRestored: rows.filter((row) => row.franchise_id === victimId && row.status === 'booked').length,
  };
}
