import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { findFreePort } from '../../../db/local-postgres/local-postgres-server.js';
import type { LocalPostgresServer } from '../../../db/local-postgres/local-postgres-server.js';
import { migrateShard } from '../../../platform/bootstrap.js';
import { registerCluster } from '../cluster-catalog.js';
import { CATALOG_DB, SHARD_DB } from '../cluster-layout.js';
import { ensureDatabase, withClient } from '../cluster-servers.js';
import { livePostmaster, signal } from '../processes.js';
import { startApiNode, stopApiNode } from './api-nodes.js';
import type { ApiNode } from './api-nodes.js';
import type { BackupRecord } from '../../../ops/backups/pgbackrest.js';
import { failover } from './failover.js';
import type { FailoverReport } from './failover.js';
import { attachShardBackups, backupShard, listShardBackups, shardArchiveSettings } from './fleet-backups.js';
import type { FleetServer, FleetShard, FleetState } from './fleet-state.js';
import { serverUrl, writeFleetState } from './fleet-state.js';
import { startHaproxy } from './haproxy.js';
import type { Haproxy } from './haproxy.js';
import { startPgBouncer } from './pgbouncer.js';
import type { PgBouncer } from './pgbouncer.js';
import { pairedRegion } from './region-pairs.js';
import { requireSyncStandby, startPrimary, startStandby } from './sync-pair.js';

export interface FleetShardSpec {
  readonly id: string;
  readonly region: string;
  /** PgBouncer in transaction pooling mode, or an HAProxy TCP listener. */
  readonly address: 'pgbouncer' | 'haproxy';
  /** Also an asynchronous standby in the paired region (the region-loss drill). */
  readonly drStandby?: boolean;
}

export interface FleetOptions {
  readonly dir: string;
  /** An installed PostgreSQL's bin folder (pg_basebackup does not ship with the npm binaries). */
  readonly binDir: string;
  readonly password: string;
  readonly shards: readonly FleetShardSpec[];
  readonly catalogRegion: string;
  /** A standby of the catalog in its paired region. */
  readonly catalogDrStandby?: boolean;
  readonly apiNodes: number;
  /** The balancer's port for the API (a free one when absent). */
  readonly apiPort?: number;
  readonly checkIntervalMs: number;
  readonly drainMs: number;
  /** Set on shard databases behind PgBouncer, which cannot take it as a startup parameter. */
  readonly statementTimeout: string;
  readonly logger: Logger;
  readonly progress: (line: string) => void;
  /**
   * pgBackRest for every shard (default on): each shard's servers archive their WAL
   * into the stanza `<shard id>` under `<dir>/backups/<shard id>`, and a first full
   * backup is taken before any franchise is placed on the shard.
   */
  readonly backups?: boolean;
}

/**
 * A production-shaped fleet on loopback: every shard a primary with a synchronous
 * standby behind a stable address, the catalog the same behind HAProxy, and two
 * or more API nodes behind HAProxy with /ready health checks. The fleet owns every
 * process it starts; stop() ends them.
 */
