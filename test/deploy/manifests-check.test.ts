import { afterEach, describe, expect, it } from 'vitest';
import { formatFinding } from '../../scripts/deploy-check/finding.js';
import { checkManifests } from '../../scripts/deploy-check/manifests.js';
import { REPO_ROOT, scratchCopy } from './deploy-tree.js';

type Scratch = Awaited<ReturnType<typeof scratchCopy>>;

/**
 * `npm run deploy:check` on the repository's own manifests, then on copies
 * with one mistake each: every mistake is reported with its file, object and field.
 */
describe('deploy:check manifests', { timeout: 120_000 }, () => {
  let scratch: Scratch | undefined;
  afterEach(async () => {
    await scratch?.remove();
    scratch = undefined;
  });

  const seeded = async (file: string, change: (text: string) => string): Promise<string[]> => {
    scratch = await scratchCopy('deploy');
    await scratch.edit(file, change);
    const report = await checkManifests({ deployDir: scratch.dir, repoRoot: scratch.root });
    return report.findings.map(formatFinding);
  };

  it('passes on every overlay of the repository', async () => {
    const report = await checkManifests({ deployDir: `${REPO_ROOT}/deploy`, repoRoot: REPO_ROOT });
    expect(report.findings.map(formatFinding)).toEqual([]);
    expect(report.overlays.map((o) => o.name)).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1', 'us-west-2']);
    expect(report.overlays.every((o) => o.objects > 20)).toBe(true);
  });

  it('a misspelled field', async () => {
    const findings = await seeded('deploy/base/api-autoscaling.yaml', (t) => t.replace('  maxUnavailable: 1', '  maxUnavaliable: 1'));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/base\/api-autoscaling\.yaml: PodDisruptionBudget bookedbarber\/api: spec\.maxUnavaliable: unknown field/));
  });

  it('a misspelled field deep in a pod template', async () => {
    const findings = await seeded('deploy/base/api-rollout.yaml', (t) => t.replace('          readinessProbe:', '          readinessProbes:'));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/base\/api-rollout\.yaml: Rollout bookedbarber\/api: spec\.template\.spec\.containers\[0\]\.readinessProbes: unknown field/));
  });

  it('a misspelled field in a CloudNativePG resource', async () => {
    const findings = await seeded('deploy/overlays/eu-west-1/shards/shard-eu-west-1-01.yaml', (t) => t.replace('    poolMode: transaction', '    poolmode: transaction'));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/overlays\/eu-west-1\/shards\/shard-eu-west-1-01\.yaml: Pooler bookedbarber-db\/shard-eu-west-1-01-pooler-rw: spec\.pgbouncer\.poolmode: unknown field/));
  });

  it('a misspelled field in a PrometheusRule (Prometheus Operator model)', async () => {
    const findings = await seeded('deploy/components/observability/prometheus-rules.yaml', (t) => t.replace('        - alert: BookingsBelowLastWeek', '        - alrt: BookingsBelowLastWeek'));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/components\/observability\/prometheus-rules\.yaml: PrometheusRule .*bookedbarber-business: spec\.groups\[0\]\.rules\[0\]\.alrt: unknown field/));
  });

  it("a misspelled field in an ExternalSecret's template", async () => {
    const findings = await seeded('deploy/components/observability/alertmanager-config.yaml', (t) => t.replace('templateAs: Values', 'templateas: Values'));
    expect(findings).toContainEqual(
      expect.stringMatching(/^deploy\/components\/observability\/alertmanager-config\.yaml: ExternalSecret .*alertmanager-bookedbarber: spec\.target\.template\.templateFrom\[0\]\.configMap\.items\[0\]\.templateas: unknown field/),
    );
  });

  it('a wrong type', async () => {
    const findings = await seeded('deploy/base/api-rollout.yaml', (t) => t.replace('  replicas: 3', '  replicas: three'));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/base\/api-rollout\.yaml: Rollout bookedbarber\/api: spec\.replicas: must be integer/));
  });

  it('a CloudNativePG parameter that is not a string', async () => {
    const findings = await seeded('deploy/components/catalog-primary/catalog-cluster.yaml', (t) => t.replace('max_connections: "400"', 'max_connections: 400'));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/components\/catalog-primary\/catalog-cluster\.yaml: Cluster bookedbarber-db\/catalog: spec\.postgresql\.parameters\.max_connections: must be string/));
  });

  it('a missing probe', async () => {
    const findings = await seeded('deploy/base/api-rollout.yaml', (t) => t.replace(/ {10}livenessProbe:\n( {12}.*\n| {14}.*\n)+/, ''));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/base\/api-rollout\.yaml: Rollout bookedbarber\/api: spec\.template\.spec\.containers\[0\]\.livenessProbe: missing/));
  });

  it('a container without resources', async () => {
    const findings = await seeded('deploy/components/catalog-primary/migrate-job.yaml', (t) => t.replace(/ {10}resources:\n( {12}.*\n| {14}.*\n)+/, ''));
    expect(findings).toContainEqual(
      'deploy/components/catalog-primary/migrate-job.yaml: Job bookedbarber/migrate: spec.template.spec.containers[0].resources.requests: cpu and memory requests are required  [us-east-1]',
    );
    expect(findings).toContainEqual(expect.stringMatching(/migrate-job\.yaml: Job bookedbarber\/migrate: spec\.template\.spec\.containers\[0\]\.resources\.limits\.memory: a memory limit is required/));
  });

  it('an image with latest', async () => {
    const findings = await seeded('deploy/components/region/kustomization.yaml', (t) => t.replace('newTag: "0.1.0"', 'newTag: latest'));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/base\/api-rollout\.yaml: Rollout bookedbarber\/api: spec\.template\.spec\.containers\[0\]\.image: "ghcr\.io\/bookedbarber\/bookedbarber:latest" uses the latest tag/));
  });

  it('a region overlay without its region', async () => {
    // A new overlay copied without its region: no region label, no deploy-region settings, no region component.
    const findings = await seeded('deploy/overlays/us-east-1/kustomization.yaml', (t) =>
      t
        .replace(/labels:\n {2}- pairs:\n {6}bookedbarber\.io\/region: us-east-1\n {4}includeSelectors: false\n/, '')
        .replace(/configMapGenerator:\n( {2}.*\n)+/, '')
        .replace(/ {2}- \.\.\/\.\.\/components\/region\n/, ''),
    );
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/base\/api-config\.yaml: ConfigMap bookedbarber\/api-config: metadata\.labels\.bookedbarber\.io\/region: must be "us-east-1" \(the overlay's region\), found "REGION_UNSET"/));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/base\/secrets\.yaml: ExternalSecret bookedbarber\/api-env: still contains REGION_UNSET/));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/overlays\/us-east-1\/kustomization\.yaml: ConfigMap bookedbarber\/deploy-region: data\.REGION: missing: the overlay must set its region/));
    // Only the broken overlay is blamed.
    expect(findings.every((f) => f.endsWith('[us-east-1]'))).toBe(true);
  });

  it('a region overlay whose REGION was deleted: kustomize itself refuses, and the finding names the overlay and the field', async () => {
    const findings = await seeded('deploy/overlays/us-west-2/kustomization.yaml', (t) => t.replace(/ {6}- REGION=us-west-2\n/, ''));
    expect(findings).toEqual([expect.stringMatching(/^deploy\/overlays\/us-west-2\/kustomization\.yaml: Kustomization: kubectl kustomize deploy\/overlays\/us-west-2 failed: .*data\.REGION.* is missing for replacement source .*deploy-region/)]);
  });

  it('a literal Secret and a default-deny policy that is gone', async () => {
    const findings = await seeded('deploy/base/network-policies-db.yaml', (t) =>
      t.replace(/apiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\nmetadata:\n {2}name: default-deny\n[\s\S]*?---\n/, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: leaked\n  namespace: bookedbarber-db\nstringData:\n  password: hunter2\n---\n'),
    );
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/base\/network-policies-db\.yaml: Secret bookedbarber-db\/leaked: a literal Secret/));
    expect(findings).toContainEqual(expect.stringMatching(/^deploy\/base\/namespaces\.yaml: Namespace bookedbarber-db: no default-deny NetworkPolicy/));
  });
});
