import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { SHARD_SERVERS } from '../cluster-layout.js';
import type { ClusterPaths, SupervisorOptions } from '../cluster-layout.js';
import { loadOrCreatePassword, writeClusterState } from '../cluster-state.js';
import type { ClusterState, ServerState } from '../cluster-state.js';
import { findInstalledPostgres } from '../postgres-install.js';
import { startFleet } from './fleet.js';
import type { Fleet, FleetShardSpec } from './fleet.js';
import { serverUrl } from './fleet-state.js';

/**
 * The four regional shards of the local cluster as a fleet: us-east-1 behind
 * PgBouncer in transaction pooling mode (as the seeds run every shard), the others
 * behind HAProxy TCP listeners, each with a synchronous standby.
 */
const FLEET_SHARDS: readonly FleetShardSpec[] = SHARD_SERVERS.map((shard) => ({
  id: shard.name,
  region: shard.region as string,
  address: shard.region === 'us-east-1' ? 'pgbouncer' : 'haproxy',
}));

/** `cluster up --fleet` inside the supervisor: the same start/stop/snapshot contract as ClusterRun. */
export class FleetRun {
  private fleet: Fleet | undefined;
  private aborted = false;
  private status: ClusterState['status'] = 'starting';
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly paths: ClusterPaths,
    private readonly options: SupervisorOptions,
    private readonly logger: Logger,
    private readonly progress: (line: string) => void,
  ) {}

  abort(): void {
    this.aborted = true;
  }

  isAborted(): boolean {
    return this.aborted;
  }

  snapshot(): ClusterState {
    const state = this.fleet?.state;
    const servers: ServerState[] = [];
    for (const shard of state ? [state.catalog, ...state.shards] : []) {
      const primary = shard.servers.find((s) => s.role === 'primary');
      for (const server of shard.servers) {
        if (server.role === 'lost') continue;
        const isPrimary = server.role === 'primary';
        servers.push({
          name: server.name,
          role: isPrimary ? (shard.id === 'catalog' ? 'catalog' : 'primary') : 'replica',
          region: server.region,
          port: server.port,
          pid: null,
          dataDir: server.dataDir,
          url: serverUrl(state as { password: string }, server, shard.database),
          ...(!isPrimary && primary ? { replicaOf: primary.name } : {}),
        });
      }
    }
    return {
      status: this.status,
      supervisorPid: process.pid,
      startedAt: this.startedAt,
      binaries: null,
      catalogUrl: state?.catalogUrl ?? null,
      servers,
      api: { pid: null, port: this.options.apiPort, url: `http://localhost:${this.options.apiPort}`, log: path.join(this.paths.root, 'fleet', 'logs') },
      notes: state
        ? [
            `fleet: HAProxy on port ${this.options.apiPort} over ${state.apiNodes.length} API nodes; ${state.shards.map((s) => `${s.id} via ${s.address.kind} :${s.address.port}`).join(', ')}`,
            `failover: npm run cluster -- failover <shard>${this.options.dataDir === path.resolve('.bookedbarber-cluster') ? '' : ` --data-dir ${this.options.dataDir}`}`,
            `backups: pgBackRest stanza per shard in ${path.join(state.dir, 'backups')}; npm run cluster -- backup <shard> [--type full|incr]`,
          ]
        : [],
    };
  }

  async start(): Promise<void> {
    const installed = await findInstalledPostgres();
    if (!installed) throw new Error('--fleet needs an installed PostgreSQL for its standbys (apt-get install -y postgresql)');
    // Throwaway by design: after a failover the servers' roles differ from their names, so every `up --fleet` starts afresh.
    const dir = path.join(this.paths.root, 'fleet');
    await fs.rm(dir, { recursive: true, force: true });
    this.progress('starting a production-shaped fleet (fresh data; it does not survive down)…');
    this.fleet = await startFleet({
      dir,
      binDir: installed.binDir,
      password: await loadOrCreatePassword(this.paths).catch(() => randomBytes(12).toString('hex')),
      shards: FLEET_SHARDS,
      catalogRegion: 'us-east-1',
      apiNodes: 2,
      apiPort: this.options.apiPort,
      checkIntervalMs: 1_000,
      drainMs: 2_500,
      statementTimeout: '15s',
      logger: this.logger,
      progress: this.progress,
    });
    if (this.aborted) throw new Error('interrupted');
    this.status = 'running';
    await writeClusterState(this.paths, this.snapshot());
  }

  async stop(): Promise<void> {
    this.status = 'stopping';
    await this.fleet?.stop();
    this.status = 'stopped';
    await writeClusterState(this.paths, this.snapshot()).catch(() => {});
  }
}
