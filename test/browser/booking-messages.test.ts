import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { DESKTOP, PHONE, describeInBrowser, launchBrowser, openPage, screenshot, unexpected } from '../support/browser/browser.js';
import { chooseServiceAndBarber, expectConfirmed, fillDetails, pickFirstTime } from '../support/browser/booking-steps.js';
import { pageWidth } from '../support/browser/in-page.js';
import { ensureWebBuild, startWebServer } from '../support/browser/web-server.js';
import type { WebServer } from '../support/browser/web-server.js';

const OWNER = { email: 'owner@demo.bookedbarber.dev', password: 'demo-owner-2027' };

async function signIn(page: Page): Promise<void> {
  await page.goto('/app/signin');
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app\/calendar/);
  await page.getByTestId('location-picker').selectOption({ label: 'Fade & Co New York' });
}

describeInBrowser('a client books, and the shop sees the confirmation (no SMTP or Twilio configured)', () => {
  let tp: TestPlatform;
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    tp = await createTestPlatform();
    await ensureWebBuild();
    [server, browser] = await Promise.all([startWebServer(tp.catalogUrl, { demoData: true }), launchBrowser()]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await tp?.close();
  });

  it('books on a phone; the appointment dialog and the Messages page list the confirmation to that client', async () => {
    const email = `messages-${Date.now()}@example.test`;
    const client = await openPage(browser, server.base, PHONE);
    await client.page.goto('/book/fade-and-co-new-york');
    await chooseServiceAndBarber(client.page, 'Haircut', 'anyone');
    const start = await pickFirstTime(client.page);
    await fillDetails(client.page, { name: 'Morgan Messages', email, phone: '(212) 555-0190' });
    await client.page.locator('.review__confirm').click();
    await expectConfirmed(client.page);
    expect(unexpected(client.errors)).toEqual([]);
    await client.context.close();

    const staff = await openPage(browser, server.base, PHONE);
    await signIn(staff.page);
    await staff.page.goto(`/app/calendar?view=day&date=${start.slice(0, 10)}`);
    await staff.page.locator('[data-appointment]', { hasText: 'Morgan Messages' }).first().click();
    const dialogMessages = staff.page.locator('.appointment-messages [data-testid=message-list]');
    await dialogMessages.waitFor();
    const confirmation = dialogMessages.locator('.message-row[data-kind=confirmation]', { hasText: email });
    await expect.poll(() => confirmation.count()).toBe(1);
    // Queued until the worker takes it; then stored as it would have been sent (no provider here).
    expect(await confirmation.locator('.message-badge').textContent()).toMatch(/queued|not sent: no provider configured|sent/);
    // The phone typed the local way was stored as E.164 and is texted too.
    await expect.poll(() => dialogMessages.locator('.message-row[data-kind=confirmation]', { hasText: '+12125550190' }).count()).toBe(1);
    await screenshot(staff.page, 'messages-375-dialog');
    expect(await pageWidth(staff.page)).toBeLessThanOrEqual(375);
    expect(unexpected(staff.errors)).toEqual([]);
    await staff.context.close();

    const desk = await openPage(browser, server.base, DESKTOP);
    await signIn(desk.page);
    await desk.page.getByRole('link', { name: 'Messages' }).click();
    await desk.page.locator('[data-testid=message-list]').first().waitFor();
    await expect.poll(() => desk.page.locator('.message-row[data-kind=confirmation]', { hasText: email }).count()).toBe(1);
    await desk.page.getByTestId('reminder-settings').waitFor();
    await screenshot(desk.page, 'messages-1280-page', { fullPage: true });
    expect(unexpected(desk.errors)).toEqual([]);
    await desk.context.close();
  }, 120_000);
});
