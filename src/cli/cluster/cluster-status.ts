import { clusterPaths, DEFAULT_DATA_DIR } from './cluster-layout.js';
import { dataDirFlag, displayPath, printServers } from './cluster-report.js';
import type { Out } from './cluster-report.js';
import { readClusterState } from './cluster-state.js';
import type { ServerState } from './cluster-state.js';
import { withClient } from './cluster-servers.js';
import { fleetBackupStatus } from './fleet/backup-command.js';
import { livePostmaster } from './processes.js';
import { liveSupervisor } from './supervisor-lock.js';

export interface StatusOptions {
  readonly dataDir: string;
  readonly json: boolean;
}

interface ServerHealth {
  readonly up: boolean;
  readonly standby: boolean | null;
  /** The replica's WAL receiver state ('streaming' when it follows its primary). */
  readonly receiver: string | null;
  readonly error: string | null;
}

async function probeServer(server: ServerState): Promise<ServerHealth> {
  try {
    return await withClient(server.url, async (client) => {
      const { rows } = await client.query<{ standby: boolean; receiver: string | null }>(
        'SELECT pg_is_in_recovery() AS standby, (SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS receiver',
      );
      return { up: true, standby: rows[0]?.standby ?? null, receiver: rows[0]?.receiver ?? null, error: null };
    });
  } catch (error) {
    return { up: false, standby: null, receiver: null, error: error instanceof Error ? error.message : String(error) };
  }
}

async function probeApi(url: string): Promise<string> {
  try {
    const response = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(5_000) });
    return response.status === 200 ? 'ready' : `not ready (${response.status})`;
  } catch {
    return 'down';
  }
}

function describe(server: ServerState, health: ServerHealth): string {
  if (server.role !== 'replica') return health.standby ? 'up (UNEXPECTEDLY a standby)' : 'up';
  if (!health.standby) return 'up (NOT a standby: promoted?)';
  return `up, ${health.receiver ?? 'not receiving WAL'}`;
}

/** Prints the state file checked against reality; exit 0 only when every part answers. */
export async function clusterStatus(options: StatusOptions, out: Out): Promise<number> {
  const paths = clusterPaths(options.dataDir);
  const state = await readClusterState(paths);
  const supervisor = await liveSupervisor(paths);
  if (!state) {
    if (options.json) out(JSON.stringify({ dataDir: paths.root, running: false, servers: [] }, null, 2));
    else out(`no cluster in ${displayPath(paths.root)}: start one with npm run cluster -- up${dataDirFlag(paths, DEFAULT_DATA_DIR)}`);
    return 1;
  }
  const running = supervisor !== undefined;
  // Probed even without a supervisor: a crashed one may have left servers running.
  const probes = await Promise.all(state.servers.map(probeServer));
  const api = state.api ? await probeApi(state.api.url) : 'down';
  const servers = state.servers.map((server, index) => ({ ...server, health: probes[index] as ServerHealth }));
  const allUp = running && api === 'ready' && servers.every((s) => s.health?.up === true);
  const backups = await fleetBackupStatus(options.dataDir);

  if (options.json) {
    out(JSON.stringify({ dataDir: paths.root, running, healthy: allUp, supervisorPid: supervisor ?? null, status: state.status, binaries: state.binaries, catalogUrl: state.catalogUrl, api: state.api ? { ...state.api, state: api } : null, servers, notes: state.notes, backups }, null, 2));
    return allUp ? 0 : 1;
  }
  out(running ? `cluster in ${displayPath(paths.root)}: ${state.status} (supervisor pid ${supervisor})` : `cluster in ${displayPath(paths.root)}: not running (data kept)`);
  const health = new Map(servers.map((s) => [s.name, s.health.up ? describe(s, s.health) : running ? 'DOWN' : 'stopped']));
  const pids = await Promise.all(state.servers.map(async (s) => ({ ...s, pid: (await livePostmaster(s.dataDir)) ?? null })));
  printServers(out, { ...state, servers: pids }, health);
  if (state.api) out(`API: ${state.api.url} ${api}`);
  for (const note of state.notes) out(note);
  for (const line of backups) out(line);
  const leftovers = !running && (api !== 'down' || servers.some((s) => s.health.up));
  if (leftovers) out(`the supervisor is gone but parts still run: \`npm run cluster -- down${dataDirFlag(paths, DEFAULT_DATA_DIR)}\` stops them`);
  else if (!running) out(`start it with npm run cluster -- up${dataDirFlag(paths, DEFAULT_DATA_DIR)}`);
  return allUp ? 0 : 1;
}
