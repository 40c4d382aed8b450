import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { dashboardQueries, loadDashboards, panelsOf } from '../support/observability/dashboards.js';
import { promtool, run } from '../support/observability/programs.js';

const DATASOURCE_REFERENCES = new Set(['${datasource}', '$datasource']);
const dashboards = loadDashboards();

describe('Grafana dashboards', () => {
  it('are valid JSON with a title and a uid unique across all of them', () => {
    expect(dashboards.map((d) => d.file).sort()).toEqual(['business.json', 'cache.json', 'red.json', 'shards.json', 'slo.json']);
    const uids = dashboards.map((d) => d.uid);
    expect(uids.every((uid) => typeof uid === 'string' && /^[\w-]{1,40}$/.test(uid))).toBe(true);
    expect(new Set(uids).size).toBe(uids.length);
    expect(dashboards.every((d) => typeof d.title === 'string' && d.title.length > 0)).toBe(true);
  });

  it('pick their Prometheus through a datasource variable, never a hard-coded uid', () => {
    const problems: string[] = [];
    for (const dashboard of dashboards) {
      const variable = dashboard.templating?.list?.find((v) => v.type === 'datasource');
      if (variable?.name !== 'datasource' || variable.query !== 'prometheus') problems.push(`${dashboard.file}: no "datasource" variable of type datasource for prometheus`);
      const references = [
        ...panelsOf(dashboard).flatMap((panel) => [panel.datasource?.uid, ...(panel.targets ?? []).map((t) => t.datasource?.uid)]),
        ...(dashboard.templating?.list ?? []).filter((v) => v.type === 'query').map((v) => v.datasource?.uid),
      ];
      for (const uid of references) if (!DATASOURCE_REFERENCES.has(uid ?? '')) problems.push(`${dashboard.file}: datasource uid "${uid}"`);
    }
    expect(problems).toEqual([]);
  });

  it('every panel has a query and every query parses (promtool)', async () => {
    for (const dashboard of dashboards) {
      for (const panel of panelsOf(dashboard)) expect((panel.targets ?? []).length, `${dashboard.file}: ${panel.title}`).toBeGreaterThan(0);
    }
    const queries = dashboardQueries(dashboards);
    expect(queries.length).toBeGreaterThan(30);
    // Each query as a recording rule: promtool parses it like Prometheus would and names the one that fails.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bb-dashboards-'));
    try {
      const file = path.join(dir, 'dashboard-queries.yml');
      const rules = queries.map((q, index) => ({ record: `dashboard_query_${index}`, expr: q.expr }));
      await writeFile(file, stringify({ groups: [{ name: 'dashboards', rules }] }));
      const result = run(promtool(), ['check', 'rules', file]);
      expect(result.status, `${result.output}\n${queries.map((q, i) => `${i}: ${q.dashboard} / ${q.panel}`).join('\n')}`).toBe(0);
      // The check can fail: a broken query is refused.
      await writeFile(file, stringify({ groups: [{ name: 'broken', rules: [{ record: 'broken', expr: 'sum(rate(x[5m])' }] }] }));
      expect(run(promtool(), ['check', 'rules', file]).status).not.toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
