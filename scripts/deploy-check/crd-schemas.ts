import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';

/**
 * JSON Schemas of the custom resources whose CRDs no npm package models
 * (CloudNativePG, its Barman Cloud plugin, External Secrets, cert-manager):
 * only the fields this repository uses, with their documented types, and every
 * other field refused — so a typo fails here rather than on the cluster.
 * Extend a schema when a manifest starts using a new field.
 */
type Schema = Record<string, unknown>;

const str: Schema = { type: 'string', minLength: 1 };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });
const arr = (items: Schema): Schema => ({ type: 'array', items });
const map = (values: Schema): Schema => ({ type: 'object', additionalProperties: values });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, required, additionalProperties: false });

const quantity: Schema = { anyOf: [{ type: 'string', pattern: '^[0-9.]+(m|Ki|Mi|Gi|Ti|k|M|G|T)?$' }, { type: 'number' }] };
const resources = obj({ requests: map(quantity), limits: map(quantity) });
const metadata = obj({ name: str, namespace: str, labels: map({ type: 'string' }), annotations: map({ type: 'string' }) }, ['name']);
const secretKey = obj({ name: str, key: str }, ['name', 'key']);
const named = obj({ name: str }, ['name']);
const plugin = obj({ name: str, parameters: map({ type: 'string' }) }, ['name']);
const storage = obj({ size: quantity, storageClass: str }, ['size']);

const resource = (apiVersion: string, kind: string, spec: Schema): Schema =>
  obj({ apiVersion: { const: apiVersion }, kind: { const: kind }, metadata, spec }, ['apiVersion', 'kind', 'metadata', 'spec']);

