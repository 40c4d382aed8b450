import { isIP } from 'node:net';
import path from 'node:path';
import { parseRedisUrl } from '../redis/redis-url.js';
import { parseTracingConfig } from './tracing-config.js';
import { integerReader } from './integer-variable.js';
import type { TracingConfig } from './tracing-config.js';

/** Everything the process reads from its environment, parsed once and frozen (STYLE.md point 9). */
export interface Config {
  /** 'production' (the image sets it) refuses to start without real databases; 'local' allows the embedded default. */
  readonly mode: 'local' | 'production';
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Unset means: start an embedded PostgreSQL server in `dataDir`. */
  readonly catalogDatabaseUrl: string | undefined;
  /**
   * A streaming replica of the catalog in this node's region: placements and the
   * shard list are read there. Unset: read from the catalog itself.
   */
  readonly catalogReplicaUrl: string | undefined;
  /** How often cached placements are compared with the catalog (the fallback to NOTIFY); 0 turns it off. */
  readonly placementPollMs: number;
  /** Unset means: in-process cache, session and rate-limit stores. */
  readonly redisUrl: string | undefined;
  readonly regions: readonly string[];
  readonly demoData: boolean;
  /** Demo data (a fixed, published owner password) on a non-loopback HOST only when asked for explicitly. */
  readonly demoOnPublicHost: boolean;
  readonly logLevel: string;
  /**
   * Which peers may set X-Forwarded-For and X-Request-Id: none (false), all
   * (true: only safe when nothing else can reach the port), the nearest N hops,
   * or the proxies' addresses and CIDR ranges.
   */
  readonly trustProxy: TrustProxy;
  readonly bodyLimitBytes: number;
  /** How long /ready answers 503 before the server stops taking connections on SIGTERM. */
  readonly shutdownDrainMs: number;
  readonly shardPoolMax: number;
  readonly statementTimeoutMs: number;
  /** Public reads skip a replica further behind than this. */
  readonly replicaMaxLagMs: number;
  /** A cross-shard report waits this long for each shard, then reports it missing. */
  readonly reportShardTimeoutMs: number;
  /** Writes refused by a franchise move's fence are retried this long before answering 503. */
  readonly moveRetryBudgetMs: number;
  /** Overrides of the default rate limits, e.g. for a shop behind one NAT or a load test. */
  readonly rateLimits: Readonly<Record<string, { readonly points: number; readonly windowSeconds: number }>>;
  /** Internal port for /health, /ready and /metrics; when set, /ready and /metrics leave the public port. */
  readonly opsPort: number | undefined;
  /** Address the ops port binds (Kubernetes: 0.0.0.0 so the kubelet and Prometheus reach it). */
  readonly opsHost: string;
  /** How often interrupted franchise moves are reconciled (jittered); 0 only at start. */
  readonly moveReconcileMs: number;
  /** Idempotency keys older than this are deleted (at least a day: clients retry within minutes). */
  readonly idempotencyKeyTtlHours: number;
  /** How often each node sweeps expired idempotency keys (jittered); 0 turns the sweep off. */
  readonly idempotencySweepMs: number;
  /** OpenTelemetry (OTEL_* variables): off unless an OTLP endpoint is set. */
  readonly tracing: TracingConfig;
  /** Messages to clients and barbers (issue 16): providers, links and the outbox workers. */
  readonly notifications: NotificationsConfig;
}

export interface NotificationsConfig {
  /** Links in messages start with this (no trailing slash). */
  readonly publicBaseUrl: string;
  /** Unset: emails are rendered and stored as they would have been sent. */
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** All three set: texts go through Twilio; otherwise they are stored as they would have been sent. */
  readonly twilio: { readonly accountSid: string; readonly authToken: string; readonly from: string; readonly apiUrl: string | undefined } | undefined;
  /** `serve` runs an outbox worker in its own process (the embedded default); otherwise run `bookedbarber worker`. */
  readonly workerInProcess: boolean;
  /** How long a worker waits when nothing is due. */
  readonly pollMs: number;
  readonly leaseMs: number;
  readonly maxAttempts: number;
  /** Timeout of one SMTP or Twilio call. */
  readonly sendTimeoutMs: number;
}

