import fs from 'node:fs/promises';
import path from 'node:path';

export type FleetServerRole = 'primary' | 'standby' | 'dr-standby' | 'lost';

/** One PostgreSQL server of a shard (or the catalog): where it runs and what it is now. */
export interface FleetServer {
  readonly name: string;
  role: FleetServerRole;
  readonly region: string;
  readonly port: number;
  readonly dataDir: string;
}

/** The stable address of a shard: PgBouncer (transaction pooling) or an HAProxy TCP listener. */
export type FleetAddress =
  | { readonly kind: 'pgbouncer'; readonly port: number; readonly dir: string }
  | { readonly kind: 'haproxy'; readonly port: number; readonly service: string };

export interface FleetShard {
  readonly id: string;
  readonly region: string;
  readonly database: string;
  readonly address: FleetAddress;
  readonly servers: FleetServer[];
  /** Its pgBackRest stanza (named as the shard, in `<dir>/backups/<shard>`); absent for the catalog or with backups off. */
  readonly backups?: boolean;
}

/** Everything a later command (failover) needs to act on a running fleet; written to `<dir>/fleet.json`, owner-only. */
export interface FleetState {
  readonly dir: string;
  readonly password: string;
  readonly haproxyAdminPort: number;
  readonly apiUrl: string;
  readonly catalogUrl: string;
  /** The catalog is a "shard" of its own for failover purposes: same pair, same address kind (HAProxy TCP). */
  readonly catalog: FleetShard;
  readonly shards: FleetShard[];
  readonly apiNodes: readonly { readonly name: string; readonly port: number }[];
}

export function fleetStateFile(dir: string): string {
  return path.join(dir, 'fleet.json');
}

export async function writeFleetState(state: FleetState): Promise<void> {
  const file = fleetStateFile(state.dir);
  await fs.writeFile(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await fs.rename(`${file}.tmp`, file);
}

export async function readFleetState(dir: string): Promise<FleetState> {
  const text = await fs.readFile(fleetStateFile(dir), 'utf8').catch(() => undefined);
  if (text === undefined) throw new Error(`no fleet in ${dir} (no fleet.json): start one with npm run cluster -- up --fleet`);
  return JSON.parse(text) as FleetState;
}

export function serverUrl(state: Pick<FleetState, 'password'>, server: Pick<FleetServer, 'port'>, database: string): string {
  return `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${server.port}/${database}`;
}
