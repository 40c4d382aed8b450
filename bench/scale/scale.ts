/**
 * npm run bench:scale [-- --small | --franchises 100000 --shards 16 --servers 4 --appointments 10
 *                        --samples 2000 --sweep 20000 --reports 30 --data-dir DIR --out FILE]
 *
 * The platform at the seeds' size: a catalog of 100,000 franchises and
 * locations with 16 shards registered (databases on a few local PostgreSQL
 * servers), and what an API node, a slug lookup, a placement miss and the
 * cross-shard report cost there. Each figure comes with a reference measured in
 * the same run. Seeding prints progress and resumes: with --data-dir the
 * servers and their data are kept, and a rerun (after Ctrl-C, or to measure
 * again) seeds only what is missing. --small is the CI size.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createKysely, createPool } from '../../src/db/pools.js';
import type { ShardDatabase } from '../../src/db/shard-schema.js';
import pino from 'pino';
import { ROOT } from '../environment.js';
import type { Row } from '../table-row.js';
import { nodeRows } from './scale-node.js';
import { lookupRows, reportRows, sample } from './scale-lookups.js';
import { checkPlans } from './scale-plans.js';
import type { PlanCheck } from './scale-plans.js';
import { seedCatalog, seedShard } from './scale-seed.js';
import type { ScaleShape } from './scale-seed.js';
import { openCatalog, startScaleCluster } from './scale-servers.js';
import type { ScaleCluster } from './scale-servers.js';

const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    franchises: { type: 'string' },
    shards: { type: 'string' },
    servers: { type: 'string' },
    appointments: { type: 'string' },
    samples: { type: 'string' },
    sweep: { type: 'string' },
    reports: { type: 'string' },
    'data-dir': { type: 'string' },
    out: { type: 'string' },
  },
});
const small = values.small === true;
const int = (name: string, value: string | undefined, fallback: number, min: number): number => {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${value})`);
  return parsed;
};
const shape: ScaleShape = {
  franchises: int('franchises', values.franchises, small ? 1_000 : 100_000, 1),
  shards: int('shards', values.shards, small ? 4 : 16, 1),
  appointmentsPerFranchise: int('appointments', values.appointments, small ? 4 : 10, 1),
};
if (shape.appointmentsPerFranchise >= 1000) throw new Error('--appointments must be below 1000');
const servers = int('servers', values.servers, small ? 1 : 4, 1);
const samples = int('samples', values.samples, small ? 100 : 2_000, 1);
const sweepCount = int('sweep', values.sweep, small ? 200 : 20_000, 0);
const reports = int('reports', values.reports, small ? 5 : 30, 1);
const log = (line: string): void => void process.stdout.write(`${line}\n`);
const logger = pino({ level: 'warn' });

async function seed(cluster: ScaleCluster): Promise<void> {
  const started = performance.now();
  log(`seed: ${shape.franchises.toLocaleString('en')} franchises, ${shape.shards} shards, ${shape.appointmentsPerFranchise} appointments each…`);
  const catalog = openCatalog(cluster.catalogUrl, 2);
  try {
    await seedCatalog(catalog, shape, log);
  } finally {
    await catalog.destroy();
  }
  // Shards on different servers seed at once; shards sharing a server would only queue on its disk.
  const byServer = new Map<string, number[]>();
  for (const [k, url] of cluster.shardUrls.entries()) {
    const server = new URL(url).port;
    byServer.set(server, [...(byServer.get(server) ?? []), k]);
  }
  await Promise.all(
    [...byServer.values()].map(async (indexes) => {
      for (const k of indexes) {
        const db = createKysely<ShardDatabase>(createPool({ connectionString: cluster.shardUrls[k] as string, max: 1, statementTimeoutMs: 0, applicationName: 'bench-scale-seed' }, logger));
        try {
          await seedShard(db, k, shape, log);
        } finally {
          await db.destroy();
        }
      }
    }),
  );
  log(`seed: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const cluster = await startScaleCluster({ shards: shape.shards, servers, dataDir: values['data-dir'] }, log);
  const stop = (signal: string): void => {
    log(`\n${signal}: stopping the PostgreSQL servers${values['data-dir'] ? ' (the data folder is kept: run again to resume)' : ''}…`);
    void cluster.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const rows: Row[] = [];
  let plans: PlanCheck[] = [];
  try {
    await seed(cluster);
    const catalog = openCatalog(cluster.catalogUrl, 4);
    try {
      log('plans: EXPLAIN of the catalog queries requests make, at this size…');
      plans = await checkPlans(catalog, log);
      rows.push(...(await lookupRows(catalog, shape, samples, log)));
      rows.push(...(await reportRows(catalog, shape.shards, reports, log)));
    } finally {
      await catalog.destroy();
    }
    // The page sweep and the timed pages ask for different franchises, so the timed cold ones are never warmed by the sweep.
    const timed = sample(shape.franchises, Math.min(samples, 500));
    const timedSet = new Set(timed);
    const sweep = sample(shape.franchises, Math.min(shape.franchises, sweepCount + timed.length)).filter((n) => !timedSet.has(n)).slice(0, sweepCount);
    rows.push(...(await nodeRows(cluster.catalogUrl, cluster.emptyCatalogUrl, sweep, timed, log)));
  } finally {
    await cluster.close();
  }
  const table = markdown(rows);
  log(`\n${table}\n`);
  const badPlans = plans.filter((plan) => !plan.ok);
  log(badPlans.length === 0 ? 'plans: every per-request catalog query uses an index' : `plans: ${badPlans.length} per-request quer${badPlans.length === 1 ? 'y scans' : 'ies scan'} a table: ${badPlans.map((p) => p.query).join('; ')}`);
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  const file = values.out ?? path.join(ROOT, 'bench/results', `scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ at: new Date().toISOString(), machine, shape, servers, samples, sweep: sweepCount, reports, rows, plans }, null, 2));
  log(`written ${path.relative(ROOT, file)} (${machine})`);
  if (badPlans.length > 0) process.exitCode = 1;
}

function markdown(rows: readonly Row[]): string {
  const ms = (value: number | null): string => (value === null ? '' : value.toFixed(2));
  const lines = ['| measure | result | reference (same run) | ratio | p50 ms | p99 ms |', '|---|---|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${row.measure} | ${row.value} | ${row.reference} | ${row.ratio === null ? '' : row.ratio.toFixed(2)} | ${ms(row.p50)} | ${ms(row.p99)} |`);
  return lines.join('\n');
}

await main();
