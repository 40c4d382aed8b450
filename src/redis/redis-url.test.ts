import { describe, expect, it } from 'vitest';
import { parseRedisUrl, redactRedisUrl, RedisUrlError } from './redis-url.js';

describe('parseRedisUrl', () => {
  it('reads a standalone URL with defaults', () => {
    expect(parseRedisUrl('redis://localhost')).toEqual({ kind: 'standalone', address: { host: 'localhost', port: 6379 }, db: 0, tls: false, auth: {} });
  });

  it('reads credentials, port, database and TLS', () => {
    expect(parseRedisUrl('rediss://app:s%40cret@cache.internal:6380/3')).toEqual({
      kind: 'standalone',
      address: { host: 'cache.internal', port: 6380 },
      db: 3,
      tls: true,
      auth: { username: 'app', password: 's@cret' },
    });
  });

  it('reads the password-only and user-only forms', () => {
    expect(parseRedisUrl('redis://:pw@h:1').auth).toEqual({ password: 'pw' });
    expect(parseRedisUrl('redis://app@h:1').auth).toEqual({ username: 'app' });
  });

  it('reads IPv6 hosts', () => {
    expect(parseRedisUrl('redis://[::1]:7000')).toMatchObject({ address: { host: '::1', port: 7000 } });
  });

  it('reads a sentinel URL: sentinels, master name, db and sentinel credentials', () => {
    expect(parseRedisUrl('redis+sentinel://:pw@s1:26379,s2:26380,s3/mymaster/2?sentinelPassword=sp&tls=true')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
        { host: 's3', port: 26379 },
      ],
      masterName: 'mymaster',
      db: 2,
      tls: true,
      auth: { password: 'pw' },
      sentinelAuth: { password: 'sp' },
    });
  });

  it('reads a cluster URL with several seed nodes', () => {
    expect(parseRedisUrl('redis+cluster://u:p@n1:7000,n2:7001,n3')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'n1', port: 7000 },
        { host: 'n2', port: 7001 },
        { host: 'n3', port: 6379 },
      ],
      tls: false,
      auth: { username: 'u', password: 'p' },
    });
  });

  it.each([
    ['http://h:1', /scheme/],
    ['redis://a:1,b:2', /exactly one host/],
    ['redis://h:99999', /port/],
    ['redis://h:1/x', /database/],
    ['redis+sentinel://s1:1', /master name/],
    ['redis+cluster://n1:1/0', /no path/],
    ['redis+cluster://', /at least one node/],
    ['not a url', /not a URL/],
  ])('rejects %s', (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(RedisUrlError);
    expect(() => parseRedisUrl(url)).toThrow(message);
  });

  it('redacts passwords for logs', () => {
    expect(redactRedisUrl('redis://app:secret@h:1/0')).toBe('redis://app:***@h:1/0');
    expect(redactRedisUrl('redis+sentinel://s1/m?sentinelPassword=x&tls=1')).toBe('redis+sentinel://s1/m?sentinelPassword=***&tls=1');
  });
});
