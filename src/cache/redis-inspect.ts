import { Cluster } from 'ioredis';
import type { Redis } from 'ioredis';
import type { RedisClient } from '../redis/redis-client.js';

/**
 * Read-only looks into the Redis tier for operator commands (cache verify,
 * cache stats). Nothing here writes: generation tokens are read with GET, never
 * created, so inspecting the cache cannot change what the API serves.
 */

/**
 * The client's offline queue is off (commands fail at once while
 * disconnected), so a command-line process that has just connected must wait
 * for `ready` before its first command.
 */
export async function waitForRedis(client: RedisClient, timeoutMs = 5000): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(new Error(`redis not ready after ${timeoutMs} ms (status ${client.status})`));
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    client.once('ready', onReady);
  });
}

/** The data-holding servers: the one server, or every cluster master. */
export function dataNodes(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

/** SCAN over every data node (non-blocking, in batches), stopping after `limit` keys or when `signal` aborts. */
export async function* scanKeys(client: RedisClient, pattern: string, options: { readonly limit: number; readonly signal?: AbortSignal | undefined }): AsyncGenerator<string> {
  let seen = 0;
  for (const node of dataNodes(client)) {
    let cursor = '0';
    do {
      if (options.signal?.aborted) return;
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        if (seen++ >= options.limit) return;
        yield key;
      }
    } while (cursor !== '0');
  }
}

/** A cached value as FranchiseCache stores it: `{ v: value, e: absolute expiry ms }`. undefined when absent, expired or not ours. */
export async function readEntry(client: RedisClient, key: string, now = Date.now()): Promise<{ readonly value: unknown; readonly expiresAt: number } | undefined> {
  const text = await client.get(key);
  if (text === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('v' in parsed) || !('e' in parsed) || typeof parsed.e !== 'number' || parsed.e <= now) return undefined;
  return { value: parsed.v, expiresAt: parsed.e };
}

/** Generation tokens by key (null when missing), one GET each: keys of several franchises may sit in different cluster slots. */
export async function readTokens(client: RedisClient, keys: readonly string[]): Promise<(string | null)[]> {
  return Promise.all(
    keys.map(async (key) => {
      const text = await client.get(key);
      if (text === null) return null;
      try {
        const token: unknown = JSON.parse(text);
        return typeof token === 'string' ? token : null;
      } catch {
        return null;
      }
    }),
  );
}

export interface RedisNodeInfo {
  readonly node: string;
  /** Selected INFO fields (memory, eviction, keyspace). */
  readonly fields: Readonly<Record<string, string>>;
  /** `db0: keys=…,expires=…` lines of INFO keyspace. */
  readonly keyspace: Readonly<Record<string, string>>;
}

const INFO_FIELDS = ['redis_version', 'used_memory_human', 'used_memory_peak_human', 'maxmemory_human', 'maxmemory_policy', 'mem_fragmentation_ratio', 'evicted_keys', 'expired_keys', 'keyspace_hits', 'keyspace_misses', 'connected_clients'];

/** INFO server/memory/stats/clients/keyspace of every data node, reduced to what an operator reads. */
export async function redisInfo(client: RedisClient): Promise<RedisNodeInfo[]> {
  return Promise.all(
    dataNodes(client).map(async (node) => {
      const sections = await Promise.all(['server', 'memory', 'stats', 'clients', 'keyspace'].map((section) => node.info(section)));
      const all = parseInfo(sections.join('\n'));
      const fields: Record<string, string> = {};
      for (const name of INFO_FIELDS) if (all[name] !== undefined) fields[name] = all[name];
      const keyspace: Record<string, string> = {};
      for (const [name, value] of Object.entries(all)) if (/^db\d+$/.test(name)) keyspace[name] = value;
      return { node: `${node.options.host ?? '?'}:${node.options.port ?? '?'}`, fields, keyspace };
    }),
  );
}

function parseInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}
