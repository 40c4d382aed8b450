import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newId } from '../../src/db/ids.js';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { DESKTOP, PHONE, describeInBrowser, launchBrowser, openPage, screenshot, unexpected } from '../support/browser/browser.js';
import { chooseServiceAndBarber, freeSlots } from '../support/browser/booking-steps.js';
import { pageWidth, scrollToTop } from '../support/browser/in-page.js';
import { ensureWebBuild, startWebServer } from '../support/browser/web-server.js';
import type { WebServer } from '../support/browser/web-server.js';

const DOCS_IMAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/images');
const OWNER = { email: 'owner@demo.bookedbarber.dev', password: 'demo-owner-2027' };
const NEW_YORK = 'fade-and-co-new-york';

const nyDate = (daysAhead: number): string => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
  const value = new Date(`${today}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + daysAhead);
  return value.toISOString().slice(0, 10);
};

async function signIn(page: Page): Promise<void> {
  await page.goto('/app/signin');
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(OWNER.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app\/calendar/);
  await page.getByTestId('location-picker').selectOption({ label: 'Fade & Co New York' });
}

/**
 * A README picture: the viewport only, kept small. Written to docs/images only
 * with UPDATE_DOCS_IMAGES=1, so an ordinary test run leaves the repository clean.
 */
async function docsImage(page: Page, name: string): Promise<void> {
  const file = await screenshot(page, name, { fullPage: false });
  expect(statSync(file).size).toBeLessThan(300_000);
  if (!process.env.UPDATE_DOCS_IMAGES) return;
  mkdirSync(DOCS_IMAGES, { recursive: true });
  copyFileSync(file, path.join(DOCS_IMAGES, `${name}.png`));
}

/**
 * A booked visit that started yesterday at 05:00 in New York, before any demo
 * shift, written straight into the shard: no booking rule accepts a past start.
 */
async function pastBooking(tp: TestPlatform, date: string): Promise<{ id: string; barberName: string }> {
  const { catalog, router } = tp.platform.core;
  const { franchise_id: franchiseId, id: locationId } = await catalog.selectFrom('location_directory').select(['franchise_id', 'id']).where('slug', '=', NEW_YORK).executeTakeFirstOrThrow();
  const { db } = await router.primaryFor(franchiseId);
  const barber = await db.selectFrom('barbers').select(['id', 'name']).where('franchise_id', '=', franchiseId).where('location_id', '=', locationId).orderBy('name').executeTakeFirstOrThrow();
  const service = await db.selectFrom('services').select(['id', 'price_cents']).where('franchise_id', '=', franchiseId).where('location_id', '=', locationId).where('name', '=', 'Haircut').executeTakeFirstOrThrow();
  const client = await db.selectFrom('clients').select('id').where('franchise_id', '=', franchiseId).orderBy('email').executeTakeFirstOrThrow();
  const startsAt = new Date((await sql<{ at: Date }>`SELECT (${date}::date + time '05:00') AT TIME ZONE 'America/New_York' AS at`.execute(db)).rows[0]!.at);
  const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
  const id = newId();
  await db
    .insertInto('appointments')
    .values({ franchise_id: franchiseId, id, location_id: locationId, barber_id: barber.id, service_id: service.id, client_id: client.id, starts_at: startsAt, ends_at: endsAt, blocked_until: endsAt, price_cents: service.price_cents, currency: 'USD', created_at: new Date(startsAt.getTime() - 86_400_000) })
    .execute();
  return { id, barberName: barber.name };
}

describeInBrowser('the staff app with the demo franchise', () => {
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

  it('shows the calendar per barber, and a new online booking appears without a reload', async () => {
    const { page, context, errors } = await openPage(browser, server.base, { ...DESKTOP, viewport: { width: 1280, height: 860 } });
    await signIn(page);
    const tomorrow = nyDate(1);
    await page.goto(`/app/calendar?view=day&date=${tomorrow}`);
    await page.locator('.day-view__barber').first().waitFor();
    await page.locator('[data-appointment]').first().waitFor();
    await docsImage(page, 'calendar');

    // A client books online; the open calendar picks it up on its next poll (every 20 s).
    const location = (await (await fetch(`${server.base}/api/v1/locations/${NEW_YORK}`)).json()) as { services: { id: string; name: string }[] };
    const haircut = location.services.find((service) => service.name === 'Haircut') as { id: string };
    const slot = (await freeSlots(server.base, NEW_YORK, { serviceId: haircut.id, date: tomorrow })).at(-1);
    expect(slot).toBeDefined();
    const response = await fetch(`${server.base}/api/v1/locations/${NEW_YORK}/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `poll-${Date.now()}` },
      body: JSON.stringify({ serviceId: haircut.id, start: slot?.start, client: { name: 'Pat Polling', email: 'pat@example.test' } }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await page.locator(`[data-appointment="${id}"]`).waitFor({ timeout: 30_000 });
    await page.getByText(/1 new booking/).waitFor();

    // Details and a status change from the dialog.
    await page.locator(`[data-appointment="${id}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Pat Polling').waitFor();
    await screenshot(page, 'calendar-appointment-dialog', { fullPage: false });
    // Tomorrow's visit: only cancelling is offered yet, and the dialog says when check-in opens (the API decides).
    await dialog.getByRole('button', { name: 'Cancel' }).waitFor();
    await dialog.getByText(/Check-in opens at/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Check in' }).count()).toBe(0);
    expect(await dialog.getByRole('button', { name: 'Completed' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Someone else books with Pat's email: Pat's record stays, the dialog shows what this booking gave beside it.
    const other = (await freeSlots(server.base, NEW_YORK, { serviceId: haircut.id, date: tomorrow })).at(-1);
    const impostor = await fetch(`${server.base}/api/v1/locations/${NEW_YORK}/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: haircut.id, start: other?.start, client: { name: 'Not Pat', email: 'PAT@example.test', phone: '+1 212 555 0111' } }),
    });
    expect(impostor.status).toBe(201);
    const { id: impostorId } = (await impostor.json()) as { id: string };
    await page.reload();
    await page.locator(`[data-appointment="${impostorId}"]`).click();
    const details = page.getByRole('dialog');
    await details.getByText('Booked as').waitFor();
    await details.getByText('Pat Polling').waitFor();
    await details.getByText('Not Pat').waitFor();
    await details.getByRole('button', { name: 'Close' }).click();

    // Time off: blocked in the calendar at once.
    await page.getByRole('button', { name: 'Block time off' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Barber').selectOption({ label: 'Marcus Reid' });
    await form.getByLabel('From time').fill('07:00');
    await form.getByLabel('Until time').fill('08:00');
    await form.getByLabel('Reason').fill('Team training');
    await form.getByRole('button', { name: 'Block this time' }).click();
    await page.locator('.block--off', { hasText: 'Team training' }).waitFor();

    await page.getByRole('button', { name: 'Week', exact: true }).click();
    await page.locator('.week-view__day').first().waitFor();
    await screenshot(page, 'calendar-week');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 60_000);

  it('renders the numbers page with charts, formulas and the locations side by side', async () => {
    const { page, context, errors } = await openPage(browser, server.base, DESKTOP);
    await signIn(page);
    await page.getByRole('link', { name: 'Numbers' }).click();
    await page.locator('svg[data-chart="bars"] rect.chart__bar').first().waitFor();
    expect(await page.locator('svg[data-chart="bars"] rect.chart__bar').count()).toBeGreaterThan(10);
    expect(await page.locator('[data-chart="meters"] .meter__bar').count()).toBeGreaterThan(5);
    const revenue = page.locator('[data-kpi="Revenue"] .kpi__value');
    expect(await revenue.textContent()).toMatch(/\$\d/);

    const how = page.locator('[data-kpi="Rebooking rate"] summary');
    await how.click();
    await page.locator('[data-kpi="Rebooking rate"]').getByText(/Rebooking rate = /).waitFor();
    await screenshot(page, 'numbers-1280');

    await page.locator('.numbers__controls').getByLabel('Location').selectOption({ label: 'All locations, side by side' });
    await page.getByRole('heading', { name: 'Locations side by side' }).waitFor();
    const columns = await page.locator('.compare-table thead th').allTextContents();
    expect(columns).toEqual(expect.arrayContaining(['Fade & Co New York', 'Fade & Co London']));
    await screenshot(page, 'numbers-all-locations-1280');

    await page.locator('.numbers__controls').getByLabel('Period').selectOption({ label: 'Last 90 days' });
    await page.locator('.numbers__body:not([data-stale])').waitFor();
    await page.setViewportSize(PHONE.viewport);
    await screenshot(page, 'numbers-375');
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 60_000);

  it('guards status changes: confirmation before completed, and an undo afterwards (desktop and 375 px)', async () => {
    const { id, barberName } = await pastBooking(tp, nyDate(-1));
    for (const [size, options] of [['1280', { ...DESKTOP, viewport: { width: 1280, height: 860 } }], ['375', PHONE]] as const) {
      const { page, context, errors } = await openPage(browser, server.base, options);
      await signIn(page);
      await page.goto(`/app/calendar?view=day&date=${nyDate(-1)}`);
      // On a phone the day shows one barber at a time: choose the appointment's barber.
      if (size === '375') await page.getByRole('group', { name: 'Barber' }).getByRole('button', { name: barberName }).click();
      await page.locator(`[data-appointment="${id}"]`).first().click();
      const dialog = page.getByRole('dialog');
      if (size === '1280') {
        // It started yesterday: check-in, no-show and cancel are all open.
        await dialog.getByRole('button', { name: 'Check in' }).click();
        await dialog.getByRole('button', { name: 'Completed' }).click();
        await dialog.getByRole('group', { name: 'Confirm: Completed' }).waitFor();
        await screenshot(page, 'status-confirm-1280', { fullPage: false });
        await dialog.getByRole('button', { name: 'Yes, completed' }).click();
        await dialog.getByRole('button', { name: 'Undo: back to checked in' }).waitFor();
        expect(await dialog.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
        await screenshot(page, 'status-undo-1280', { fullPage: false });
        await dialog.getByRole('button', { name: 'Undo: back to checked in' }).click();
        await dialog.getByRole('button', { name: 'Completed' }).waitFor();
      } else {
        // On a phone: cancel with a reason, see it, undo it.
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.getByLabel(/Reason/).fill('Client called in sick');
        await screenshot(page, 'status-cancel-375', { fullPage: false });
        await dialog.getByRole('button', { name: 'Yes, cancel it' }).click();
        await dialog.getByText('Client called in sick').waitFor();
        await screenshot(page, 'status-cancelled-375', { fullPage: false });
        expect(await pageWidth(page)).toBeLessThanOrEqual(375);
        await dialog.getByRole('button', { name: /Undo: back to/ }).click();
        await dialog.getByRole('button', { name: 'Completed' }).waitFor();
      }
      // Hours changes can be dated (the numbers keep the hours in force before that date).
      await page.goto('/app/barbers');
      await page.getByLabel(/These hours apply from/).first().waitFor();
      await screenshot(page, `barbers-${size}`);
      expect(await pageWidth(page)).toBeLessThanOrEqual(size === '375' ? 375 : 1280);
      expect(unexpected(errors)).toEqual([]);
      await context.close();
    }
  }, 90_000);

  it('the booking page of a demo shop, for the README', async () => {
    const { page, context } = await openPage(browser, server.base, { ...DESKTOP, viewport: { width: 1280, height: 860 } });
    await page.goto(`/book/${NEW_YORK}`);
    await chooseServiceAndBarber(page, 'Skin fade', 'anyone');
    await page.locator('button.slot').first().waitFor();
    // Two weeks out the demo diary is open: a day full of free times makes the better picture.
    await page.getByRole('button', { name: 'Later days' }).click();
    await page.locator('.date-strip__day[aria-pressed="true"]').waitFor();
    await page.locator('button.slot').nth(8).waitFor();
    await scrollToTop(page);
    await docsImage(page, 'booking-page');
    await context.close();
  }, 60_000);
});
