import { parseArgs } from 'node:util';
import 'dotenv/config';
import { ConfigError, loadConfig } from '../config/config.js';
import { runCommand } from './commands.js';

const USAGE = `Usage: bookedbarber <command> [options]

Commands:
  serve                 start the API (embedded PostgreSQL when CATALOG_DATABASE_URL is unset)
  migrate               apply catalog and shard migrations, report each database's version
  seed-demo             create the demo franchise (idempotent)
  help                  show this text

Options:
  --json                machine-readable output where a command prints data
`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    strict: false,
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
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
  return runCommand(command, rest, { json: values.json === true }, config, USAGE);
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
