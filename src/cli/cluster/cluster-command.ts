import { parseArgs } from 'node:util';
import { clusterDown } from './cluster-down.js';
import { DEFAULT_API_PORT, DEFAULT_DATA_DIR } from './cluster-layout.js';
import type { Out } from './cluster-report.js';
import { clusterStatus } from './cluster-status.js';
import { clusterUp } from './cluster-up.js';
import { clusterBackup } from './fleet/backup-command.js';
import { clusterFailover } from './fleet/failover-command.js';

export const CLUSTER_USAGE = `Usage: bookedbarber cluster <up|status|down|failover|backup> [options]   (npm run cluster -- <up|status|down|failover|backup> …)

A catalog, four regional PostgreSQL shards and a streaming replica on this machine, with the API.

  up      [--data-dir DIR] [--port N] [--no-replica] [--demo] [--observability]
          start it (idempotent) and print each server, the API URL and how to stop
  status  [--data-dir DIR] [--json]     what runs and whether each part answers (exit 1 if not all)
  down    [--data-dir DIR] [--purge]    stop everything; --purge also deletes the data folder
  failover <shard|catalog> [--to SERVER] [--data-dir DIR]
          on a fleet (up --fleet): promote the shard's standby and repoint its address
  backup <shard> [--type full|incr] [--data-dir DIR]
          on a fleet: a pgBackRest backup of the shard (default incr); status lists them

  --data-dir DIR   where the servers keep their data (default ${DEFAULT_DATA_DIR})
  --port N         the API's port (default ${DEFAULT_API_PORT})
  --no-replica     skip the streaming replica of shard-use1
  --demo           seed the demo franchise (DEMO_DATA=true)
  --observability  also start Prometheus (port 9090) and Alertmanager (9093) with the project's
                   alert rules and routes (Debian: prometheus, prometheus-alertmanager)
  --fleet          production-shaped instead: every shard and the catalog a primary with a synchronous
                   standby, us-east-1 behind PgBouncer (transaction pooling), the others and the catalog
                   behind HAProxy TCP, two API nodes behind HAProxy on --port (Debian: postgresql,
                   pgbouncer, haproxy); throwaway: it starts afresh on every up (docs/DR.md)
`;

const stdout: Out = (line) => process.stdout.write(`${line}\n`);

/**
 * `bookedbarber cluster …`. `argv` is what follows the word `cluster` on the command
 * line, options included (the main CLI's parser drops unknown options' values).
 * Returns the exit code.
 */
export async function runClusterCommand(argv: readonly string[], out: Out = stdout): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
        port: { type: 'string', default: String(DEFAULT_API_PORT) },
        'no-replica': { type: 'boolean', default: false },
        demo: { type: 'boolean', default: false },
        observability: { type: 'boolean', default: false },
        fleet: { type: 'boolean', default: false },
        to: { type: 'string' },
        type: { type: 'string', default: 'incr' },
        purge: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    out(`${error instanceof Error ? error.message : String(error)}\n\n${CLUSTER_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [action, ...extra] = positionals;
  if (values.help || action === undefined || action === 'help') {
    out(CLUSTER_USAGE);
    return values.help || action === 'help' ? 0 : 2;
  }
  const port = Number(values.port);
  const shard = action === 'failover' || action === 'backup' ? extra.shift() : undefined;
  if ((action === 'failover' || action === 'backup') && shard === undefined) {
    out(`${action} needs a shard${action === 'failover' ? ' (or catalog)' : ''}\n\n${CLUSTER_USAGE}`);
    return 2;
  }
  if (extra.length > 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    out(`${extra.length > 0 ? `unexpected argument "${extra.join(' ')}"` : `--port must be 1-65535, got "${values.port}"`}\n\n${CLUSTER_USAGE}`);
    return 2;
  }
  const dataDir = values['data-dir'];
  switch (action) {
    case 'up':
      return clusterUp({ dataDir, port, replica: !values['no-replica'], demo: values.demo, observability: values.observability, fleet: values.fleet }, out);
    case 'down':
      return clusterDown({ dataDir, purge: values.purge }, out);
    case 'failover':
      return clusterFailover({ dataDir, shard: shard as string, ...(values.to ? { to: values.to } : {}) }, out);
    case 'backup':
      return clusterBackup({ dataDir, shard: shard as string, type: values.type }, out);
    case 'status':
      return clusterStatus({ dataDir, json: values.json }, out);
    default:
      out(`unknown cluster action "${action}"\n\n${CLUSTER_USAGE}`);
      return 2;
  }
}
