import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { DESKTOP, PHONE, describeInBrowser, launchBrowser, openPage, screenshot, unexpected } from '../support/browser/browser.js';
import { chooseServiceAndBarber } from '../support/browser/booking-steps.js';
import { ensureWebBuild, startWebServer } from '../support/browser/web-server.js';
import type { WebServer } from '../support/browser/web-server.js';

/** The next date (New York calendar, at least 2 days ahead) that falls on Wednesday, Thursday or Friday. */
function nextMidweek(): { date: string; weekday: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
  for (let days = 2; ; days++) {
    const value = new Date(`${today}T00:00:00Z`);
    value.setUTCDate(value.getUTCDate() + days);
    const weekday = value.getUTCDay(); // 0 = Sunday
    if (weekday >= 3 && weekday <= 5) return { date: value.toISOString().slice(0, 10), weekday: ['Wednesday', 'Thursday', 'Friday'][weekday - 3] as string };
  }
}

/** The wall-clock start times the booking page offers on a date ("09:00", …). */
async function offeredTimes(page: Page, slug: string, date: string): Promise<string[]> {
  await page.goto(`/book/${slug}`);
  await chooseServiceAndBarber(page, 'Signature cut', 'Alex Stone');
  await page.locator(`.date-strip__day[data-date="${date}"]`).click();
  await page.locator(`button.slot[data-start^="${date}"]`).first().waitFor();
  const starts = await page.locator('button.slot').evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-start') ?? ''));
  return starts.map((start) => start.slice(11, 16));
}

