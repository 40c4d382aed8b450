import path from 'node:path';
import { CHILD_ENV } from '../../db/local-postgres/data-dir.js';
import { runCommand } from '../../db/local-postgres/exec.js';

// Recovery refuses to run with less of these than the server the WAL came from had (pg_control records them).
const RECORDED: Readonly<Record<string, string>> = {
  max_connections: 'max_connections setting',
  max_worker_processes: 'max_worker_processes setting',
  max_wal_senders: 'max_wal_senders setting',
  max_prepared_transactions: 'max_prepared_xacts setting',
  max_locks_per_transaction: 'max_locks_per_xact setting',
};

/** Parses `pg_controldata` output into the settings a restored copy needs at least. */
export function recordedSettings(controlData: string): Record<string, string> {
  // Lines read `<label>:   <number>`.
  const values = new Map<string, string>();
  for (const line of controlData.split('\n')) {
    const colon = line.indexOf(':');
    const value = line.slice(colon + 1).trim();
    if (colon > 0 && /^\d+$/.test(value)) values.set(line.slice(0, colon).trim(), value);
  }
  const settings: Record<string, string> = {};
  for (const [setting, label] of Object.entries(RECORDED)) {
    const value = values.get(label);
    if (value) settings[setting] = value;
  }
  return settings;
}

/** The restored data folder's recorded settings, raised to `wanted` where that is larger. */
export async function hotStandbySettings(binDir: string, dataDir: string, wanted: Readonly<Record<string, string>> = {}): Promise<Record<string, string>> {
  const result = await runCommand(path.join(binDir, 'pg_controldata'), [dataDir], { env: CHILD_ENV });
  if (!result.ok) throw new Error(`pg_controldata ${dataDir} failed:\n${result.output}`);
  const settings: Record<string, string> = { ...wanted };
  for (const [key, value] of Object.entries(recordedSettings(result.output))) {
    if (!(Number(settings[key]) >= Number(value))) settings[key] = value;
  }
  return settings;
}
