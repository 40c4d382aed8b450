import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon } from '../support/observability/daemon.js';
import type { Daemon } from '../support/observability/daemon.js';
import { freePort, waitFor } from '../support/observability/free-port.js';
import { ALERTMANAGER_CONFIG, loadRules } from '../support/observability/observability-files.js';
import { alertmanager, amtool, run } from '../support/observability/programs.js';

// Where each severity must go (docs/RUNBOOKS.md, "Incident classes").
const RECEIVERS: Readonly<Record<string, string>> = { P0: 'pager,chat', P1: 'pager', P2: 'chat', P3: 'email' };

function routesTo(labels: Readonly<Record<string, string>>, receivers: string): { status: number | null; output: string } {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
  return run(amtool(), ['config', 'routes', 'test', `--config.file=${ALERTMANAGER_CONFIG}`, `--verify.receivers=${receivers}`, ...pairs]);
}

describe('Alertmanager configuration', () => {
  it('passes amtool check-config', () => {
    const result = run(amtool(), ['check-config', ALERTMANAGER_CONFIG]);
    expect(result.status, result.output).toBe(0);
  });

  it('routes each severity to its receivers', () => {
    for (const [severity, receivers] of Object.entries(RECEIVERS)) {
      const result = routesTo({ severity, alertname: 'Example' }, receivers);
      expect(result.status, `${severity}: ${result.output}`).toBe(0);
    }
    // An alert without a known severity still reaches someone: the default (email).
    expect(routesTo({ alertname: 'Unclassified' }, 'email').status).toBe(0);
    // The check itself can fail: P1 does not go to chat.
    expect(routesTo({ severity: 'P1' }, 'chat').status).not.toBe(0);
  });

  it('routes every alert of the rules by its severity', () => {
    const problems: string[] = [];
    for (const { alert, labels } of loadRules().alerts) {
      const expected = RECEIVERS[labels.severity ?? ''];
      if (!expected) problems.push(`${alert}: severity ${labels.severity} has no receivers`);
      else if (routesTo({ ...labels, alertname: alert }, expected).status !== 0) problems.push(`${alert} is not routed to ${expected}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('inhibition in a real Alertmanager', () => {
  let daemon: Daemon;
  let dataDir: string;
  let base: string;

  beforeAll(async () => {
    const binary = alertmanager();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'bb-alertmanager-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    daemon = startDaemon(binary, [
      `--config.file=${ALERTMANAGER_CONFIG}`,
      `--storage.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip: a single instance, nothing listening beyond the web port.
      '--cluster.listen-address=',
    ]);
    await waitFor('Alertmanager ready', async () => ((await fetch(`${base}/-/ready`)).ok ? true : undefined), 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${daemon.output()}`);
    });
  });

  afterAll(async () => {
    await daemon?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('a shard that is down silences its own lag and slot alerts, not another shard\'s', async () => {
    const endsAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const alert = (labels: Record<string, string>) => ({ labels, annotations: { summary: 'test' }, startsAt: new Date().toISOString(), endsAt });
    const posted = await fetch(`${base}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        alert({ alertname: 'ShardUnreachable', severity: 'P1', shard: 'shard-euw1', region: 'eu-west-1' }),
        alert({ alertname: 'ReplicaLagHigh', severity: 'P2', shard: 'shard-euw1', replica: '0' }),
        alert({ alertname: 'ReplicationSlotInactive', severity: 'P2', shard: 'shard-euw1', slot: 'mv_x' }),
        alert({ alertname: 'ReplicaLagHigh', severity: 'P2', shard: 'shard-use1', replica: '0' }),
      ]),
    });
    expect(posted.status).toBe(200);
    type Listed = { labels: Record<string, string>; status: { state: string; inhibitedBy: string[] } };
    const state = (listed: Listed[], name: string, shard: string): string | undefined =>
      listed.find((a) => a.labels.alertname === name && a.labels.shard === shard)?.status.state;
    const listed = await waitFor(
      'the inhibition to apply',
      async () => {
        const all = (await (await fetch(`${base}/api/v2/alerts`)).json()) as Listed[];
        return all.length === 4 && state(all, 'ReplicaLagHigh', 'shard-euw1') === 'suppressed' ? all : undefined;
      },
      20_000,
    );
    expect(state(listed, 'ShardUnreachable', 'shard-euw1')).toBe('active');
    expect(state(listed, 'ReplicaLagHigh', 'shard-euw1')).toBe('suppressed');
    expect(state(listed, 'ReplicationSlotInactive', 'shard-euw1')).toBe('suppressed');
    expect(state(listed, 'ReplicaLagHigh', 'shard-use1')).toBe('active');
  });
});
