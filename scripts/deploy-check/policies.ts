import type { Finding } from './finding.js';
import { describeObject } from './render.js';
import type { RenderedObject } from './render.js';

type Obj = Record<string, unknown>;
const asObj = (value: unknown): Obj => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});
const asArr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

const REGION_LABEL = 'bookedbarber.io/region';
const REGION_PLACEHOLDER = 'REGION_UNSET';
const LONG_RUNNING = new Set(['Deployment', 'Rollout', 'StatefulSet', 'DaemonSet']);
const WORKLOADS = new Set([...LONG_RUNNING, 'Job', 'CronJob']);
// Secret-looking names must come from a Secret (ExternalSecret), never a literal env value.
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|_URL)$/;
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^@\s]+@/i;

/** The pod template of a workload, with the path to it. */
function podSpecOf(object: Obj): { spec: Obj; path: string; labels: Obj } | undefined {
  const spec = asObj(object.spec);
  if (object.kind === 'CronJob') {
    const template = asObj(asObj(asObj(spec.jobTemplate).spec).template);
    return { spec: asObj(template.spec), path: 'spec.jobTemplate.spec.template.spec', labels: asObj(asObj(template.metadata).labels) };
  }
  const template = asObj(spec.template);
  return { spec: asObj(template.spec), path: 'spec.template.spec', labels: asObj(asObj(template.metadata).labels) };
}

function selects(selector: Obj, labels: Obj): boolean {
  const matchLabels = asObj(selector.matchLabels);
  const keys = Object.keys(matchLabels);
  return keys.length > 0 && keys.every((key) => labels[key] === matchLabels[key]);
}

/**
 * What a reviewer would otherwise check by eye, on one overlay's rendered
 * objects. Each finding names the source file, the object and the field.
 */
export function checkPolicies(overlay: string, rendered: readonly RenderedObject[]): Finding[] {
  const findings: Finding[] = [];
  const add = (item: RenderedObject, field: string, message: string): void => {
    findings.push({ file: item.file, object: describeObject(item.object), field, message, seenIn: [overlay] });
  };

  for (const item of rendered) {
    const { object } = item;
    const kind = String(object.kind);
    const labels = asObj(asObj(object.metadata).labels);

    if (labels[REGION_LABEL] !== overlay) add(item, `metadata.labels.${REGION_LABEL}`, `must be "${overlay}" (the overlay's region), found "${String(labels[REGION_LABEL] ?? '')}"`);
    if (JSON.stringify(object).includes(REGION_PLACEHOLDER)) add(item, '', `still contains ${REGION_PLACEHOLDER}: the overlay does not set its region (deploy-region ConfigMap and the region component)`);

    if (kind === 'Secret') add(item, '', 'a literal Secret: secrets come from an ExternalSecret (AWS Secrets Manager), never from the repository');
    if (kind === 'ServiceAccount' && object.automountServiceAccountToken !== false) add(item, 'automountServiceAccountToken', 'must be false');
    if (kind === 'ConfigMap') {
      for (const [key, value] of Object.entries(asObj(object.data))) {
        if (URL_WITH_PASSWORD.test(String(value))) add(item, `data.${key}`, 'a URL with a password: put it in the ExternalSecret');
      }
    }

    if (!WORKLOADS.has(kind)) continue;
    const pod = podSpecOf(object);
    if (!pod) continue;
    const podSecurity = asObj(pod.spec.securityContext);
    if (pod.spec.automountServiceAccountToken !== false) add(item, `${pod.path}.automountServiceAccountToken`, 'must be false (the app never calls the Kubernetes API)');
    if (LONG_RUNNING.has(kind)) {
      if (asArr(pod.spec.topologySpreadConstraints).every((c) => asObj(c).topologyKey !== 'topology.kubernetes.io/zone')) {
        add(item, `${pod.path}.topologySpreadConstraints`, 'needs a spread across topology.kubernetes.io/zone');
      }
    }

    asArr(pod.spec.containers).forEach((raw, index) => {
      const container = asObj(raw);
      const at = `${pod.path}.containers[${index}]`;
      const image = String(container.image ?? '');
      const tag = image.includes('@sha256:') ? 'digest' : /:([^/:]+)$/.exec(image)?.[1];
      if (!tag) add(item, `${at}.image`, `"${image}" has no tag or digest`);
      else if (tag === 'latest') add(item, `${at}.image`, `"${image}" uses the latest tag: pin a version or a digest`);

      const resources = asObj(container.resources);
      const requests = asObj(resources.requests);
      const limits = asObj(resources.limits);
      if (requests.cpu === undefined || requests.memory === undefined) add(item, `${at}.resources.requests`, 'cpu and memory requests are required');
      if (limits.memory === undefined) add(item, `${at}.resources.limits.memory`, 'a memory limit is required');

      if (LONG_RUNNING.has(kind)) {
        for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
          if (container[probe] === undefined) add(item, `${at}.${probe}`, 'missing: every long-running container needs startup, readiness and liveness probes');
        }
        const readyPath = asObj(asObj(container.readinessProbe).httpGet).path;
        if (container.readinessProbe !== undefined && readyPath !== '/ready') add(item, `${at}.readinessProbe.httpGet.path`, `must be /ready, found ${String(readyPath)}`);
        const livePath = asObj(asObj(container.livenessProbe).httpGet).path;
        if (container.livenessProbe !== undefined && livePath !== '/health') add(item, `${at}.livenessProbe.httpGet.path`, `must be /health, found ${String(livePath)}`);
      }

      const security = asObj(container.securityContext);
      if (security.allowPrivilegeEscalation !== false) add(item, `${at}.securityContext.allowPrivilegeEscalation`, 'must be false');
      if (security.readOnlyRootFilesystem !== true) add(item, `${at}.securityContext.readOnlyRootFilesystem`, 'must be true');
      if (!asArr(asObj(security.capabilities).drop).includes('ALL')) add(item, `${at}.securityContext.capabilities.drop`, 'must drop ALL');
      if (security.runAsNonRoot !== true && podSecurity.runAsNonRoot !== true) add(item, `${at}.securityContext.runAsNonRoot`, 'must be true (here or in the pod securityContext)');
      const seccomp = asObj(security.seccompProfile).type ?? asObj(podSecurity.seccompProfile).type;
      if (seccomp !== 'RuntimeDefault') add(item, `${at}.securityContext.seccompProfile.type`, 'must be RuntimeDefault (here or in the pod securityContext)');
      if (security.privileged === true) add(item, `${at}.securityContext.privileged`, 'must not be true');

      asArr(container.env).forEach((rawEnv, envIndex) => {
        const env = asObj(rawEnv);
        const name = String(env.name ?? '');
        if (env.value === undefined) return;
        if (SECRET_NAME.test(name) || URL_WITH_PASSWORD.test(String(env.value))) add(item, `${at}.env[${envIndex}].value`, `${name} is a literal value: take it from the ExternalSecret's Secret`);
      });
    });

    if (LONG_RUNNING.has(kind)) {
      const name = String(asObj(object.metadata).name);
      const namespace = asObj(object.metadata).namespace;
      const inNamespace = rendered.filter((other) => asObj(other.object.metadata).namespace === namespace);
      const pdb = inNamespace.find((other) => other.object.kind === 'PodDisruptionBudget' && selects(asObj(asObj(other.object.spec).selector), pod.labels));
      if (!pdb) add(item, 'spec.template.metadata.labels', `no PodDisruptionBudget selects the pods of ${kind} ${name}`);
      const hpa = inNamespace.find((other) => {
        const target = asObj(asObj(other.object.spec).scaleTargetRef);
        return other.object.kind === 'HorizontalPodAutoscaler' && target.kind === kind && target.name === name;
      });
      if (!hpa) add(item, '', `no HorizontalPodAutoscaler targets ${kind} ${name}`);
      checkGracePeriod(item, pod, rendered, add);
    }
  }

  checkDefaultDeny(rendered, add);
  checkRegionSettings(overlay, rendered, findings);
  return findings;
}