const SCHEMAS: Record<string, Schema> = {
  'postgresql.cnpg.io/v1/Cluster': resource(
    'postgresql.cnpg.io/v1',
    'Cluster',
    obj(
      {
        instances: { type: 'integer', minimum: 1 },
        imageName: str,
        primaryUpdateStrategy: oneOf('unsupervised', 'supervised'),
        postgresql: obj({
          synchronous: obj({ method: oneOf('any', 'first'), number: { type: 'integer', minimum: 1 }, dataDurability: oneOf('required', 'preferred') }, ['method', 'number']),
          // CloudNativePG takes parameter values as strings only.
          parameters: map({ type: 'string' }),
          pg_hba: arr(str),
        }),
        bootstrap: obj({
          initdb: obj({ database: str, owner: str, secret: named }),
          pg_basebackup: obj({ source: str }, ['source']),
          recovery: obj({ source: str, backup: named, recoveryTarget: obj({ targetTime: str }) }),
        }),
        replica: obj({ enabled: bool, source: str, primary: str, self: str }, ['source']),
        externalClusters: arr(
          obj({ name: str, connectionParameters: map({ type: 'string' }), sslKey: secretKey, sslCert: secretKey, sslRootCert: secretKey, password: secretKey, plugin }, ['name']),
        ),
        storage,
        walStorage: storage,
        resources,
        affinity: obj({ topologyKey: str, enablePodAntiAffinity: bool, podAntiAffinityType: oneOf('preferred', 'required'), nodeSelector: map({ type: 'string' }) }),
        serviceAccountTemplate: obj({ metadata: obj({ annotations: map({ type: 'string' }), labels: map({ type: 'string' }) }) }, ['metadata']),
        plugins: arr(obj({ name: str, isWALArchiver: bool, enabled: bool, parameters: map({ type: 'string' }) }, ['name'])),
        monitoring: obj({ enablePodMonitor: bool }),
      },
      ['instances', 'storage'],
    ),
  ),
  'postgresql.cnpg.io/v1/Pooler': resource(
    'postgresql.cnpg.io/v1',
    'Pooler',
    obj(
      {
        cluster: named,
        instances: { type: 'integer', minimum: 1 },
        type: oneOf('rw', 'ro'),
        // PgBouncer in CloudNativePG: session or transaction pooling only.
        pgbouncer: obj({ poolMode: oneOf('session', 'transaction'), parameters: map({ type: 'string' }) }, ['poolMode']),
      },
      ['cluster', 'pgbouncer'],
    ),
  ),
  'postgresql.cnpg.io/v1/ScheduledBackup': resource(
    'postgresql.cnpg.io/v1',
    'ScheduledBackup',
    obj(
      {
        // Six fields, seconds first (robfig/cron), unlike a CronJob's five.
        schedule: { type: 'string', pattern: '^\\S+( \\S+){5}$' },
        backupOwnerReference: oneOf('none', 'self', 'cluster'),
        method: oneOf('barmanObjectStore', 'volumeSnapshot', 'plugin'),
        pluginConfiguration: plugin,
        cluster: named,
        immediate: bool,
        suspend: bool,
      },
      ['schedule', 'cluster'],
    ),
  ),
  'barmancloud.cnpg.io/v1/ObjectStore': resource(
    'barmancloud.cnpg.io/v1',
    'ObjectStore',
    obj(
      {
        retentionPolicy: { type: 'string', pattern: '^[1-9][0-9]*[dwm]$' },
        configuration: obj(
          {
            destinationPath: { type: 'string', pattern: '^s3://[a-z0-9.-]+(/.*)?$' },
            s3Credentials: obj({ inheritFromIAMRole: bool }),
            wal: obj({ compression: oneOf('gzip', 'bzip2', 'snappy', 'lz4', 'xz', 'zstd'), maxParallel: int }),
            data: obj({ compression: oneOf('gzip', 'bzip2', 'snappy'), jobs: int }),
          },
          ['destinationPath'],
        ),
      },
      ['configuration'],
    ),
  ),
  'external-secrets.io/v1beta1/ExternalSecret': resource(
    'external-secrets.io/v1beta1',
    'ExternalSecret',
    obj(
      {
        refreshInterval: { type: 'string', pattern: '^[0-9]+(s|m|h)$' },
        secretStoreRef: obj({ kind: oneOf('SecretStore', 'ClusterSecretStore'), name: str }, ['name']),
        target: obj({
          name: str,
          creationPolicy: oneOf('Owner', 'Orphan', 'Merge', 'None'),
          template: obj({
            type: str,
            engineVersion: oneOf('v2'),
            // A ConfigMap (same namespace) whose values are Go templates rendered into the Secret's keys.
            templateFrom: arr(
              obj({ configMap: obj({ name: str, items: arr(obj({ key: str, templateAs: oneOf('Values', 'KeysAndValues') }, ['key'])) }, ['name', 'items']) }, ['configMap']),
            ),
          }),
        }),
        data: arr(obj({ secretKey: str, remoteRef: obj({ key: str, property: str }, ['key']) }, ['secretKey', 'remoteRef'])),
        dataFrom: arr(obj({ extract: obj({ key: str, property: str }, ['key']) }, ['extract'])),
      },
      ['secretStoreRef'],
    ),
  ),
  'external-secrets.io/v1beta1/ClusterSecretStore': resource(
    'external-secrets.io/v1beta1',
    'ClusterSecretStore',
    obj(
      {
        provider: obj(
          {
            aws: obj(
              {
                service: oneOf('SecretsManager', 'ParameterStore'),
                region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]+$' },
                auth: obj({ jwt: obj({ serviceAccountRef: obj({ name: str, namespace: str }, ['name']) }, ['serviceAccountRef']) }),
              },
              ['service', 'region'],
            ),
          },
          ['aws'],
        ),
      },
      ['provider'],
    ),
  ),
  'cert-manager.io/v1/Certificate': resource(
    'cert-manager.io/v1',
    'Certificate',
    obj(
      {
        secretName: str,
        issuerRef: obj({ kind: oneOf('Issuer', 'ClusterIssuer'), name: str, group: str }, ['name']),
        dnsNames: arr({ type: 'string', pattern: '^[a-z0-9*]([a-z0-9.-]*[a-z0-9])?$' }),
        duration: str,
        renewBefore: str,
        privateKey: obj({ algorithm: oneOf('RSA', 'ECDSA', 'Ed25519'), size: int, rotationPolicy: oneOf('Never', 'Always') }),
      },
      ['secretName', 'issuerRef'],
    ),
  ),
  'cert-manager.io/v1/ClusterIssuer': resource(
    'cert-manager.io/v1',
    'ClusterIssuer',
    obj(
      {
        acme: obj(
          {
            server: { type: 'string', pattern: '^https://' },
            email: str,
            privateKeySecretRef: named,
            solvers: arr(obj({ dns01: obj({ route53: obj({ region: str, hostedZoneID: str, role: str }) }) })),
          },
          ['server', 'privateKeySecretRef'],
        ),
      },
      ['acme'],
    ),
  ),
};

const ajv = new Ajv({ allErrors: true, strict: true });
const compiled = new Map<string, ValidateFunction>();

/** The strict validator of a custom resource this repository uses, by `apiVersion/kind`. */
export function crdValidator(key: string): ValidateFunction | undefined {
  const schema = SCHEMAS[key];
  if (!schema) return undefined;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}