describeInBrowser('an owner in a real browser', () => {
  let tp: TestPlatform;
  let server: WebServer;
  let browser: Browser;

  beforeAll(async () => {
    tp = await createTestPlatform();
    await ensureWebBuild();
    [server, browser] = await Promise.all([startWebServer(tp.catalogUrl), launchBrowser()]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await tp?.close();
  });

  it('signs up, sets up a shop, and changes a barber’s hours; the booking page follows both', async () => {
    const { page, context, errors } = await openPage(browser, server.base, DESKTOP);
    await page.goto('/app/signup');
    await page.getByLabel('Your name').fill('Morgan Owner');
    await page.getByLabel('Email').fill(`morgan-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill('a-long-enough-password');
    await screenshot(page, 'staff-signup');
    await page.getByRole('button', { name: 'Create account' }).click();

    await page.getByRole('heading', { name: 'Your business' }).waitFor();
    await page.getByLabel('Business name').fill(`Cut Above ${Date.now().toString(36)}`);
    await screenshot(page, 'setup-1-business');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Your shop' }).waitFor();
    expect(await page.getByLabel('Time zone').inputValue()).toBe('America/New_York');
    await page.getByLabel('Street address').fill('12 Grand St');
    await page.getByLabel('City').fill('New York');
    const slug = await page.getByLabel('Booking link').inputValue();
    await screenshot(page, 'setup-2-shop');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'What clients can book' }).waitFor();
    await page.getByLabel('Service', { exact: true }).fill('Signature cut');
    await page.getByLabel('Length').selectOption({ label: '45 min' });
    await page.getByLabel('Price (USD)').fill('42');
    await page.getByRole('button', { name: 'Add service' }).click();
    await page.getByRole('list', { name: 'Services added' }).getByText('Signature cut').waitFor();
    await screenshot(page, 'setup-3-services');
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Your barbers' }).waitFor();
    await page.getByLabel("Barber's name").fill('Alex Stone');
    await page.getByRole('button', { name: 'Add barber' }).click();
    await page.getByRole('list', { name: 'Barbers added' }).getByText('Alex Stone').waitFor();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('heading', { name: 'Opening hours' }).waitFor();
    await screenshot(page, 'setup-5-hours');
    await page.getByRole('button', { name: 'Save hours and open for bookings' }).click();
    await page.getByRole('heading', { name: 'You are open for bookings' }).waitFor();
    await screenshot(page, 'setup-6-done');

    // The public page shows the new service, its price and length, and the hours.
    const visitor = await openPage(browser, server.base, PHONE);
    await visitor.page.goto(`/book/${slug}`);
    const service = visitor.page.locator('[data-service="Signature cut"]');
    await service.waitFor();
    expect(await service.textContent()).toContain('$42');
    expect(await service.textContent()).toContain('45 min');
    await visitor.page.getByRole('heading', { name: 'Opening hours' }).click();
    const hours = visitor.page.locator('.hours-table');
    expect(await hours.locator('tr', { hasText: 'Tuesday' }).textContent()).toContain('9:00 AM – 6:00 PM');
    expect(await hours.locator('tr', { hasText: 'Monday' }).textContent()).toContain('Closed');
    await screenshot(visitor.page, 'setup-booking-page-375');

    const { date, weekday } = nextMidweek();
    const before = await offeredTimes(visitor.page, slug, date);
    expect(before[0]).toBe('09:00');
    expect(before.at(-1)).toBe('17:15'); // 45 minutes before 18:00

    // The owner narrows that weekday to 11:00–14:00.
    await page.getByRole('button', { name: 'Open the calendar' }).click();
    await page.getByRole('link', { name: 'Barbers & hours' }).click();
    await page.getByRole('heading', { name: 'Alex Stone' }).waitFor();
    await page.getByLabel(`${weekday} from`, { exact: true }).fill('11:00');
    await page.getByLabel(`${weekday} until`, { exact: true }).fill('14:00');
    await page.getByRole('button', { name: 'Save hours and services' }).click();
    await page.getByText('Saved. The booking page shows the new times now.').waitFor();
    await screenshot(page, 'staff-barbers');

    const after = await offeredTimes(visitor.page, slug, date);
    expect(after[0]).toBe('11:00');
    expect(after.at(-1)).toBe('13:15');
    await screenshot(visitor.page, 'setup-booking-page-after-hours-375');

    // Services: a price change reaches the booking page.
    await page.getByRole('link', { name: 'Services' }).click();
    await page.getByRole('button', { name: 'Edit Signature cut' }).click();
    await page.locator('tr.edit-row').getByLabel('Price (USD)').fill('45');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('cell', { name: '$45' }).waitFor();
    await screenshot(page, 'staff-services');
    await visitor.page.goto(`/book/${slug}`);
    expect(await visitor.page.locator('[data-service="Signature cut"]').textContent()).toContain('$45');

    // Team: an invitation, answered alike whether or not the email has an account, waits for its answer.
    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByLabel('Email').fill('no-account-yet@example.test');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent to no-account-yet@example.test.').waitFor();
    await page.getByTestId('pending-invitations').getByText('no-account-yet@example.test').waitFor();
    await screenshot(page, 'staff-team');

    // Settings: the booking policy.
    await page.getByRole('link', { name: 'Shop settings' }).click();
    await page.getByLabel('Cancellation window (hours)').fill('12');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    await screenshot(page, 'staff-settings');

    // The calendar of the new shop, on a phone.
    await page.setViewportSize(PHONE.viewport);
    await page.getByRole('link', { name: 'Calendar' }).click();
    await page.locator('.day-view__barber').first().waitFor();
    await screenshot(page, 'staff-calendar-375');

    expect(unexpected(errors, [/status of 404/])).toEqual([]);
    expect(unexpected(visitor.errors)).toEqual([]);
    await Promise.all([context.close(), visitor.context.close()]);
  }, 90_000);

  it('shows problems from the API next to the field they concern', async () => {
    const { page, context } = await openPage(browser, server.base, PHONE);
    await page.goto('/');
    await page.getByRole('heading', { name: /booked in a minute/ }).waitFor();
    await screenshot(page, 'home-375');
    await page.goto('/app/signin');
    await page.getByLabel('Email').fill('nobody@example.test');
    await page.getByLabel('Password').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That email and password do not match an account.').waitFor();
    await screenshot(page, 'staff-signin-error-375');

    await page.goto('/app/signup');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    // The API's 400 names body.email; the form shows it under the email field.
    const emailError = page.locator('.field', { has: page.getByLabel('Email') }).locator('.field__error');
    await emailError.waitFor();
    expect(await emailError.textContent()).toContain('email address');
    await screenshot(page, 'staff-signup-error-375');
    await context.close();
  }, 60_000);
});
