import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../../test/support/test-platform.js';
import type { TestPlatform } from '../../../test/support/test-platform.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';

describe('unsubscribe tokens', () => {
  let tp: TestPlatform;
  let tokens: UnsubscribeTokens;
  beforeAll(async () => {
    tp = await createTestPlatform();
    tokens = new UnsubscribeTokens(tp.platform.core.signingKeys);
  });
  afterAll(async () => tp?.close());

  const claims = { franchiseId: '01930000-0000-7000-8000-000000000001', channel: 'email' as const, recipient: 'client@example.test' };

  it('verify what they issue, and name the franchise, channel and recipient', async () => {
    const token = await tokens.issue(claims);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(await tokens.verify(token)).toEqual(claims);
  });

  it('refuse a forged, tampered or malformed token', async () => {
    const token = await tokens.issue(claims);
    const [body, tag] = token.split('.') as [string, string];
    const other = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), r: 'someone@example.test' })).toString('base64url');
    expect(await tokens.verify(`${other}.${tag}`)).toBeNull();
    expect(await tokens.verify(`${body}.${tag.slice(0, -2)}AA`)).toBeNull();
    expect(await tokens.verify(body)).toBeNull();
    expect(await tokens.verify('not-a-token')).toBeNull();
    expect(await tokens.verify(`${Buffer.from('{"v":1,"k":999,"f":"x","c":"email","r":"y"}').toString('base64url')}.${tag}`)).toBeNull();
  });
});
