import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { spawnApi, waitUntilReady } from './api-process.js';
import { registerCluster } from './cluster-catalog.js';
import { ALL_SERVERS, CATALOG_SERVER, REPLICA_SERVER, SHARD_SERVERS } from './cluster-layout.js';
import type { ClusterPaths, ServerSpec } from './cluster-layout.js';
import { describeServer, ensureDatabase, startReplica, startServer } from './cluster-servers.js';
import type { RunningServer, StartContext } from './cluster-servers.js';
import { loadOrCreatePassword, readClusterState, writeClusterState } from './cluster-state.js';
import type { BinariesState, ClusterState, ServerState } from './cluster-state.js';
import { chooseBinaries, dataMajorVersion } from './postgres-install.js';
import { isPortFree, stopProcess } from './processes.js';
import type { SupervisorOptions } from './cluster-layout.js';
import { stopLeftovers } from './supervisor-lock.js';
import { findObservabilityBinaries, startObservability } from './observability-view.js';
import type { ObservabilityView } from './observability-view.js';

class Aborted extends Error {}

/** One run of the cluster inside the supervisor: what was started, so that stop() stops exactly that. */
export class ClusterRun {
  private readonly running: RunningServer[] = [];
  private servers: ServerState[] = [];
  private binaries: BinariesState | null = null;
  private catalogUrl: string | null = null;
  private notes: string[] = [];
  private api: ChildProcess | undefined;
  private observability: ObservabilityView | undefined;
  private aborted = false;
  private readonly startedAt = new Date().toISOString();
  private status: ClusterState['status'] = 'starting';

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
    const apiUrl = `http://localhost:${this.options.apiPort}`;
    return {
      status: this.status,
      supervisorPid: process.pid,
      startedAt: this.startedAt,
      binaries: this.binaries,
      catalogUrl: this.catalogUrl,
      servers: this.servers,
      api: { pid: this.api?.exitCode === null ? (this.api.pid ?? null) : null, port: this.options.apiPort, url: apiUrl, log: this.paths.apiLog },
      observability: this.observability ? { prometheusUrl: this.observability.prometheusUrl, alertmanagerUrl: this.observability.alertmanagerUrl } : null,
      notes: this.notes,
    };
  }

  async start(): Promise<void> {
    const { paths, options, progress } = this;
    const previous = await readClusterState(paths);
    // Until they start, the servers are shown as last time (stopped): status keeps its table after a failed start.
    this.servers = (previous?.servers ?? []).map((server) => ({ ...server, pid: null }));
    await stopLeftovers(paths, progress);
    if (!(await isPortFree(options.apiPort))) throw new Error(`port ${options.apiPort} is already in use: pass --port <free port> for the API`);
    const observabilityBinaries = options.observability ? findObservabilityBinaries() : undefined;
    const previousPort = (spec: ServerSpec): number | undefined => previous?.servers.find((s) => s.name === spec.name)?.port;

    const choice = await chooseBinaries(await this.existingMajor());
    this.binaries = choice.binaries;
    this.notes = [...choice.notes];
    for (const note of choice.notes) progress(note);
    progress(`using PostgreSQL ${String(choice.binaries.major)} (${choice.binaries.binDir ?? 'binaries from npm'})`);
    const context: StartContext = { paths, password: await loadOrCreatePassword(paths), binaries: choice.binaries, progress };
    await this.save();

    progress('starting the catalog and four shard primaries…');
    const primaries = await this.startAll([CATALOG_SERVER, ...SHARD_SERVERS], (spec) => startServer(spec, context, previousPort(spec)), context.password);
    this.checkAborted();
    await Promise.all(primaries.map(({ spec, server }) => ensureDatabase(server, spec.database)));

    let replicaUrls: string[] = [];
    if (!options.replica) {
      this.note('no replica: --no-replica was given');
    } else if (choice.canReplicate) {
      const primary = primaries.find((p) => p.spec.name === REPLICA_SERVER.replicaOf);
      try {
        progress(`starting ${REPLICA_SERVER.name}, a streaming replica of ${String(REPLICA_SERVER.replicaOf)}…`);
        const replica = await startReplica(REPLICA_SERVER, context, previousPort(REPLICA_SERVER), (primary as RunningServer).server);
        this.running.push(replica);
        replicaUrls = [replica.server.connectionString(REPLICA_SERVER.database)];
      } catch (error) {
        this.note(`WARNING: the replica did not start, continuing without it: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.checkAborted();
    await this.describeServers(context.password);

    const catalog = primaries.find((p) => p.spec === CATALOG_SERVER) as RunningServer;
    this.catalogUrl = catalog.server.connectionString(CATALOG_SERVER.database);
    const shards = primaries
      .filter((p) => p.spec.role === 'primary')
      .map(({ spec, server }) => ({
        id: spec.name,
        region: spec.region as string,
        primaryUrl: server.connectionString(spec.database),
        replicaUrls: spec.name === REPLICA_SERVER.replicaOf ? replicaUrls : [],
      }));
    await registerCluster(this.catalogUrl, shards, this.logger, progress);
    await this.save();
    this.checkAborted();
    await this.startApi();
    if (observabilityBinaries) {
      this.observability = await startObservability({ dir: this.paths.observabilityDir, logDir: this.paths.logDir, apiPort: options.apiPort, binaries: observabilityBinaries, progress });
    }
    this.status = 'running';
    await this.save();
  }

  /** Stops the API, then the replica, the shards, the catalog. Safe to call after a partial start. */
  async stop(): Promise<void> {
    this.status = 'stopping';
    await this.save().catch(() => {});
    if (this.observability) {
      this.progress('stopping Prometheus and Alertmanager');
      await this.observability.stop();
      this.observability = undefined;
    }
    if (this.api?.pid !== undefined && this.api.exitCode === null && this.api.signalCode === null) {
      this.progress('stopping the API');
      await stopProcess(this.api.pid, 20_000);
    }
    await fs.rm(this.paths.apiPidFile, { force: true });
    const byRole = (role: ServerSpec['role']): RunningServer[] => this.running.filter((r) => r.spec.role === role);
    for (const group of [byRole('replica'), byRole('primary'), byRole('catalog')]) {
      await Promise.all(group.map((r) => r.server.stop()));
    }
    this.status = 'stopped';
    this.servers = this.servers.map((server) => ({ ...server, pid: null }));
    await this.save().catch(() => {});
  }

  private async startApi(): Promise<void> {
    const { options, progress } = this;
    progress(`starting the API on port ${options.apiPort} (log: ${this.paths.apiLog})…`);
    const logOffset = await fs.stat(this.paths.apiLog).then((stat) => stat.size, () => 0);
    const child = await spawnApi({ catalogUrl: this.catalogUrl as string, port: options.apiPort, demo: options.demo, logFile: this.paths.apiLog });
    this.api = child;
    await fs.writeFile(this.paths.apiPidFile, `${String(child.pid)}\n`);
    const elapsed = await waitUntilReady(child, `http://127.0.0.1:${options.apiPort}`, this.paths.apiLog, () => this.aborted);
    progress(`API ready after ${elapsed} ms`);
    // serve prints the demo sign-in and booking pages; they belong in what `up` shows.
    if (options.demo) for (const line of await demoLines(this.paths.apiLog, logOffset)) this.notes.push(line);
    child.once('exit', (code, signal) => {
      if (this.status !== 'running') return;
      progress(`the API exited unexpectedly (${signal ?? `exit code ${String(code)}`}); see ${this.paths.apiLog}`);
      void this.save();
    });
  }

  /** Starts servers in parallel; the ones that did start are kept in `running` (for stop()) even when another failed. */
  private async startAll(specs: readonly ServerSpec[], start: (spec: ServerSpec) => Promise<RunningServer>, password: string): Promise<RunningServer[]> {
    const results = await Promise.allSettled(specs.map(start));
    const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    this.running.push(...started);
    await this.describeServers(password);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
    return started;
  }

  private async describeServers(password: string): Promise<void> {
    this.servers = await Promise.all(this.running.map((r) => describeServer(r, password)));
  }

  private async existingMajor(): Promise<number | null> {
    for (const spec of ALL_SERVERS) {
      const major = await dataMajorVersion(this.paths.serverDir(spec.name));
      if (major !== null) return major;
    }
    return null;
  }

  private note(line: string): void {
    this.notes.push(line);
    this.progress(line);
  }

  private checkAborted(): void {
    if (this.aborted) throw new Aborted('interrupted');
  }

  private save(): Promise<void> {
    return writeClusterState(this.paths, this.snapshot());
  }
}

async function demoLines(logFile: string, offset: number): Promise<string[]> {
  const bytes = await fs.readFile(logFile).catch(() => Buffer.alloc(0));
  return bytes
    .subarray(offset)
    .toString('utf8')
    .split('\n')
    .filter((line) => /^\s+(Demo:|booking page)/.test(line))
    .map((line) => `demo: ${line.trim().replace(/^Demo:\s+/, '')}`);
}