/** The grace period must cover the drain (SHUTDOWN_DRAIN_MS) plus the longest statement (STATEMENT_TIMEOUT_MS). */
function checkGracePeriod(item: RenderedObject, pod: { spec: Obj; path: string }, rendered: readonly RenderedObject[], add: (item: RenderedObject, field: string, message: string) => void): void {
  const configNames = asArr(pod.spec.containers).flatMap((c) => asArr(asObj(c).envFrom).map((e) => asObj(asObj(e).configMapRef).name));
  const settings: Obj = {};
  for (const other of rendered) {
    if (other.object.kind === 'ConfigMap' && configNames.includes(asObj(other.object.metadata).name)) Object.assign(settings, asObj(other.object.data));
  }
  const drainMs = Number(settings.SHUTDOWN_DRAIN_MS ?? 0);
  const statementMs = Number(settings.STATEMENT_TIMEOUT_MS ?? 10_000);
  const grace = Number(pod.spec.terminationGracePeriodSeconds ?? 30);
  if (grace * 1000 < drainMs + statementMs) {
    add(item, `${pod.path}.terminationGracePeriodSeconds`, `${grace} s is shorter than SHUTDOWN_DRAIN_MS + STATEMENT_TIMEOUT_MS (${(drainMs + statementMs) / 1000} s): pods would be killed mid-drain`);
  }
}

function checkDefaultDeny(rendered: readonly RenderedObject[], add: (item: RenderedObject, field: string, message: string) => void): void {
  for (const item of rendered.filter((r) => r.object.kind === 'Namespace')) {
    const namespace = asObj(item.object.metadata).name;
    const denies = rendered.some((other) => {
      const spec = asObj(other.object.spec);
      const types = asArr(spec.policyTypes);
      return (
        other.object.kind === 'NetworkPolicy' &&
        asObj(other.object.metadata).namespace === namespace &&
        Object.keys(asObj(spec.podSelector)).length === 0 &&
        types.includes('Ingress') &&
        types.includes('Egress') &&
        spec.ingress === undefined &&
        spec.egress === undefined
      );
    });
    if (!denies) add(item, '', `no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules) in namespace ${String(namespace)}`);
  }
}

function checkRegionSettings(overlay: string, rendered: readonly RenderedObject[], findings: Finding[]): void {
  const region = rendered.find((r) => r.object.kind === 'ConfigMap' && asObj(r.object.metadata).name === 'deploy-region');
  const kustomization = `deploy/overlays/${overlay}/kustomization.yaml`;
  if (!region) {
    findings.push({ file: kustomization, object: 'ConfigMap bookedbarber/deploy-region', field: 'data.REGION', message: `missing: the overlay must set its region (configMapGenerator deploy-region with REGION=${overlay})`, seenIn: [overlay] });
  } else if (asObj(region.object.data).REGION !== overlay) {
    findings.push({ file: region.file, object: describeObject(region.object), field: 'data.REGION', message: `must be "${overlay}", found "${String(asObj(region.object.data).REGION ?? '')}"`, seenIn: [overlay] });
  }
}
