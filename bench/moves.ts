import { franchiseTables } from '../src/modules/moves/franchise-tables.repository.js';
import { makeShop } from '../test/support/factories.js';
import { measureCopy } from './copy-reference.js';
import { startMoveRig } from './move-rig.js';
import type { Row } from './table-row.js';

const BATCH = 50_000;

/**
 * One large franchise (`appointments` rows of history plus a client per ten)
 * moved between two servers with no other load: the initial copy's rows/s
 * against a plain binary COPY of the same rows between the same servers, and
 * the write pause. The pause under booking load is the drill's figure.
 */
export async function movePhase(appointments: number, log: (line: string) => void): Promise<Row[]> {
  log(`moves: two servers (durable settings), one franchise with ${appointments} appointments…`);
  const rig = await startMoveRig(2, { id: 'shard-1', region: 'us-east-1' });
  try {
    await rig.register(1, { id: 'shard-2', region: 'us-east-1' });
    const shop = await makeShop(rig, { shardId: 'shard-1', barbers: 8 });
    const source = await rig.mover.link('shard-1');
    const clients = Math.max(1, Math.round(appointments / 10));
    await source.query(
      `INSERT INTO clients (franchise_id, id, email, name) SELECT $1, gen_random_uuid(), 'bulk-' || g || '@example.test', 'Bulk client ' || g FROM generate_series(1, $2) g`,
      [shop.franchiseId, clients],
    );
    for (let done = 0; done < appointments; done += BATCH) {
      const count = Math.min(BATCH, appointments - done);
      // Per barber, back-to-back 30-minute appointments in the past: no overlaps, realistic history.
      await source.query(
        `INSERT INTO appointments (franchise_id, id, location_id, barber_id, service_id, client_id, starts_at, ends_at, blocked_until, status, price_cents, currency)
         SELECT $1, gen_random_uuid(), $2, ($3::uuid[])[1 + g % cardinality($3::uuid[])], $4, c.id,
                t, t + interval '30 minutes', t + interval '30 minutes', 'completed', 3000, 'USD'
         FROM generate_series($5::int, $5::int + $6::int - 1) g
         CROSS JOIN LATERAL (SELECT timestamptz '2015-01-01 09:00Z' + (g / cardinality($3::uuid[])) * interval '30 minutes' AS t) s
         JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM clients WHERE franchise_id = $1) c ON c.k = g % $7`,
        [shop.franchiseId, shop.locationId, shop.barberIds, shop.serviceIds[0], done, count, clients],
      );
      log(`  ${Math.min(done + count, appointments)}/${appointments} appointments written`);
    }
    await source.query('VACUUM ANALYZE appointments');
    await source.query('VACUUM ANALYZE clients');

    log('moves: plain binary COPY of the same rows to the other server (reference)…');
    const reference = await measureCopy(rig.shardUrl(0), rig.shardUrl(1), await franchiseTables(source), [shop.franchiseId]);
    log(`  ${reference.rows} rows in ${reference.ms.toFixed(0)} ms`);
    log('moves: the same franchise moved with logical replication…');
    let last = '';
    const result = await rig.mover.move(shop.franchiseId, 'shard-2', {
      sourceCleanupGraceMs: 0,
      onProgress: (p) => {
        const line = `  ${p.phase} ${p.percent}%${p.detail ? ` ${p.detail}` : ''}`;
        if (line !== last) log(line);
        last = line;
      },
    });
    if (result.status !== 'completed') throw new Error(`the bench move did not complete: ${result.error ?? result.status}`);
    const copySeconds = (result.copyMs ?? result.durationMs) / 1000;
    const moveRate = result.rowsCopied / copySeconds;
    return [
      {
        measure: `move: initial copy (logical replication), ${result.rowsCopied} rows`,
        value: `${moveRate.toFixed(0)} rows/s (${copySeconds.toFixed(1)} s; whole move ${(result.durationMs / 1000).toFixed(1)} s)`,
        reference: `binary COPY of the same rows, same servers: ${reference.rowsPerSecond.toFixed(0)} rows/s`,
        ratio: moveRate / reference.rowsPerSecond,
        p50: null,
        p95: null,
        p99: null,
      },
      {
        measure: 'move: write pause, no load',
        value: `${result.pauseMs ?? 0} ms (${Object.entries(result.pauseSteps ?? {}).map(([step, at]) => `${step} @${at}`).join(', ')})`,
        reference: 'goal ≤ 250 ms p99 (under load: the drill)',
        ratio: (result.pauseMs ?? 0) / 250,
        p50: null,
        p95: null,
        p99: null,
      },
    ];
  } finally {
    await rig.close();
  }
}
