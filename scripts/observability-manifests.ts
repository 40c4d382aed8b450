// Renders deploy/components/observability/ from the one source in observability/:
// rule files become PrometheusRules, alertmanager.yml an ExternalSecret's template, dashboards
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

/**
 * The External Secrets Operator runs a templateFrom ConfigMap through Go's
 * text/template, which would execute Alertmanager's own `{{ … }}` templates:
 * each `{{` becomes an action printing `{{`, so the Secret gets the source back.
 */
export const escapeForExternalSecrets = (text: string): string => text.replaceAll('{{', '{{ "{{" }}');

/** The inverse, as the operator renders it: only the escapes may be actions. */
export function renderExternalSecretsTemplate(template: string): string {
  const escape = '{{ "{{" }}';
  if (template.split(escape).join('').includes('{{')) throw new Error('the template holds an action other than an escaped {{');
  return template.split(escape).join('{{');
}

/** File name (in the component folder) → content. */
export function renderDeployManifests(): Map<string, string> {
  const rulesDir = path.join(SOURCE, 'prometheus', 'rules');
  const rules = filesIn(rulesDir, '.yml').map((file) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: `bookedbarber-${path.basename(file, '.yml')}`, labels: { ...LABELS, role: 'alert-rules' } },
    spec: parse(readFileSync(path.join(rulesDir, file), 'utf8')) as unknown,
  }));

  // The Prometheus Operator reads the configuration of an Alertmanager called
  // "bookedbarber" from the Secret "alertmanager-bookedbarber". No Secret is ever
  // written in the repository: the External Secrets Operator builds it from a
  // ConfigMap holding alertmanager.yml (a template with Alertmanager's own
  // templates escaped), and the receivers' credentials come from AWS Secrets
  // Manager as the Secret "alertmanager-receivers", read as files.
  const alertmanagerConfig = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'alertmanager-bookedbarber-template', labels: LABELS },
    data: { 'alertmanager.yaml': escapeForExternalSecrets(readFileSync(path.join(SOURCE, 'alertmanager', 'alertmanager.yml'), 'utf8')) },
  };
  const secretStoreRef = { kind: 'ClusterSecretStore', name: 'aws-secrets-manager' };
  // REGION_UNSET: deploy/components/region writes the overlay's region there.
  const receiversKey = 'bookedbarber/REGION_UNSET/alertmanager-receivers';
  const receivers = {
    apiVersion: 'external-secrets.io/v1beta1',
    kind: 'ExternalSecret',
    metadata: { name: 'alertmanager-receivers', labels: LABELS },
    spec: {
      refreshInterval: '1h',
      secretStoreRef,
      target: { name: 'alertmanager-receivers', creationPolicy: 'Owner' },
      // pagerduty-routing-key, slack-webhook-url, smtp-password
      dataFrom: [{ extract: { key: receiversKey } }],
    },
  };
  const alertmanager = {
    apiVersion: 'external-secrets.io/v1beta1',
    kind: 'ExternalSecret',
    metadata: { name: 'alertmanager-bookedbarber', labels: LABELS },
    spec: {
      refreshInterval: '1h',
      secretStoreRef,
      target: {
        name: 'alertmanager-bookedbarber',
        creationPolicy: 'Owner',
        // The template replaces the fetched keys: the Secret holds alertmanager.yaml only.
        template: {
          type: 'Opaque',
          engineVersion: 'v2',
          templateFrom: [{ configMap: { name: alertmanagerConfig.metadata.name, items: [{ key: 'alertmanager.yaml', templateAs: 'Values' }] } }],
        },
      },
      // The operator's webhook refuses an ExternalSecret without data or
      // dataFrom; the receivers' secret is the one this configuration goes with.
      dataFrom: [{ extract: { key: receiversKey } }],
    },
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
    ['alertmanager-config.yaml', documents([alertmanagerConfig, alertmanager, receivers])],
    ['grafana-dashboards.yaml', documents(dashboards)],
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [name, content] of renderDeployManifests()) {
    writeFileSync(path.join(COMPONENT_DIR, name), content);
    process.stdout.write(`wrote deploy/components/observability/${name}\n`);
  }
}