export type TrustProxy = boolean | number | readonly string[];

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULT_REGIONS = 'us-east-1,us-west-2,eu-west-1,ap-southeast-1';
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const LIMIT_NAMES = [
  'loginPerAccount',
  'loginPerAccountAnyIp',
  'loginLockouts',
  'loginPerIp',
  'signupPerIp',
  'bookingPerIp',
  'bookingPerDevice',
  'bookingPerEmail',
  'bookingPerLocation',
  'apiPerIp',
];

/** `RATE_LIMITS=bookingPerIp=100,apiPerIp=2000/60`: points per window (seconds, default 60). */
function rateLimits(raw: string | undefined, problems: string[]): Config['rateLimits'] {
  const limits: Record<string, { points: number; windowSeconds: number }> = {};
  for (const entry of (raw ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^(\w+)=(\d+)(?:\/(\d+))?$/.exec(entry);
    if (!match || !LIMIT_NAMES.includes(match[1] as string)) {
      problems.push(`RATE_LIMITS: "${entry}" is not name=points[/seconds] with a name from ${LIMIT_NAMES.join(', ')}`);
      continue;
    }
    limits[match[1] as string] = { points: Number(match[2]), windowSeconds: Number(match[3] ?? 60) };
  }
  return limits;
}

// Sentinel and Cluster URLs list several hosts, which URL() rejects: the Redis parser knows the forms.
function redisUrl(raw: string | undefined, problems: string[]): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    parseRedisUrl(raw);
  } catch (error) {
    problems.push(`REDIS_URL: ${error instanceof Error ? error.message : String(error)}`);
  }
  return raw;
}

// The names proxy-addr knows, spelled out so the address check needs no other library.
export const NAMED_RANGES: Readonly<Record<string, readonly string[]>> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** `TRUST_PROXY`: true/false, a hop count (1 = the one balancer in front), or addresses, CIDRs and range names. */
function trustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || ['0', 'false', 'no', 'off'].includes(value)) return false;
  if (['true', 'yes', 'on'].includes(value)) return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) problems.push(`TRUST_PROXY: a hop count from 0 to 10, got "${raw}"`);
    return hops;
  }
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    if (entry in NAMED_RANGES) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxPrefix = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || rest.length > 0) {
      problems.push(`TRUST_PROXY: "${entry}" is not true/false, a hop count, an address, a CIDR range or one of ${Object.keys(NAMED_RANGES).join(', ')}`);
    }
  }
  return entries;
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts nobody else can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\./.test(h);
}

