import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { LocalPostgresServer } from '../src/db/local-postgres/local-postgres-server.js';
import type { Shop } from '../test/support/factories.js';

const exec = promisify(execFile);

export interface InsertReference {
  readonly tool: 'pgbench' | 'insert loop';
  readonly rps: number;
}

// PostgreSQL's own insert rate into the same appointments table, constraints and
// indexes included. ON CONFLICT DO NOTHING keeps a rare random overlap from
// aborting a pgbench client (exclusion constraints can arbitrate DO NOTHING).
const INSERT = `INSERT INTO appointments (franchise_id, id, location_id, barber_id, service_id, client_id, starts_at, ends_at, blocked_until, price_cents, currency)
SELECT $1::uuid, gen_random_uuid(), $2::uuid, $3::uuid, $4::uuid, $5::uuid, t, t + interval '15 minutes', t + interval '15 minutes', 2000, 'USD'
FROM (SELECT timestamptz '2200-01-01' + make_interval(secs => $6::double precision) AS t) AS slot
ON CONFLICT DO NOTHING`;

function pgbenchScript(): string {
  return [
    '\\set s random(1, 50000000000)',
    INSERT.replace('$1::uuid', ':f::uuid').replace('$2::uuid', ':l::uuid').replace('$3::uuid', ':b::uuid').replace('$4::uuid', ':sv::uuid').replace('$5::uuid', ':c::uuid').replace('$6::double precision', ':s').replace(/\n/g, ' ') + ';',
  ].join('\n');
}

async function findPgbench(): Promise<string | undefined> {
  for (const candidate of ['pgbench', '/usr/lib/postgresql/17/bin/pgbench', '/usr/lib/postgresql/16/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench']) {
    try {
      await exec(candidate, ['--version']);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

/** pgbench where installed, else a minimal insert loop with the same concurrency. */
export async function measureInsertRate(server: LocalPostgresServer, database: string, shop: Shop, clientId: string, connections: number, seconds: number): Promise<InsertReference> {
  const pgbench = await findPgbench();
  const ids = { f: shop.franchiseId, l: shop.locationId, b: shop.barberIds[0] as string, sv: shop.serviceIds[0] as string, c: clientId };
  if (pgbench) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bb-pgbench-'));
    const script = path.join(dir, 'insert.sql');
    await writeFile(script, pgbenchScript());
    const defines = Object.entries(ids).flatMap(([key, value]) => ['-D', `${key}=${value}`]);
    const { stdout } = await exec(
      pgbench,
      ['-n', '-M', 'prepared', '-h', server.host, '-p', String(server.port), '-U', server.user, '-c', String(connections), '-j', '2', '-T', String(seconds), '-f', script, ...defines, database],
      { env: { ...process.env, PGPASSWORD: server.password } },
    );
    const tps = /tps = ([\d.]+)/.exec(stdout);
    if (!tps?.[1]) throw new Error(`could not read pgbench output:\n${stdout}`);
    return { tool: 'pgbench', rps: Number(tps[1]) };
  }
  const pool = new pg.Pool({ connectionString: server.connectionString(database), max: connections });
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        await pool.query(INSERT, [ids.f, ids.l, ids.b, ids.sv, ids.c, Math.random() * 50_000_000_000]);
        count++;
      }
    }),
  );
  await pool.end();
  return { tool: 'insert loop', rps: count / seconds };
}
