import { parseArgs } from 'node:util';
import 'dotenv/config';
import { ConfigError, loadConfig } from '../config/config.js';
import { runCommand } from './commands.js';
import { runClusterCommand } from './cluster/cluster-command.js';
import { CACHE_USAGE } from './cache.commands.js';
import { MOVES_USAGE } from './moves.commands.js';
import { startTracing } from '../observability/tracing/tracing.js';
import { withOperationSpan } from '../observability/tracing/service-tracing.js';
import { TOKENS_USAGE } from './tokens.commands.js';

const USAGE = `Usage: bookedbarber <command> [options]

Commands:
  serve                          start the API (embedded PostgreSQL when CATALOG_DATABASE_URL is unset)
  migrate                        apply catalog and shard migrations in parallel, report each database's version
  seed-demo                      create the demo franchise (idempotent)
  worker                         send outbox messages (email, SMS) for every shard until SIGTERM; run as many as needed
  shards list                    every shard: region, state, weight, franchises, replicas, schema, health
  shards show <id>               one shard, with its (redacted) connection strings
  shards add <id> --region R --url postgres://… [--replica postgres://…]… [--weight N] [--accepts-any-region]
                                 migrate a new shard to the current schema, then register it
  shards drain|activate <id>     stop or resume placing new franchises on a shard
  franchises list [--shard S] [--region R] [--limit N]
  franchises show <id-or-slug>   where a franchise lives
  franchises restore <id-or-slug> --to <ISO time> --backup-dir <dir> [--stanza S] [--pg-bin DIR]
                                 one franchise back to an instant from its shard's pgBackRest backups
  reports [--from D] [--to D]    bookings, revenue and franchises by region and shard (UTC dates; partial if a shard is down)
  users grant-admin|revoke-admin <email>
                                 the platform_admin role (cross-shard reports in the API)
${MOVES_USAGE}
${CACHE_USAGE}
${TOKENS_USAGE}
  cluster up|status|down         a local sharded cluster on this machine (see "bookedbarber cluster help")
  help                           show this text

Options:
  --json                         the same data as JSON, for scripts
`;

async function main(): Promise<number> {
  // The local cluster has options of its own and needs no configuration.
  const argv = process.argv.slice(2);
  if (argv[0] === 'cluster') return runClusterCommand(argv.slice(1));
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      region: { type: 'string' },
      url: { type: 'string' },
      replica: { type: 'string', multiple: true },
      weight: { type: 'string' },
      'accepts-any-region': { type: 'boolean' },
      shard: { type: 'string' },
      limit: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      all: { type: 'boolean' },
      status: { type: 'string' },
      'grace-seconds': { type: 'string' },
      'max-concurrent': { type: 'string' },
      'dry-run': { type: 'boolean' },
      'metrics-port': { type: 'string' },
      franchise: { type: 'string', multiple: true },
      days: { type: 'string' },
      barbers: { type: 'boolean' },
      concurrency: { type: 'string' },
      sample: { type: 'string' },
      node: { type: 'string', multiple: true },
      window: { type: 'string' },
      'backup-dir': { type: 'string' },
      stanza: { type: 'string' },
      'pg-bin': { type: 'string' },
    },
  });
  const [command = 'help', ...rest] = positionals;
  if (command === 'help' || values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const run = (): Promise<number> => runCommand(command, rest, { json: values.json === true, flags: values }, config, USAGE);
  // The server traces itself; every other command is one trace (a move, a rebalance with a span per move).
  if (command === 'serve') return run();
  const tracing = startTracing(config.tracing, 'cli');
  try {
    const name = `bookedbarber ${[command, ...rest.slice(0, 1)].join(' ')}`;
    return await withOperationSpan(name, { 'bookedbarber.cli.command': [command, ...rest].join(' ') }, run);
  } finally {
    await tracing.shutdown(5_000);
  }
}

main().then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`bookedbarber: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
