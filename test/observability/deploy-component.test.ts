import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { COMPONENT_DIR, renderDeployManifests } from '../../scripts/observability-manifests.js';
import { dashboardFiles, ruleFiles } from '../support/observability/observability-files.js';
import { promtool, requireProgram, run } from '../support/observability/programs.js';

interface K8sObject {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly spec?: unknown;
  readonly data?: Record<string, string>;
  readonly stringData?: Record<string, string>;
}

describe('deploy/components/observability', () => {
  it('is up to date with observability/ (run `npm run observability:deploy` after editing a rule, route or dashboard)', () => {
    for (const [name, content] of renderDeployManifests()) {
      expect(readFileSync(path.join(COMPONENT_DIR, name), 'utf8'), name).toBe(content);
    }
  });

  it('builds with kustomize into one PrometheusRule per rule file, the Alertmanager Secret and a dashboard ConfigMap each, all valid', async () => {
    const kubectl = requireProgram(['kubectl'], 'kubectl (from the Kubernetes apt repository; kustomize is built in)');
    const built = run(kubectl, ['kustomize', COMPONENT_DIR]);
    expect(built.status, built.output).toBe(0);
    const objects = parseAllDocuments(built.output).map((doc) => doc.toJS() as K8sObject);
    const rules = objects.filter((o) => o.kind === 'PrometheusRule');
    const dashboards = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
    const secrets = objects.filter((o) => o.kind === 'Secret' && o.metadata.name === 'alertmanager-bookedbarber');
    expect(rules.length).toBe(ruleFiles().length);
    expect(dashboards.length).toBe(dashboardFiles().length);
    expect(secrets.length).toBe(1);
    expect(objects.length).toBe(rules.length + dashboards.length + 1);

    // What Kubernetes would load is what promtool and amtool accept.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bb-deploy-'));
    try {
      const files = await Promise.all(
        rules.map(async (rule) => {
          const file = path.join(dir, `${rule.metadata.name}.yml`);
          await writeFile(file, stringify(rule.spec));
          return file;
        }),
      );
      const checked = run(promtool(), ['check', 'rules', ...files]);
      expect(checked.status, checked.output).toBe(0);
      const config = path.join(dir, 'alertmanager.yaml');
      await writeFile(config, secrets[0]?.stringData?.['alertmanager.yaml'] ?? '');
      const amtool = requireProgram(['amtool'], 'prometheus-alertmanager');
      const configChecked = run(amtool, ['check-config', config]);
      expect(configChecked.status, configChecked.output).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    for (const dashboard of dashboards) {
      const [json] = Object.values(dashboard.data ?? {});
      expect(() => JSON.parse(json ?? ''), dashboard.metadata.name).not.toThrow();
    }
  });
});