function notificationsConfig(
  env: NodeJS.ProcessEnv,
  problems: string[],
  int: (name: string, fallback: number, min: number, max: number) => number,
  bool: (name: string, fallback: boolean) => boolean,
  url: (name: string, protocols: readonly string[]) => string | undefined,
  embedded: boolean,
): NotificationsConfig {
  const port = env.PORT || '3000';
  const publicBaseUrl = (url('PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://${env.HOST || '127.0.0.1'}:${port}`).replace(/\/+$/, '');
  const sid = env.TWILIO_ACCOUNT_SID || '';
  const token = env.TWILIO_AUTH_TOKEN || '';
  const from = env.TWILIO_FROM || '';
  const twilioSet = [sid, token, from].filter(Boolean).length;
  if (twilioSet > 0 && twilioSet < 3) problems.push('TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM go together: set all three or none');
  return {
    publicBaseUrl,
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: env.MAIL_FROM || 'BookedBarber <no-reply@bookedbarber.local>',
    twilio: twilioSet === 3 ? { accountSid: sid, authToken: token, from, apiUrl: url('TWILIO_API_URL', ['http:', 'https:']) } : undefined,
    workerInProcess: bool('OUTBOX_WORKER_IN_PROCESS', embedded),
    pollMs: int('OUTBOX_POLL_MS', 1_000, 50, 60_000),
    leaseMs: int('OUTBOX_LEASE_MS', 60_000, 1_000, 3_600_000),
    maxAttempts: int('OUTBOX_MAX_ATTEMPTS', 6, 1, 50),
    sendTimeoutMs: int('OUTBOX_SEND_TIMEOUT_MS', 10_000, 100, 120_000),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const int = integerReader(env, problems);
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };
  const url = (name: string, protocols: readonly string[]): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) problems.push(`${name} must use ${protocols.join(' or ')}`);
    } catch {
      problems.push(`${name} is not a URL`);
    }
    return raw;
  };

  const regions = (env.REGIONS || DEFAULT_REGIONS).split(',').map((r) => r.trim()).filter(Boolean);
  for (const region of regions) {
    if (!REGION_PATTERN.test(region)) problems.push(`REGIONS: "${region}" is not a region name like us-east-1`);
  }
  if (regions.length === 0) problems.push('REGIONS must name at least one region');

  const mode = env.BOOKEDBARBER_MODE || 'local';
  if (mode !== 'local' && mode !== 'production') problems.push(`BOOKEDBARBER_MODE must be local or production, got "${mode}"`);
  const catalogDatabaseUrl = url('CATALOG_DATABASE_URL', ['postgres:', 'postgresql:']);
  // A pod that silently started an embedded database would lose every booking on restart.
  if (mode === 'production' && !env.CATALOG_DATABASE_URL) {
    problems.push('CATALOG_DATABASE_URL is required in production mode (BOOKEDBARBER_MODE=production); the embedded database is for laptops only');
  }
  const config: Config = {
    mode: mode === 'production' ? 'production' : 'local',
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.BOOKEDBARBER_DATA_DIR || './.bookedbarber'),
    catalogDatabaseUrl,
    catalogReplicaUrl: url('CATALOG_REPLICA_URL', ['postgres:', 'postgresql:']),
    placementPollMs: int('PLACEMENT_POLL_MS', 5_000, 0, 600_000),
    redisUrl: redisUrl(env.REDIS_URL, problems),
    regions,
    demoData: bool('DEMO_DATA', catalogDatabaseUrl === undefined),
    demoOnPublicHost: bool('DEMO_ON_PUBLIC_HOST', false),
    logLevel: env.LOG_LEVEL || 'info',
    trustProxy: trustProxy(env.TRUST_PROXY, problems),
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 64 * 1024, 1024, 10 * 1024 * 1024),
    shutdownDrainMs: int('SHUTDOWN_DRAIN_MS', 0, 0, 60_000),
    shardPoolMax: int('SHARD_POOL_MAX', 10, 1, 200),
    statementTimeoutMs: int('STATEMENT_TIMEOUT_MS', 10_000, 100, 600_000),
    replicaMaxLagMs: int('REPLICA_MAX_LAG_MS', 1_000, 0, 600_000),
    reportShardTimeoutMs: int('REPORT_SHARD_TIMEOUT_MS', 3_000, 100, 120_000),
    moveRetryBudgetMs: int('MOVE_RETRY_BUDGET_MS', 3_000, 0, 60_000),
    rateLimits: rateLimits(env.RATE_LIMITS, problems),
    opsPort: env.OPS_PORT ? int('OPS_PORT', 0, 0, 65535) : undefined,
    opsHost: env.OPS_HOST || env.HOST || '127.0.0.1',
    moveReconcileMs: int('MOVE_RECONCILE_MS', 60_000, 0, 3_600_000),
    idempotencyKeyTtlHours: int('IDEMPOTENCY_KEY_TTL_HOURS', 48, 24, 24 * 365),
    idempotencySweepMs: int('IDEMPOTENCY_SWEEP_MS', 600_000, 0, 86_400_000),
    tracing: Object.freeze(parseTracingConfig(env, problems)),
    notifications: Object.freeze(notificationsConfig(env, problems, int, bool, url, catalogDatabaseUrl === undefined)),
  };
  // The demo owner's password is printed in the README: anyone who can reach the port could sign in.
  if (config.demoData && !config.demoOnPublicHost && !isLoopbackHost(config.host)) {
    problems.push(
      `DEMO_DATA is on and HOST=${config.host} is reachable from other machines, where anyone could sign in as the demo owner with the published password: ` +
        'set HOST=127.0.0.1, DEMO_DATA=false, or DEMO_ON_PUBLIC_HOST=true if that is really wanted',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
