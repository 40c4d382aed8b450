/**
 * REDIS_URL forms (docs/CACHING.md):
 *
 *   redis://[user:password@]host[:port][/db]              standalone
 *   rediss://…                                             standalone over TLS
 *   redis+sentinel://[user:password@]host:port,host:port/master[/db][?sentinelPassword=…&sentinelUsername=…&tls=true]
 *   redis+cluster://[user:password@]host:port,host:port[?tls=true]
 *
 * Several hosts with ports are not a valid WHATWG URL (`new URL` rejects
 * "a:1,b:2"), so the authority is split by hand.
 */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
}

export interface RedisCredentials {
  readonly username?: string;
  readonly password?: string;
}

export type RedisTarget =
  | { readonly kind: 'standalone'; readonly address: RedisAddress; readonly db: number; readonly tls: boolean; readonly auth: RedisCredentials }
  | {
      readonly kind: 'sentinel';
      readonly sentinels: readonly RedisAddress[];
      readonly masterName: string;
      readonly db: number;
      readonly tls: boolean;
      readonly auth: RedisCredentials;
      readonly sentinelAuth: RedisCredentials;
    }
  | { readonly kind: 'cluster'; readonly nodes: readonly RedisAddress[]; readonly tls: boolean; readonly auth: RedisCredentials };

export class RedisUrlError extends Error {
  override readonly name = 'RedisUrlError';
}

const DEFAULT_PORT = 6379;
const DEFAULT_SENTINEL_PORT = 26379;
const URL_SHAPE = /^([a-z+]+):\/\/(?:([^@/?#]*)@)?([^/?#]*)([^?#]*)(?:\?([^#]*))?$/i;

export function parseRedisUrl(url: string): RedisTarget {
  const match = URL_SHAPE.exec(url.trim());
  if (!match) throw new RedisUrlError('REDIS_URL is not a URL like redis://host:6379');
  const [, scheme = '', userinfo, authority = '', pathPart = '', queryPart = ''] = match;
  const query = new URLSearchParams(queryPart);
  const auth = credentials(userinfo);
  const segments = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const tlsFlag = flag(query.get('tls'));

  switch (scheme.toLowerCase()) {
    case 'redis':
    case 'rediss': {
      const [address, ...extra] = addresses(authority, DEFAULT_PORT);
      if (!address || extra.length > 0) throw new RedisUrlError('redis:// names exactly one host; use redis+cluster:// or redis+sentinel:// for several');
      if (segments.length > 1) throw new RedisUrlError('redis:// path is at most a database number');
      return { kind: 'standalone', address, db: database(segments[0]), tls: scheme.toLowerCase() === 'rediss' || tlsFlag, auth };
    }
    case 'redis+sentinel': {
      const sentinels = addresses(authority, DEFAULT_SENTINEL_PORT);
      const [masterName, db, ...extra] = segments;
      if (sentinels.length === 0) throw new RedisUrlError('redis+sentinel:// needs at least one sentinel host');
      if (!masterName || extra.length > 0) throw new RedisUrlError('redis+sentinel:// path must be /<master name>[/<db>]');
      const sentinelAuth: RedisCredentials = {
        ...(query.get('sentinelUsername') && { username: query.get('sentinelUsername') as string }),
        ...(query.get('sentinelPassword') && { password: query.get('sentinelPassword') as string }),
      };
      return { kind: 'sentinel', sentinels, masterName, db: database(db ?? query.get('db') ?? undefined), tls: tlsFlag, auth, sentinelAuth };
    }
    case 'redis+cluster': {
      const nodes = addresses(authority, DEFAULT_PORT);
      if (nodes.length === 0) throw new RedisUrlError('redis+cluster:// needs at least one node');
      if (segments.length > 0) throw new RedisUrlError('redis+cluster:// takes no path (a cluster has only database 0)');
      return { kind: 'cluster', nodes, tls: tlsFlag, auth };
    }
    default:
      throw new RedisUrlError(`REDIS_URL scheme "${scheme}" is not one of redis, rediss, redis+sentinel, redis+cluster`);
  }
}

/** The URL with its password replaced, for logs. */
export function redactRedisUrl(url: string): string {
  return url.replace(/\/\/([^@/:]*):[^@/]*@/, '//$1:***@').replace(/(sentinelPassword=)[^&#]*/, '$1***');
}

function credentials(userinfo: string | undefined): RedisCredentials {
  if (!userinfo) return {};
  // As ioredis reads it: `user:password`, `:password` (no ACL user), or a bare `user`.
  const colon = userinfo.indexOf(':');
  const username = decodeURIComponent(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? '' : decodeURIComponent(userinfo.slice(colon + 1));
  return { ...(username && { username }), ...(password && { password }) };
}

function addresses(authority: string, defaultPort: number): RedisAddress[] {
  if (authority === '') return [];
  return authority.split(',').map((part) => address(part.trim(), defaultPort));
}

function address(text: string, defaultPort: number): RedisAddress {
  // [v6::addr]:port, host:port or host alone.
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(text);
  const found = bracketed ?? plain;
  if (!found?.[1]) throw new RedisUrlError(`"${text}" is not a host or host:port`);
  const port = found[2] === undefined ? defaultPort : Number(found[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RedisUrlError(`port of "${text}" must be from 1 to 65535`);
  return { host: found[1], port };
}

function database(text: string | undefined): number {
  if (text === undefined || text === '') return 0;
  if (!/^\d{1,5}$/.test(text)) throw new RedisUrlError(`database "${text}" must be a number like 0`);
  return Number(text);
}

function flag(text: string | null): boolean {
  return text !== null && ['1', 'true', 'yes', 'on'].includes(text.toLowerCase());
}
