import path from 'node:path';
import { parseArgs } from 'node:util';
import { runSupervisor } from './supervisor.js';

/**
 * Entry of the detached supervisor that `cluster up` spawns (not a user command).
 * Its own file, run through tsx's loader, so it needs no routing in the main CLI and
 * its name in /proc identifies it (see SUPERVISOR_ENTRY).
 */
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    'no-replica': { type: 'boolean', default: false },
    demo: { type: 'boolean', default: false },
    observability: { type: 'boolean', default: false },
    fleet: { type: 'boolean', default: false },
  },
});

const dataDir = values['data-dir'];
const port = Number(values.port);
if (!dataDir || !Number.isInteger(port)) {
  process.stderr.write('usage: cluster-supervisor-main --data-dir DIR --port N [--no-replica] [--demo]\n');
  process.exit(2);
}

runSupervisor({ dataDir: path.resolve(dataDir), apiPort: port, replica: values['no-replica'] !== true, demo: values.demo === true, observability: values.observability === true, fleet: values.fleet === true }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`cluster supervisor: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
