import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { DESKTOP, describeInBrowser, launchBrowser, openPage, screenshot } from '../support/browser/browser.js';
import { startWebServer } from '../support/browser/web-server.js';
import type { WebServer } from '../support/browser/web-server.js';

describeInBrowser('the API docs UI under its Content-Security-Policy', () => {
  let tp: TestPlatform;
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    tp = await createTestPlatform();
    [server, browser] = await Promise.all([startWebServer(tp.catalogUrl), launchBrowser()]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await tp?.close();
  });

  it('renders /docs with every operation and no CSP violation', async () => {
    const { page, errors, context } = await openPage(browser, server.base, DESKTOP);
    try {
      const response = await page.goto('/docs/');
      expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'\s*;/);
      await page.locator('.swagger-ui .info .title').filter({ hasText: 'BookedBarber API' }).waitFor({ timeout: 30_000 });
      await page.locator('.opblock-summary-path').filter({ hasText: '/api/v1/auth/login' }).first().waitFor();
      expect(await page.locator('.opblock').count()).toBeGreaterThan(20);
      await screenshot(page, 'docs-ui', { fullPage: false });
      // Console errors include "Refused to ... because it violates the following Content Security Policy directive".
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
