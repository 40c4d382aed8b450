import type pino from 'pino';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.js';
import type { CatalogDatabase } from '../db/catalog-schema.js';
import { schemaVersions } from '../db/migrator.js';
import { createKysely, createPool } from '../db/pools.js';
import { locateCatalog, migrateShard, prepareCatalog } from '../platform/bootstrap.js';
import { listShardPrimaries } from '../platform/catalog-setup.repository.js';
import { buildPlatform } from '../composition-root.js';
import { serve } from '../server.js';
import { createLogger } from '../observability/logger.js';
import { printTable } from './table.js';
import { franchisesCommand, reportsCommand, shardsCommand, usersCommand } from './fleet.commands.js';
import type { CliIo } from './fleet.commands.js';
import type { Platform } from '../composition-root.js';
import { franchiseRestoreCommand } from './backups.commands.js';
import { cacheCommand } from './cache.commands.js';
import { tokensCommand } from './tokens.commands.js';
import { evacuateCommand, moveCommand, movesCommand, rebalanceCommand, verifyCommand } from './moves.commands.js';
import { withMigrationLockOn } from '../db/migration-lock.js';
import { tracingLogOptions } from '../observability/tracing/log-fields.js';
import { runWorker } from './worker.command.js';

export interface CommandOptions {
  readonly json: boolean;
  readonly flags: CliIo['flags'];
}

type Out = (line: string) => void;
const out: Out = (line) => process.stdout.write(`${line}\n`);

export async function runCommand(command: string, args: readonly string[], options: CommandOptions, config: Config, usage: string): Promise<number> {
  const io: CliIo = { out, json: options.json, flags: options.flags };
  switch (command) {
    case 'shards':
      return withPlatform(config, (platform, catalogUrl) => {
        const [action, ...rest] = args;
        switch (action) {
          case 'move':
            return moveCommand(platform, catalogUrl, rest, io);
          case 'moves':
            return movesCommand(platform, catalogUrl, rest, io);
          case 'verify':
            return verifyCommand(platform, catalogUrl, rest, io);
          case 'rebalance':
            return rebalanceCommand(platform, catalogUrl, rest, io);
          case 'evacuate':
            return evacuateCommand(platform, catalogUrl, rest, io);
          default:
            return shardsCommand(platform, args, io);
        }
      });
    case 'cache':
      return withPlatform(config, (platform) => cacheCommand(platform, args, io));
    case 'tokens':
      return withCatalog(config, (catalog) => tokensCommand(catalog, args, io));
    case 'franchises':
      return withPlatform(config, (platform) => (args[0] === 'restore' ? franchiseRestoreCommand(platform, args.slice(1), io) : franchisesCommand(platform, args, io)));
    case 'reports':
      return withPlatform(config, (platform) => reportsCommand(platform, io));
    case 'users':
      return withPlatform(config, (platform) => usersCommand(platform, args, io));
    case 'worker':
      return withPlatform(config, (platform) => runWorker(platform, out));
    case 'serve':
      await serve(config);
      return 0;
    case 'migrate':
      return withCatalog(config, (catalog, logger) => migrate(catalog, logger, options));
    case 'seed-demo':
      return withPlatform(config, async (platform) => {
        const summary = await platform.seedDemoData();
        out(options.json ? JSON.stringify(summary) : `demo franchise ${summary.created ? 'created' : 'already present'}: sign in as ${summary.ownerEmail} / ${summary.ownerPassword} (barber: ${summary.barberEmail} / ${summary.barberPassword})`);
        return 0;
      });
    default:
      process.stderr.write(`unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}

/** The whole platform (router, services) on the catalog, for commands that reuse the services. */
function withPlatform(config: Config, work: (platform: Platform, catalogUrl: string) => Promise<number>): Promise<number> {
  return withCatalog(config, async (_catalog, logger, catalogUrl) => {
    const platform = buildPlatform(config, logger, { catalogUrl });
    try {
      return await work(platform, catalogUrl);
    } finally {
      await platform.close();
    }
  });
}

/** Opens the catalog (starting the embedded server when no URL is configured), runs `work`, closes everything. */
async function withCatalog(
  config: Config,
  work: (catalog: Kysely<CatalogDatabase>, logger: pino.Logger, catalogUrl: string) => Promise<number>,
): Promise<number> {
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, options: tracingLogOptions() });
  const { catalogUrl, embedded } = await locateCatalog(config, logger);
  const catalog = createKysely<CatalogDatabase>(createPool({ connectionString: catalogUrl, max: 2, statementTimeoutMs: 0, applicationName: 'bookedbarber:cli' }, logger));
  try {
    await prepareCatalog(catalog, { regions: config.regions, localShardUrl: embedded?.shardUrl }, logger);
    return await work(catalog, logger, catalogUrl);
  } finally {
    await catalog.destroy();
    await embedded?.server.stop();
  }
}

/** Catalog, then every shard in parallel with a line per shard as it finishes; a failure exits non-zero. */
async function migrate(catalog: Kysely<CatalogDatabase>, logger: pino.Logger, options: CommandOptions): Promise<number> {
  // A schema change and a franchise move never interleave: both hold the same catalog lock.
  return withMigrationLockOn(catalog, () => migrateShards(catalog, logger, options), () => out('waiting for a running franchise move to finish…'));
}

async function migrateShards(catalog: Kysely<CatalogDatabase>, logger: pino.Logger, options: CommandOptions): Promise<number> {
  const shards = await listShardPrimaries(catalog);
  if (!options.json) out(`catalog migrated; migrating ${shards.length} shard(s)…`);
  let done = 0;
  const results = await Promise.all(
    shards.map(async (shard) => {
      try {
        await migrateShard(shard.primaryUrl, logger);
        const db = createKysely<unknown>(createPool({ connectionString: shard.primaryUrl, max: 1, statementTimeoutMs: 0, applicationName: 'bookedbarber:cli' }, logger));
        const versions = await schemaVersions(db, 'shard').finally(() => db.destroy());
        done++;
        if (!options.json) out(`  [${done}/${shards.length}] ${shard.id} (${shard.region}) at ${versions.applied ?? 'none'}`);
        return { shard: shard.id, region: shard.region, version: versions.applied, expected: versions.expected, ok: versions.applied === versions.expected, error: null };
      } catch (error) {
        done++;
        const message = error instanceof Error ? error.message : String(error);
        if (!options.json) out(`  [${done}/${shards.length}] ${shard.id} FAILED: ${message}`);
        return { shard: shard.id, region: shard.region, version: null, expected: null, ok: false, error: message };
      }
    }),
  );
  const catalogVersions = await schemaVersions(catalog as Kysely<unknown>, 'catalog');
  if (options.json) {
    out(JSON.stringify({ catalog: catalogVersions, shards: results }, null, 2));
  } else {
    printTable(out, ['database', 'region', 'version', 'status'], [
      ['catalog', '-', catalogVersions.applied ?? 'none', catalogVersions.applied === catalogVersions.expected ? 'current' : 'BEHIND'],
      ...results.map((r) => [r.shard, r.region, r.version ?? '-', r.ok ? 'current' : (r.error ?? 'BEHIND')]),
    ]);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}
