import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform } from '../../test/support/test-platform.js';
import type { TestPlatform } from '../../test/support/test-platform.js';

describe('Content-Security-Policy', () => {
  let tp: TestPlatform;
  beforeAll(async () => {
    tp = await createTestPlatform();
  });
  afterAll(async () => tp.close());

  it.each(['/health', '/api/v1/locations/no-such-shop', '/api/v1/me'])('is set on %s: own origin only, no frames', async (url) => {
    const csp = (await tp.app.inject({ method: 'GET', url })).headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it('gives the docs UI its own policy: scripts from our origin only, no https upgrade on a laptop', async () => {
    const csp = String((await tp.app.inject({ method: 'GET', url: '/docs/' })).headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'\s*;/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
