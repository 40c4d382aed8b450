// Renders deploy/components/observability/ from the one source in observability/:
// rule files become PrometheusRules, alertmanager.yml a Secret, dashboards
// ConfigMaps for Grafana's sidecar. `npm run observability:deploy` writes them;
// test/observability/deploy-component.test.ts fails when they are out of date.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = path.join(ROOT, 'observability');
export const COMPONENT_DIR = path.join(ROOT, 'deploy', 'components', 'observability');

const HEADER = '# Generated from observability/ by `npm run observability:deploy`. Do not edit: edit the source and run it again.\n';
const LABELS = { 'app.kubernetes.io/name': 'bookedbarber', 'app.kubernetes.io/component': 'observability' };

const filesIn = (dir: string, suffix: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort();

const documents = (objects: readonly unknown[]): string => HEADER + objects.map((object) => stringify(object, { lineWidth: 0 })).join('---\n');

/** File name (in the component folder) → content. */
export function renderDeployManifests(): Map<string, string> {
  const rulesDir = path.join(SOURCE, 'prometheus', 'rules');
  const rules = filesIn(rulesDir, '.yml').map((file) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: `bookedbarber-${path.basename(file, '.yml')}`, labels: { ...LABELS, role: 'alert-rules' } },
    spec: parse(readFileSync(path.join(rulesDir, file), 'utf8')) as unknown,
  }));

  const alertmanager = {
    apiVersion: 'v1',
    kind: 'Secret',
    // The name the Prometheus Operator reads for an Alertmanager called "bookedbarber".
    metadata: { name: 'alertmanager-bookedbarber', labels: LABELS },
    type: 'Opaque',
    stringData: { 'alertmanager.yaml': readFileSync(path.join(SOURCE, 'alertmanager', 'alertmanager.yml'), 'utf8') },
  };

  const dashboardsDir = path.join(SOURCE, 'grafana', 'dashboards');
  const dashboards = filesIn(dashboardsDir, '.json').map((file) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    // grafana_dashboard: the label Grafana's dashboard sidecar watches for.
    metadata: { name: `bookedbarber-dashboard-${path.basename(file, '.json')}`, labels: { ...LABELS, grafana_dashboard: '1' } },
    data: { [`bookedbarber-${file}`]: readFileSync(path.join(dashboardsDir, file), 'utf8') },
  }));

  return new Map([
    ['prometheus-rules.yaml', documents(rules)],
    ['alertmanager-config.yaml', documents([alertmanager])],
    ['grafana-dashboards.yaml', documents(dashboards)],
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [name, content] of renderDeployManifests()) {
    writeFileSync(path.join(COMPONENT_DIR, name), content);
    process.stdout.write(`wrote deploy/components/observability/${name}\n`);
  }
}