export interface Fleet {
  readonly state: FleetState;
  readonly haproxy: Haproxy;
  apiNodes(): readonly ApiNode[];
  /** API nodes that exited without being told to (a crash is a failed drill). */
  apiNodeCrashes(): readonly string[];
  shard(id: string): FleetShard;
  /** The running server process of a fleet server, by name. */
  server(name: string): LocalPostgresServer | undefined;
  /** SIGKILLs a server's postmaster (the drills' way of losing it). */
  killServer(name: string): Promise<void>;
  failover(shardId: string, to?: string): Promise<FailoverReport>;
  /** A pgBackRest backup of the shard from its current primary. */
  backup(shardId: string, type: 'full' | 'incr'): Promise<BackupRecord>;
  /** The shard's backups, oldest first. */
  backups(shardId: string): Promise<BackupRecord[]>;
  /** `pgbackrest check` against the shard's current primary: throws unless its WAL reaches the stanza. */
  checkArchiving(shardId: string): Promise<void>;
  /** Makes a fresh standby of the shard's current primary in place of its lost server and requires it as synchronous again. */
  rebuildStandby(shardId: string): Promise<number>;
  restartApiNode(name: string, signal: NodeJS.Signals): Promise<void>;
  stopApiNode(name: string, signal: NodeJS.Signals): Promise<void>;
  startApiNode(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const { dir, progress } = options;
  await fs.mkdir(path.join(dir, 'logs'), { recursive: true });
  const running = new Map<string, LocalPostgresServer>();
  const pgbouncers: PgBouncer[] = [];
  let haproxy: Haproxy | undefined;
  const nodes = new Map<string, ApiNode>();
  const crashes: string[] = [];
  const stopping = new Set<ApiNode>();
  const stopNode = async (node: ApiNode, sig: NodeJS.Signals, timeoutMs?: number): Promise<void> => {
    stopping.add(node);
    await stopApiNode(node, sig, timeoutMs);
  };
  const backupsOn = options.backups ?? true;
  /** Archive settings per shard id: its standbys, rebuilt ones too, start with them so a promoted one archives at once. */
  const archiveSettings = new Map<string, Record<string, string>>();
  const serverOptions = (name: string, settings?: Record<string, string>) => ({ name, dataDir: path.join(dir, name), binDir: options.binDir, password: options.password, progress, ...(settings ? { settings } : {}) });

  const stop = async (): Promise<void> => {
    await Promise.all([...nodes.values()].map((node) => stopNode(node, 'SIGTERM', 10_000)));
    await haproxy?.stop();
    await Promise.all(pgbouncers.map((b) => b.stop()));
    await Promise.all([...running.values()].map((s) => s.stop()));
  };

  try {
    /** A primary, its synchronous standby in the same region and, when asked, an asynchronous one in the paired region. */
    const startGroup = async (base: string, region: string, database: string, drStandby: boolean, settings?: Record<string, string>): Promise<FleetServer[]> => {
      const primary = await startPrimary(serverOptions(base, settings));
      running.set(base, primary);
      await ensureDatabase(primary, database);
      const standbyName = `${base}-standby`;
      const standby = await startStandby(serverOptions(standbyName, settings), primary);
      running.set(standbyName, standby);
      const servers: FleetServer[] = [
        { name: base, role: 'primary', region, port: primary.port, dataDir: primary.dataDir },
        { name: standbyName, role: 'standby', region, port: standby.port, dataDir: standby.dataDir },
      ];
      if (drStandby) {
        const drName = `${base}-dr`;
        const dr = await startStandby(serverOptions(drName, settings), primary);
        running.set(drName, dr);
        servers.push({ name: drName, role: 'dr-standby', region: pairedRegion(region), port: dr.port, dataDir: dr.dataDir });
      }
      await requireSyncStandby(primary.connectionString('postgres'), [standbyName]);
      progress(`${base}: primary on ${primary.port}, synchronous standby on ${standby.port}${drStandby ? `, standby in ${pairedRegion(region)}` : ''}`);
      return servers;
    };

    if (backupsOn) for (const spec of options.shards) archiveSettings.set(spec.id, await shardArchiveSettings(dir, spec.id, progress));
    progress(`starting the catalog and ${options.shards.length} shard(s), each a primary with a synchronous standby…`);
    const [catalogServers, ...shardServers] = await Promise.all([
      startGroup('catalog', options.catalogRegion, CATALOG_DB, options.catalogDrStandby ?? false),
      ...options.shards.map((spec) => startGroup(spec.id, spec.region, SHARD_DB, spec.drStandby ?? false, archiveSettings.get(spec.id))),
    ]);

    const [apiPort, adminPort, catalogPort] = await Promise.all([options.apiPort ?? findFreePort(), findFreePort(), findFreePort()]);
    const shards: FleetShard[] = [];
    for (const [index, spec] of options.shards.entries()) {
      const servers = shardServers[index] as FleetServer[];
      const port = await findFreePort();
      shards.push({
        id: spec.id,
        region: spec.region,
        database: SHARD_DB,
        address: spec.address === 'pgbouncer' ? { kind: 'pgbouncer', port, dir: path.join(dir, `${spec.id}-pgbouncer`) } : { kind: 'haproxy', port, service: `pg_${spec.id.replace(/[^a-z0-9]/gi, '_')}` },
        servers,
        ...(backupsOn ? { backups: true } : {}),
      });
    }
    const catalog: FleetShard = { id: 'catalog', region: options.catalogRegion, database: CATALOG_DB, address: { kind: 'haproxy', port: catalogPort, service: 'pg_catalog' }, servers: catalogServers as FleetServer[] };
    const apiNodePorts = await Promise.all(Array.from({ length: options.apiNodes }, () => findFreePort()));
    const apiNodeList = apiNodePorts.map((port, i) => ({ name: `api-${i + 1}`, port }));
    const primaryPort = (shard: FleetShard): number => (shard.servers.find((s) => s.role === 'primary') as FleetServer).port;

    haproxy = await startHaproxy({
      dir: path.join(dir, 'haproxy'),
      apiPort,
      adminPort,
      apiNodes: apiNodeList,
      checkIntervalMs: options.checkIntervalMs,
      tcp: [catalog, ...shards].flatMap((s) => (s.address.kind === 'haproxy' ? [{ name: s.address.service, listenPort: s.address.port, targetPort: primaryPort(s) }] : [])),
    });
    for (const shard of shards) {
      if (shard.address.kind !== 'pgbouncer') continue;
      const primary = running.get(shard.id) as LocalPostgresServer;
      // node-postgres sends statement_timeout at connect time, which PgBouncer drops: the database carries it instead.
      await withClient(primary.connectionString('postgres'), (client) => client.query(`ALTER DATABASE ${SHARD_DB} SET statement_timeout = ${client.escapeLiteral(options.statementTimeout)}`));
      pgbouncers.push(await startPgBouncer({ dir: shard.address.dir, listenPort: shard.address.port, user: 'postgres', password: options.password, target: { database: SHARD_DB, host: '127.0.0.1', port: primaryPort(shard) } }));
    }

    const addressUrl = (shard: FleetShard): string => serverUrl(options, { port: shard.address.port }, shard.database);
    const state: FleetState = { dir, password: options.password, haproxyAdminPort: adminPort, apiUrl: haproxy.apiUrl, catalogUrl: addressUrl(catalog), catalog, shards, apiNodes: apiNodeList };
    await writeFleetState(state);

    // Migrations go to each primary directly; the catalog then registers the stable addresses, which the routers use.
    await Promise.all(shards.map((shard) => migrateShard(serverUrl(options, { port: primaryPort(shard) }, SHARD_DB), options.logger)));
    if (backupsOn) {
      progress(`pgBackRest: a stanza and a first full backup for each of ${shards.length} shard(s)…`);
      await Promise.all(
        shards.map(async (shard) => {
          const backups = await attachShardBackups(state, shard, progress);
          if ((await backups.list()).length === 0) await backups.backup('full');
        }),
      );
    }
    await registerCluster(state.catalogUrl, shards.map((s) => ({ id: s.id, region: s.region, primaryUrl: addressUrl(s), replicaUrls: [] })), options.logger, progress);

    const startNode = async (name: string): Promise<void> => {
      const spec = apiNodeList.find((n) => n.name === name);
      if (!spec) throw new Error(`no API node ${name}`);
      const node = await startApiNode({ name, port: spec.port, catalogUrl: state.catalogUrl, logFile: path.join(dir, 'logs', `${name}.log`), drainMs: options.drainMs });
      node.child.once('exit', (code, sig) => {
        if (!stopping.has(node)) crashes.push(`${name} exited by itself (${sig ?? `exit code ${String(code)}`}); see ${path.join(dir, 'logs', `${name}.log`)}`);
      });
      nodes.set(name, node);
    };
    progress(`starting ${apiNodeList.length} API nodes behind HAProxy…`);
    await Promise.all(apiNodeList.map((n) => startNode(n.name)));
    await waitForBalancer(haproxy, apiNodeList.map((n) => n.name));
    progress(`fleet ready: API ${haproxy.apiUrl} (HAProxy over ${apiNodeList.length} nodes)`);

    const findShard = (id: string): FleetShard => {
      const shard = id === 'catalog' ? catalog : shards.find((s) => s.id === id);
      if (!shard) throw new Error(`no shard ${id} in the fleet`);
      return shard;
    };
    const withBackups = (shard: FleetShard): FleetShard => {
      if (!shard.backups) throw new Error(`${shard.id} has no pgBackRest stanza in this fleet`);
      return shard;
    };
    const balancer = haproxy;
    return {
      state,
      haproxy: balancer,
      apiNodes: () => [...nodes.values()],
      apiNodeCrashes: () => [...crashes],
      shard: findShard,
      server: (name) => running.get(name),
      killServer: async (name) => {
        const server = running.get(name);
        const pid = server && (await livePostmaster(server.dataDir));
        if (pid === undefined) throw new Error(`${name} is not running`);
        signal(pid, 'SIGKILL');
      },
      failover: async (shardId, to) => {
        const report = await failover(state, findShard(shardId), { ...(to ? { to } : {}), progress });
        await writeFleetState(state);
        return report;
      },
      backup: (shardId, type) => backupShard(state, withBackups(findShard(shardId)), type, progress),
      backups: (shardId) => listShardBackups(dir, withBackups(findShard(shardId)).id),
      checkArchiving: async (shardId) => {
        await attachShardBackups(state, withBackups(findShard(shardId)), progress);
      },
      rebuildStandby: async (shardId) => {
        const started = Date.now();
        const shard = findShard(shardId);
        const lost = shard.servers.find((s) => s.role === 'lost');
        const primary = shard.servers.find((s) => s.role === 'primary') as FleetServer;
        if (!lost) throw new Error(`${shardId} has no lost server to rebuild`);
        await running.get(lost.name)?.stop();
        running.delete(lost.name);
        await fs.rm(lost.dataDir, { recursive: true, force: true });
        const primaryServer = running.get(primary.name) as LocalPostgresServer;
        const standby = await startStandby(serverOptions(lost.name, archiveSettings.get(shard.id)), primaryServer);
        running.set(lost.name, standby);
        const index = shard.servers.indexOf(lost);
        shard.servers[index] = { name: lost.name, role: 'standby', region: primary.region, port: standby.port, dataDir: standby.dataDir };
        await requireSyncStandby(primaryServer.connectionString('postgres'), [lost.name]);
        await writeFleetState(state);
        return Date.now() - started;
      },
      restartApiNode: async (name, sig) => {
        const node = nodes.get(name);
        if (node) await stopNode(node, sig);
        await startNode(name);
      },
      stopApiNode: async (name, sig) => {
        const node = nodes.get(name);
        if (node) await stopNode(node, sig);
      },
      startApiNode: startNode,
      stop,
    };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}

/** Waits until HAProxy reports every named API node UP. */
export async function waitForBalancer(haproxy: Haproxy, names: readonly string[], timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const states = await haproxy.apiNodeStates();
    if (names.every((n) => states[n]?.startsWith('UP'))) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`HAProxy does not see ${names.join(', ')} UP after ${timeoutMs} ms: ${JSON.stringify(states)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
