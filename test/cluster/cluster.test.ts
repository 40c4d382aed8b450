import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runClusterCommand } from '../../src/cli/cluster/cluster-command.js';
import { clusterPaths, REPLICA_SERVER, SHARD_SERVERS } from '../../src/cli/cluster/cluster-layout.js';
import { readClusterState } from '../../src/cli/cluster/cluster-state.js';
import type { ClusterState } from '../../src/cli/cluster/cluster-state.js';
import { chooseBinaries, CLIENT_ONLY_MESSAGE, findInstalledPostgres, NO_BASEBACKUP_MESSAGE } from '../../src/cli/cluster/postgres-install.js';
import { isAlive, isPortOpen } from '../../src/cli/cluster/processes.js';
import { runCliProcess } from '../support/cli-process.js';
import { findFreePort } from '../../src/db/local-postgres/local-postgres-server.js';

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Runs a cluster command in-process, as the CLI would, and keeps what it printed. */
async function cluster(...argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runClusterCommand(argv, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

describe('choosing PostgreSQL binaries', () => {
  const installed15 = { installed: async () => ({ binDir: '/usr/lib/postgresql/15/bin', major: 15 }), hasClientTools: async () => true };
  const none = { installed: async () => undefined, hasClientTools: async () => false };
  const clientOnly = { installed: async () => undefined, hasClientTools: async () => true };

  it('uses an installed PostgreSQL for a new cluster, else npm without a replica and says why', async () => {
    expect(await chooseBinaries(null, installed15)).toMatchObject({ canReplicate: true, binaries: { kind: 'installed', major: 15 } });
    const fallback = await chooseBinaries(null, none);
    expect(fallback).toMatchObject({ canReplicate: false, binaries: { kind: 'npm' }, notes: [NO_BASEBACKUP_MESSAGE] });
    expect((await chooseBinaries(null, clientOnly)).notes).toEqual([CLIENT_ONLY_MESSAGE]);
  });

  it('keeps the major version an existing cluster was made with', async () => {
    const npmMajor = (await chooseBinaries(null, none)).binaries.major as number;
    expect(await chooseBinaries(15, installed15)).toMatchObject({ binaries: { kind: 'installed' } });
    const older = await chooseBinaries(npmMajor, installed15);
    expect(older).toMatchObject({ canReplicate: false, binaries: { kind: 'npm', major: npmMajor } });
    expect(older.notes[0]).toMatch(/down --purge/);
    await expect(chooseBinaries(9, installed15)).rejects.toThrow(/made by PostgreSQL 9/);
  });
});

describe('npm run cluster -- up|status|down (real processes)', () => {
  let parent: string;
  let dataDir: string;
  let apiPort: number;
  let base: string;
  let state: ClusterState;
  let hasBasebackup: boolean;
  let cookie = '';
  const franchises = new Map<string, string>(); // region → franchise id
  const suffix = Date.now().toString(36);

  beforeAll(async () => {
    parent = await fs.mkdtemp(path.join(os.tmpdir(), 'bookedbarber-cluster-test-'));
    dataDir = path.join(parent, 'cluster');
    apiPort = await findFreePort();
    base = `http://127.0.0.1:${apiPort}`;
    hasBasebackup = (await findInstalledPostgres()) !== undefined;
  });

  afterAll(async () => {
    if (existsSync(dataDir)) await cluster('down', '--data-dir', dataDir, '--purge');
    await fs.rm(parent, { recursive: true, force: true });
  }, 120_000);

  it('up starts the catalog, four shards, a replica and the API, and answers /ready', { timeout: 180_000 }, async () => {
    const started = Date.now();
    const up = await cluster('up', '--data-dir', dataDir, '--port', String(apiPort));
    console.info(`cluster up (fresh) took ${Date.now() - started} ms`);
    expect(up.code, up.output).toBe(0);
    expect(up.output).toContain(`API:        http://localhost:${apiPort}`);
    if (!hasBasebackup) expect(up.output).toMatch(/no pg_basebackup found|pg_basebackup is installed but no PostgreSQL server/);

    state = (await readClusterState(clusterPaths(dataDir))) as ClusterState;
    expect(state.status).toBe('running');
    expect(state.servers.map((s) => s.name)).toEqual(['catalog', ...SHARD_SERVERS.map((s) => s.name), ...(hasBasebackup ? [REPLICA_SERVER.name] : [])]);

    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    const checks = Object.keys(((await ready.json()) as { checks: Record<string, unknown> }).checks);
    expect(checks.filter((name) => name.startsWith('shard:')).sort()).toEqual(SHARD_SERVERS.map((s) => `shard:${s.name}`).sort());
  });

  it('a second up reports the running cluster instead of starting another', async () => {
    const again = await cluster('up', '--data-dir', dataDir, '--port', String(apiPort));
    expect(again.code).toBe(0);
    expect(again.output).toContain('already running');
  });

  it('places each franchise created through the API on its region\'s shard', { timeout: 60_000 }, async () => {
    const signup = await fetch(`${base}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `owner-${suffix}@example.com`, password: 'correct horse battery', name: 'Owner' }),
    });
    expect(signup.status).toBe(201);
    cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] as string;

    for (const shard of SHARD_SERVERS) {
      const region = shard.region as string;
      const response = await fetch(`${base}/api/v1/franchises`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ name: `Cuts ${region}`, slug: `cuts-${region}-${suffix}`, region }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const { id } = (await response.json()) as { id: string };
      franchises.set(region, id);
      const location = await fetch(`${base}/api/v1/franchises/${id}/locations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ name: `Main ${region}`, slug: `main-${region}-${suffix}`, timezone: 'UTC', currency: 'USD' }),
      });
      expect(location.status, await location.clone().text()).toBe(201);
    }

    const placed = await query<{ region: string; shard_id: string }>(state.catalogUrl as string, 'SELECT region, shard_id FROM franchises WHERE id = ANY($1)', [[...franchises.values()]]);
    expect(Object.fromEntries(placed.map((row) => [row.region, row.shard_id]))).toEqual(Object.fromEntries(SHARD_SERVERS.map((s) => [s.region, s.name])));

    // The rows themselves: each franchise's location exists on its own shard and nowhere else.
    for (const server of state.servers.filter((s) => s.role === 'primary')) {
      const rows = await query<{ franchise_id: string }>(server.url, 'SELECT franchise_id FROM locations WHERE franchise_id = ANY($1)', [[...franchises.values()]]);
      expect(rows.map((row) => row.franchise_id)).toEqual([franchises.get(server.region as string)]);
    }
  });

  it('moves a franchise between two of its shards with the CLI while the running API follows the flip', { timeout: 120_000 }, async () => {
    const franchiseId = franchises.get('eu-west-1') as string;
    const from = SHARD_SERVERS.find((s) => s.region === 'eu-west-1')?.name as string;
    const to = SHARD_SERVERS.find((s) => s.region === 'us-west-2')?.name as string;
    const page = `${base}/api/v1/locations/main-eu-west-1-${suffix}`;
    expect((await fetch(page)).status).toBe(200);

    const moved = await runCliProcess(['shards', 'move', franchiseId, '--to', to, '--grace-seconds', '0'], state.catalogUrl as string);
    expect(moved.code, moved.stdout + moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/write pause \d+ ms; each step ended at: fence/);
    expect(moved.stdout).toMatch(new RegExp(`${franchiseId}\\s+${from}\\s+${to}\\s+completed`));
    const [placement] = await query<{ shard_id: string }>(state.catalogUrl as string, 'SELECT shard_id FROM franchises WHERE id = $1', [franchiseId]);
    expect(placement?.shard_id).toBe(to);

    const verify = await runCliProcess(['shards', 'verify', '--all'], state.catalogUrl as string);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    // The API process learned of the flip by notification; the old shard holds nothing now.
    expect((await fetch(page)).status).toBe(200);
    const fromUrl = state.servers.find((s) => s.name === from)?.url as string;
    expect(await query(fromUrl, 'SELECT id FROM locations WHERE franchise_id = $1', [franchiseId])).toEqual([]);
    const left = await query(fromUrl, "SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE 'mv\\_%'");
    expect(left).toEqual([]);
  });

  it('rebalance brings the moved franchise back to its own region; resume then has nothing to do', { timeout: 120_000 }, async () => {
    const franchiseId = franchises.get('eu-west-1') as string;
    const home = SHARD_SERVERS.find((s) => s.region === 'eu-west-1')?.name as string;
    const plan = await runCliProcess(['shards', 'rebalance', '--dry-run'], state.catalogUrl as string);
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`${franchiseId}.*${home}\\s+region`));
    expect(plan.stdout).toContain('1 move(s) planned (dry run: nothing moved)');

    const rebalanced = await runCliProcess(['shards', 'rebalance', '--grace-seconds', '0'], state.catalogUrl as string);
    expect(rebalanced.code, rebalanced.stdout + rebalanced.stderr).toBe(0);
    const [placement] = await query<{ shard_id: string }>(state.catalogUrl as string, 'SELECT shard_id FROM franchises WHERE id = $1', [franchiseId]);
    expect(placement?.shard_id).toBe(home);
    expect((await fetch(`${base}/api/v1/locations/main-eu-west-1-${suffix}`)).status).toBe(200);

    const resume = await runCliProcess(['shards', 'moves', 'resume', '--json'], state.catalogUrl as string);
    expect(resume.code, resume.stdout + resume.stderr).toBe(0);
    expect(JSON.parse(resume.stdout)).toMatchObject({ rolledBack: [], completed: [], problems: [] });
    expect((await runCliProcess(['shards', 'verify', '--all'], state.catalogUrl as string)).code).toBe(0);
  });

  it('evacuate refuses while nothing can take the shard\'s franchises, then empties it; activate and rebalance bring them home', { timeout: 120_000 }, async () => {
    const catalogUrl = state.catalogUrl as string;
    const franchiseId = franchises.get('eu-west-1') as string;
    const home = SHARD_SERVERS.find((s) => s.region === 'eu-west-1')?.name as string;
    const refuge = SHARD_SERVERS.find((s) => s.region === 'us-east-1')?.name as string;

    const refused = await runCliProcess(['shards', 'evacuate', home], catalogUrl);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/no active shard can take franchise/);
    expect(await query(catalogUrl, 'SELECT state FROM shards WHERE id = $1', [home])).toEqual([{ state: 'active' }]);

    // An operator lets the us-east-1 shard take other regions for the time of the work.
    await query(catalogUrl, 'UPDATE shards SET accepts_any_region = true WHERE id = $1', [refuge]);
    try {
      const evacuated = await runCliProcess(['shards', 'evacuate', home, '--grace-seconds', '0'], catalogUrl);
      expect(evacuated.code, evacuated.stdout + evacuated.stderr).toBe(0);
      expect(await query(catalogUrl, 'SELECT shard_id FROM franchises WHERE id = $1', [franchiseId])).toEqual([{ shard_id: refuge }]);
      const homeUrl = state.servers.find((s) => s.name === home)?.url as string;
      expect(await query(homeUrl, 'SELECT id FROM locations WHERE franchise_id = $1', [franchiseId])).toEqual([]);
      expect((await fetch(`${base}/api/v1/locations/main-eu-west-1-${suffix}`)).status).toBe(200);
    } finally {
      await query(catalogUrl, 'UPDATE shards SET accepts_any_region = false WHERE id = $1', [refuge]);
    }
    expect((await runCliProcess(['shards', 'activate', home], catalogUrl)).code).toBe(0);
    const back = await runCliProcess(['shards', 'rebalance', '--grace-seconds', '0'], catalogUrl);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(await query(catalogUrl, 'SELECT shard_id FROM franchises WHERE id = $1', [franchiseId])).toEqual([{ shard_id: home }]);
    expect((await runCliProcess(['shards', 'verify', '--all'], catalogUrl)).code).toBe(0);
  });

  it('the replica is a standby that receives what its primary writes', { timeout: 30_000 }, async () => {
    if (!hasBasebackup) return; // no installed PostgreSQL: up said so (checked above)
    const replica = state.servers.find((s) => s.role === 'replica');
    const primary = state.servers.find((s) => s.name === REPLICA_SERVER.replicaOf);
    expect(replica && primary).toBeTruthy();
    const replicaUrl = (replica as { url: string }).url;
    expect(await query(replicaUrl, 'SELECT pg_is_in_recovery() AS standby')).toEqual([{ standby: true }]);

    const registered = await query<{ replica_urls: string[] }>(state.catalogUrl as string, 'SELECT replica_urls FROM shards WHERE id = $1', [REPLICA_SERVER.replicaOf]);
    expect(registered[0]?.replica_urls).toEqual([replicaUrl]);

    const marker = `probe-${suffix}`;
    await query((primary as { url: string }).url, 'CREATE TABLE IF NOT EXISTS cluster_probe (marker text)');
    await query((primary as { url: string }).url, 'INSERT INTO cluster_probe VALUES ($1)', [marker]);
    const deadline = Date.now() + 15_000;
    let seen: unknown[] = [];
    while (Date.now() < deadline) {
      seen = await query(replicaUrl, 'SELECT marker FROM cluster_probe WHERE marker = $1', [marker]).catch(() => []);
      if (seen.length > 0) break;
      await sleep(100);
    }
    expect(seen).toEqual([{ marker }]);
  });

  it('status shows every part up', async () => {
    const status = await cluster('status', '--data-dir', dataDir);
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain('running (supervisor pid');
    expect(status.output).toContain(`API: http://localhost:${apiPort} ready`);
    for (const server of state.servers) expect(status.output).toMatch(new RegExp(`^${server.name} .* up`, 'm'));
    if (hasBasebackup) expect(status.output).toMatch(/^shard-use1-replica .* up, streaming/m);
  });

  it('down stops every process and keeps the data; up again finds it', { timeout: 120_000 }, async () => {
    const downStarted = Date.now();
    const down = await cluster('down', '--data-dir', dataDir);
    console.info(`cluster down took ${Date.now() - downStarted} ms`);
    expect(down.code, down.output).toBe(0);
    const pids = [state.supervisorPid, state.api?.pid, ...state.servers.map((s) => s.pid)].filter((pid): pid is number => typeof pid === 'number');
    expect(pids.length).toBe(state.servers.length + 2);
    expect(pids.filter(isAlive)).toEqual([]);
    const ports = [apiPort, ...state.servers.map((s) => s.port)];
    expect((await Promise.all(ports.map((port) => isPortOpen(port)))).some(Boolean)).toBe(false);
    expect((await cluster('status', '--data-dir', dataDir)).code).toBe(1);

    const upStarted = Date.now();
    const up = await cluster('up', '--data-dir', dataDir, '--port', String(apiPort));
    console.info(`cluster up (existing data) took ${Date.now() - upStarted} ms`);
    expect(up.code, up.output).toBe(0);
    state = (await readClusterState(clusterPaths(dataDir))) as ClusterState;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `owner-${suffix}@example.com`, password: 'correct horse battery' }),
    });
    expect(login.status).toBe(200);
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const eu = await fetch(`${base}/api/v1/franchises/${franchises.get('eu-west-1')}`, { headers: { cookie } });
    expect(eu.status).toBe(200);
    expect(((await eu.json()) as { locations: { slug: string }[] }).locations.map((l) => l.slug)).toEqual([`main-eu-west-1-${suffix}`]);
  });

  it('down --purge stops it and deletes the data folder', { timeout: 120_000 }, async () => {
    const down = await cluster('down', '--data-dir', dataDir, '--purge');
    expect(down.code, down.output).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
    expect(isAlive(state.supervisorPid)).toBe(false);
    expect(await isPortOpen(apiPort)).toBe(false);
  });
});
