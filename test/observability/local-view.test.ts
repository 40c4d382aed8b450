import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runClusterCommand } from '../../src/cli/cluster/cluster-command.js';
import { clusterPaths } from '../../src/cli/cluster/cluster-layout.js';
import { readClusterState } from '../../src/cli/cluster/cluster-state.js';
import { findFreePort } from '../../src/db/local-postgres/local-postgres-server.js';
import { waitFor } from '../support/observability/free-port.js';
import { loadRules } from '../support/observability/observability-files.js';
import { alertmanager, prometheus } from '../support/observability/programs.js';

async function cluster(...argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runClusterCommand(argv, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

/** `npm run cluster -- up --observability`: the developer's view of the same rules and routes. */
describe('the local view', () => {
  let dataDir: string | undefined;

  afterAll(async () => {
    if (dataDir && existsSync(dataDir)) await cluster('down', '--data-dir', dataDir, '--purge');
    if (dataDir) await fs.rm(path.dirname(dataDir), { recursive: true, force: true });
  });

  it('starts Prometheus and Alertmanager with the project rules beside the cluster, and stops them with it', { timeout: 240_000 }, async () => {
    prometheus();
    alertmanager();
    dataDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'bb-local-view-')), 'cluster');
    const apiPort = await findFreePort();
    const up = await cluster('up', '--observability', '--no-replica', '--data-dir', dataDir, '--port', String(apiPort));
    expect(up.code, up.output).toBe(0);
    const state = await readClusterState(clusterPaths(dataDir));
    const view = state?.observability;
    expect(view, up.output).toBeTruthy();
    if (!view) return;
    expect(up.output).toContain(`Prometheus: ${view.prometheusUrl}/alerts`);
    expect(up.output).toContain(`Alerts:     ${view.alertmanagerUrl}`);

    type Rules = { status: string; data: { groups: { rules: unknown[] }[] } };
    const rules = (await (await fetch(`${view.prometheusUrl}/api/v1/rules`)).json()) as Rules;
    const { alerts, records } = loadRules();
    expect(rules.data.groups.flatMap((g) => g.rules)).toHaveLength(alerts.length + records.length);
    type Targets = { data: { activeTargets: { labels: { job: string }; health: string }[] } };
    await waitFor('the API scraped', async () => {
      const targets = (await (await fetch(`${view.prometheusUrl}/api/v1/targets`)).json()) as Targets;
      return targets.data.activeTargets.some((t) => t.labels.job === 'bookedbarber' && t.health === 'up') ? true : undefined;
    }, 60_000);
    type AlertmanagersAnswer = { data: { activeAlertmanagers: { url: string }[] } };
    const managers = (await (await fetch(`${view.prometheusUrl}/api/v1/alertmanagers`)).json()) as AlertmanagersAnswer;
    expect(managers.data.activeAlertmanagers.map((m) => new URL(m.url).port)).toEqual([new URL(view.alertmanagerUrl).port]);
    expect((await fetch(`${view.alertmanagerUrl}/-/ready`)).ok).toBe(true);

    const down = await cluster('down', '--data-dir', dataDir, '--purge');
    expect(down.code, down.output).toBe(0);
    await expect(fetch(`${view.prometheusUrl}/-/ready`)).rejects.toThrow();
    await expect(fetch(`${view.alertmanagerUrl}/-/ready`)).rejects.toThrow();
  });
});
