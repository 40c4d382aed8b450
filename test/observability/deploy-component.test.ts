import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { COMPONENT_DIR, escapeForExternalSecrets, renderDeployManifests, renderExternalSecretsTemplate } from '../../scripts/observability-manifests.js';
import { dashboardFiles, ruleFiles } from '../support/observability/observability-files.js';
import { promtool, requireProgram, run } from '../support/observability/programs.js';

interface K8sObject {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string> };
  readonly spec?: unknown;
  readonly data?: Record<string, string>;
}

interface ExternalSecretSpec {
  readonly target: { readonly name: string; readonly template?: { readonly templateFrom?: { readonly configMap: { readonly name: string; readonly items: { readonly key: string }[] } }[] } };
  readonly dataFrom?: { readonly extract: { readonly key: string } }[];
}

describe('deploy/components/observability', () => {
  it('is up to date with observability/ (run `npm run observability:deploy` after editing a rule, route or dashboard)', () => {
    for (const [name, content] of renderDeployManifests()) {
      expect(readFileSync(path.join(COMPONENT_DIR, name), 'utf8'), name).toBe(content);
    }
  });

  it('builds with kustomize into one PrometheusRule per rule file, the Alertmanager ExternalSecrets and a dashboard ConfigMap each, all valid', async () => {
    const kubectl = requireProgram(['kubectl'], 'kubectl (from the Kubernetes apt repository; kustomize is built in)');
    const built = run(kubectl, ['kustomize', COMPONENT_DIR]);
    expect(built.status, built.output).toBe(0);
    const objects = parseAllDocuments(built.output).map((doc) => doc.toJS() as K8sObject);
    const rules = objects.filter((o) => o.kind === 'PrometheusRule');
    const dashboards = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
    const externalSecrets = objects.filter((o) => o.kind === 'ExternalSecret');
    const templates = objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name === 'alertmanager-bookedbarber-template');
    expect(rules.length).toBe(ruleFiles().length);
    expect(dashboards.length).toBe(dashboardFiles().length);
    expect(externalSecrets.map((o) => o.metadata.name).sort()).toEqual(['alertmanager-bookedbarber', 'alertmanager-receivers']);
    expect(templates.length).toBe(1);
    // No literal Secret: the External Secrets Operator makes both.
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    expect(objects.length).toBe(rules.length + dashboards.length + externalSecrets.length + templates.length);

    // The configuration Secret is the template ConfigMap rendered; the credentials come from AWS Secrets Manager.
    const specOf = (name: string): ExternalSecretSpec => externalSecrets.find((o) => o.metadata.name === name)?.spec as ExternalSecretSpec;
    const config = specOf('alertmanager-bookedbarber');
    expect(config.target.name).toBe('alertmanager-bookedbarber');
    expect(config.target.template?.templateFrom).toEqual([{ configMap: { name: 'alertmanager-bookedbarber-template', items: [{ key: 'alertmanager.yaml', templateAs: 'Values' }] } }]);
    const receivers = specOf('alertmanager-receivers');
    expect(receivers.target.name).toBe('alertmanager-receivers');
    expect(receivers.dataFrom?.[0]?.extract.key).toBe('bookedbarber/REGION_UNSET/alertmanager-receivers');
    // Once rendered, the template is the one source, byte for byte.
    const rendered = renderExternalSecretsTemplate(templates[0]?.data?.['alertmanager.yaml'] ?? '');
    expect(rendered).toBe(readFileSync(path.join(COMPONENT_DIR, '..', '..', '..', 'observability', 'alertmanager', 'alertmanager.yml'), 'utf8'));

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
      const configFile = path.join(dir, 'alertmanager.yaml');
      await writeFile(configFile, rendered);
      const amtool = requireProgram(['amtool'], 'prometheus-alertmanager');
      const configChecked = run(amtool, ['check-config', configFile]);
      expect(configChecked.status, configChecked.output).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    for (const dashboard of dashboards) {
      const [json] = Object.values(dashboard.data ?? {});
      expect(() => JSON.parse(json ?? ''), dashboard.metadata.name).not.toThrow();
    }
  });

  it('escapes Alertmanager templates from the External Secrets Operator, and refuses any other action', () => {
    const source = "title: '{{ .Status | toUpper }}'\ntext: '{{ range .Alerts }}{{ \"\\n\" }}{{ end }}'\n";
    const escaped = escapeForExternalSecrets(source);
    expect(escaped).toBe("title: '{{ \"{{\" }} .Status | toUpper }}'\ntext: '{{ \"{{\" }} range .Alerts }}{{ \"{{\" }} \"\\n\" }}{{ \"{{\" }} end }}'\n");
    expect(renderExternalSecretsTemplate(escaped)).toBe(source);
    expect(() => renderExternalSecretsTemplate(source)).toThrow(/action other than an escaped/);
  });
});
