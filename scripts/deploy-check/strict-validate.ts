import { ConfigMap, Namespace, PodTemplate, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { AnalysisTemplate, Rollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1';
import { DestinationRule, Gateway, VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1beta1';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { crdValidator } from './crd-schemas.js';
import { fieldPath } from './finding.js';

export interface SchemaProblem {
  readonly field: string;
  readonly message: string;
}

interface AjvError {
  readonly instancePath: string;
  readonly message?: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
}

// The models' validate() reads `this`: calling it on our own object lets a Proxy see every field it looks at.
type ModelClass = { prototype: { validate(): void } };
const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'argoproj.io/v1alpha1/Rollout': Rollout,
  'argoproj.io/v1alpha1/AnalysisTemplate': AnalysisTemplate,
  'networking.istio.io/v1beta1/Gateway': Gateway,
  'networking.istio.io/v1beta1/VirtualService': VirtualService,
  'networking.istio.io/v1beta1/DestinationRule': DestinationRule,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
};

/**
 * Wraps `value` so that every property read is recorded by its path. The
 * models' validators ignore fields they do not know; a field never read during
 * a successful validation is therefore unknown to the schema (a typo such as
 * `readinessProbes` or `maxUnavaliable`).
 */
function tracked(value: unknown, path: readonly string[], seen: Set<string>): unknown {
  if (value === null || typeof value !== 'object') return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const child: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !Object.prototype.hasOwnProperty.call(target, key)) return child;
      const childPath = [...path, key];
      seen.add(childPath.join('\0'));
      return tracked(child, childPath, seen);
    },
  });
}

function unreadFields(value: unknown, path: readonly string[], seen: Set<string>, out: string[][]): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    if (!seen.has(childPath.join('\0'))) out.push(childPath);
    else unreadFields(child, childPath, seen, out);
  }
}

function ajvProblems(errors: readonly AjvError[]): SchemaProblem[] {
  return errors.map((error) => {
    const segments = error.instancePath.split('/').filter(Boolean);
    if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
    if (error.keyword === 'additionalProperties') {
      segments.push(String(error.params.additionalProperty));
      return { field: fieldPath(segments), message: 'unknown field' };
    }
    return { field: fieldPath(segments), message: error.keyword === 'required' ? 'required field is missing' : (error.message ?? error.keyword) };
  });
}

const TOP_LEVEL: Record<string, readonly string[]> = {
  ConfigMap: ['data', 'binaryData', 'immutable'],
  Secret: ['data', 'stringData', 'type', 'immutable'],
  ServiceAccount: ['automountServiceAccountToken', 'secrets', 'imagePullSecrets'],
};

/** Schema errors, else the fields the schema never read. */
function modelProblems(model: ModelClass, object: Record<string, unknown>): SchemaProblem[] {
  const seen = new Set<string>();
  // The argo/istio models find their schema id through the prototype: give the copy the model's.
  const instance = Object.assign(Object.create(model.prototype) as object, object);
  try {
    model.prototype.validate.call(tracked(instance, [], seen));
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!errors) throw error;
    return ajvProblems(errors);
  }
  const unread: string[][] = [];
  unreadFields(object, [], seen, unread);
  return unread
    .filter((segments) => segments.length > 1)
    .filter((segments) => !(object.kind === 'Rollout' && segments[0] === 'spec' && segments[1] === 'template' && segments.length > 2))
    .map((segments) => ({ field: fieldPath(segments), message: 'unknown field' }));
}

/** Strict validation: schema errors, then (only if the schema passed) every field the schema does not know. */
export function validateStrictly(object: Record<string, unknown>): SchemaProblem[] {
  const key = `${String(object.apiVersion)}/${String(object.kind)}`;
  const crd = crdValidator(key);
  if (crd) return crd(object) ? [] : ajvProblems((crd.errors ?? []) as AjvError[]);
  const model = MODELS[key];
  if (!model) return [{ field: 'apiVersion', message: `${key} has no schema in deploy:check; add one (scripts/deploy-check/strict-validate.ts or crd-schemas.ts)` }];

  // Top-level keys are checked by name: the models copy them without reading them as the validator does.
  const allowed = new Set(['apiVersion', 'kind', 'metadata', ...(TOP_LEVEL[String(object.kind)] ?? ['spec'])]);
  const problems: SchemaProblem[] = Object.keys(object)
    .filter((name) => !allowed.has(name))
    .map((name) => ({ field: name, message: 'unknown field' }));

  problems.push(...modelProblems(model, object));
  // Argo's CRD leaves parts of the pod template loosely typed: validate it with the core PodTemplate schema.
  if (object.kind === 'Rollout') {
    const template = (object.spec as { template?: unknown } | undefined)?.template;
    const asPodTemplate = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'template' }, template };
    for (const problem of modelProblems(PodTemplate, asPodTemplate)) {
      if (problem.field.startsWith('template')) problems.push({ ...problem, field: `spec.${problem.field}` });
    }
  }
  return problems;
}
