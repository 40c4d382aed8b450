import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { DESKTOP, PHONE, describeInBrowser, launchBrowser, openPage, screenshot, unexpected } from '../support/browser/browser.js';
import { freeSlots } from '../support/browser/booking-steps.js';
import { pageWidth } from '../support/browser/in-page.js';
import { ensureWebBuild, startWebServer } from '../support/browser/web-server.js';
import type { WebServer } from '../support/browser/web-server.js';

/**
 * The front desk in a real browser, against a shop made through the API that
 * works every day around the clock (so "walk in now" has a chair whatever the
 * time of the run): a phone booking from an empty time, a walk-in, a drag on
 * the desktop, the move dialog and one barber at a time on a 375 px phone.
 */
const ZONE = 'America/New_York';
const PASSWORD = 'front-desk-pass-2027';
const SLUG = `desk-${Date.now().toString(36)}`;

interface Shop {
  readonly franchiseId: string;
  readonly locationId: string;
  readonly serviceId: string;
  readonly barbers: readonly { id: string; name: string }[];
  readonly cookie: string;
}

const localDate = (daysAhead: number): string => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  const value = new Date(`${today}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + daysAhead);
  return value.toISOString().slice(0, 10);
};

async function api<T>(base: string, cookie: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function makeShop(base: string): Promise<Shop> {
  const email = `desk-${Date.now().toString(36)}@example.test`;
  const signup = await fetch(`${base}/api/v1/auth/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD, name: 'Desk Owner' }) });
  expect(signup.status, await signup.clone().text()).toBe(201);
  const cookie = (signup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const franchise = await api<{ id: string }>(base, cookie, 'POST', '/franchises', { name: 'Front Desk Co', slug: SLUG, region: 'us-east-1' });
  const location = await api<{ id: string }>(base, cookie, 'POST', `/franchises/${franchise.id}/locations`, { name: 'Front Desk Shop', slug: SLUG, timezone: ZONE, currency: 'USD' });
  const service = await api<{ id: string }>(base, cookie, 'POST', `/franchises/${franchise.id}/services`, { locationId: location.id, name: 'Haircut', durationMinutes: 30, priceCents: 3000 });
  const barbers = [];
  for (const name of ['Ana', 'Ben']) {
    const barber = await api<{ id: string }>(base, cookie, 'POST', `/franchises/${franchise.id}/barbers`, { name, locationId: location.id });
    const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '23:59' }));
    await api(base, cookie, 'PUT', `/franchises/${franchise.id}/barbers/${barber.id}/schedule`, { weekly, serviceIds: [service.id] });
    barbers.push({ id: barber.id, name });
  }
  return { franchiseId: franchise.id, locationId: location.id, serviceId: service.id, barbers, cookie };
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/app/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/app\/calendar/);
}

describeInBrowser('the front desk', () => {
  let tp: TestPlatform;
  let server: WebServer;
  let browser: Browser;
  let shop: Shop;
  let ownerEmail: string;

  beforeAll(async () => {
    tp = await createTestPlatform();
    await ensureWebBuild();
    [server, browser] = await Promise.all([startWebServer(tp.catalogUrl), launchBrowser()]);
    shop = await makeShop(server.base);
    ownerEmail = (await api<{ email: string }>(server.base, shop.cookie, 'GET', '/me')).email;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await tp?.close();
  });

  const calendar = (date: string) =>
    api<{ appointments: { id: string; start: string; barberId: string; client: { name: string }; source: string }[] }>(server.base, shop.cookie, 'GET', `/franchises/${shop.franchiseId}/appointments?from=${date}&to=${date}`);

  it('books a phone client from an empty time, and the public page loses that time', async () => {
    const { page, errors } = await openPage(browser, server.base, DESKTOP);
    await signIn(page, ownerEmail);
    const day = localDate(2);
    await page.goto(`/app/calendar?view=day&date=${day}`);
    const ana = shop.barbers[0] as { id: string; name: string };
    const column = page.locator(`[data-barber="${ana.id}"]`);
    await column.waitFor();
    // Tap an empty time in Ana's column: the dialog opens on her, at the time tapped.
    const box = await column.boundingBox();
    expect(box).not.toBeNull();
    await column.click({ position: { x: 40, y: Math.round((box?.height ?? 400) / 2) } });
    const dialog = page.getByRole('dialog', { name: 'New appointment' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Barber').inputValue()).toBe(ana.id);
    expect(await dialog.getByLabel('Time').inputValue()).toMatch(/^\d{2}:\d{2}$/);
    // The caller wants 10:05 (off the public 15-minute grid).
    await dialog.getByLabel('Time').fill('10:05');
    await dialog.getByRole('button', { name: 'New client' }).click();
    await dialog.getByLabel('Name').fill('Phoebe Phone');
    await dialog.getByLabel('Email').fill('phoebe@example.test');
    await dialog.getByLabel('Phone').fill('+1 212 555 0142');
    await screenshot(page, 'front-desk-new-appointment-desktop', { fullPage: false });
    await dialog.getByRole('button', { name: 'Book', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-appointment]', { hasText: 'Phoebe Phone' }).waitFor();
    const booked = (await calendar(day)).appointments.find((a) => a.client.name === 'Phoebe Phone');
    expect(booked).toMatchObject({ barberId: ana.id, source: 'staff' });
    expect(booked?.start).toMatch(new RegExp(`^${day}T10:05:00`));
    // The public list no longer offers Ana at 10:00 (10:00–10:30 overlaps 10:05–10:35), and the booking page agrees.
    const starts = (await freeSlots(server.base, SLUG, { serviceId: shop.serviceId, date: day, barberId: ana.id })).map((s) => s.start.slice(11, 16));
    expect(starts).not.toContain('10:00');
    expect(starts).not.toContain('10:30');
    expect(starts).toContain('10:45');
    expect(unexpected(errors)).toEqual([]);
    await page.context().close();
  });

  it('seats a walk-in in the first free chair, the one the public wait names', async () => {
    // Ana is busy from now for an hour; Ben is free: the first free chair is Ben's, now.
    const now = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    const offset = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' }).formatToParts(now).find((p) => p.type === 'timeZoneName')?.value.replace('GMT', '') || '+00:00';
    const [ana, ben] = shop.barbers as [{ id: string; name: string }, { id: string; name: string }];
    for (const minutes of [0, 30]) {
      const at = new Date(now.getTime() + minutes * 60_000);
      const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at).replace(' ', 'T');
      await api(server.base, shop.cookie, 'POST', `/franchises/${shop.franchiseId}/appointments`, { locationId: shop.locationId, serviceId: shop.serviceId, barberId: ana.id, start: `${wall}:00${offset}`, client: { name: `Busy ${minutes}`, email: `busy${minutes}@example.test` } });
    }
    const wait = await api<{ anyone: { start: string; barberIds: string[]; waitMinutes: number } }>(server.base, '', 'GET', `/locations/${SLUG}/wait?serviceId=${shop.serviceId}`);
    expect(wait.anyone.barberIds).toEqual([ben.id]);

    const { page, errors } = await openPage(browser, server.base, DESKTOP);
    await page.goto(`/book/${SLUG}`);
    await page.getByTestId('current-wait').waitFor();
    expect(await page.getByTestId('current-wait').textContent()).toMatch(/free now|about \d+ min/);
    await screenshot(page, 'front-desk-public-wait-desktop', { fullPage: false });

    await signIn(page, ownerEmail);
    await page.getByRole('button', { name: 'Walk-in now' }).click();
    const dialog = page.getByRole('dialog', { name: 'Walk-in now' });
    await dialog.getByRole('button', { name: 'New client' }).click();
    await dialog.getByLabel('Name').fill('Walter Walkin');
    await dialog.getByLabel('Email').fill('walter@example.test');
    await dialog.getByRole('button', { name: 'Seat the walk-in' }).click();
    const seated = page.getByRole('dialog', { name: 'Walk-in booked' });
    await seated.waitFor();
    expect(await seated.textContent()).toContain(`with ${ben.name}`);
    await screenshot(page, 'front-desk-walk-in-desktop', { fullPage: false });
    const today = localDate(0);
    const walkIn = (await calendar(today)).appointments.find((a) => a.client.name === 'Walter Walkin');
    expect(walkIn).toMatchObject({ barberId: ben.id, source: 'walk_in' });
    // Ben was free at the wait's start and still is: the walk-in starts then, or a minute or two later if the clock moved on meanwhile.
    const lateBy = Date.parse(walkIn?.start ?? '') - Date.parse(wait.anyone.start);
    expect(lateBy).toBeGreaterThanOrEqual(0);
    expect(lateBy).toBeLessThanOrEqual(3 * 60_000);
    expect(unexpected(errors)).toEqual([]);
    await page.context().close();
  });

  it('moves an appointment by dragging it to another barber on a desktop', async () => {
    const day = localDate(3);
    const [ana, ben] = shop.barbers as [{ id: string; name: string }, { id: string; name: string }];
    const created = await api<{ id: string; start: string }>(server.base, shop.cookie, 'POST', `/franchises/${shop.franchiseId}/appointments`, {
      locationId: shop.locationId, serviceId: shop.serviceId, barberId: ana.id, start: `${day}T11:00:00${(await calendarOffset(day))}`, client: { name: 'Drew Drag', email: 'drew@example.test' },
    });
    const { page, errors } = await openPage(browser, server.base, DESKTOP);
    await signIn(page, ownerEmail);
    await page.goto(`/app/calendar?view=day&date=${day}`);
    const block = page.locator(`[data-appointment="${created.id}"]`);
    await block.waitFor();
    // Grabbed at its middle and dropped at the same height in Ben's column: same time, other barber.
    const from = await block.boundingBox();
    const target = await page.locator(`[data-barber="${ben.id}"]`).boundingBox();
    await block.dragTo(page.locator(`[data-barber="${ben.id}"]`), { targetPosition: { x: 40, y: (from?.y ?? 0) - (target?.y ?? 0) + (from?.height ?? 0) / 2 } });
    await page.locator(`[data-barber="${ben.id}"] [data-appointment="${created.id}"]`).waitFor();
    const moved = (await calendar(day)).appointments.find((a) => a.id === created.id);
    expect(moved?.barberId).toBe(ben.id);
    expect(moved?.start).toMatch(new RegExp(`^${day}T11:00:00`));
    await screenshot(page, 'front-desk-after-drag-desktop', { fullPage: false });
    expect(unexpected(errors)).toEqual([]);
    await page.context().close();
  });

  it('on a 375 px phone: one barber at a time, the whole menu in sight, no sideways page, and the move dialog', async () => {
    const day = localDate(4);
    const [ana, ben] = shop.barbers as [{ id: string; name: string }, { id: string; name: string }];
    const created = await api<{ id: string }>(server.base, shop.cookie, 'POST', `/franchises/${shop.franchiseId}/appointments`, {
      locationId: shop.locationId, serviceId: shop.serviceId, barberId: ana.id, start: `${day}T09:00:00${(await calendarOffset(day))}`, client: { name: 'Mo Mobile', email: 'mo@example.test' },
    });
    const { page, errors } = await openPage(browser, server.base, PHONE);
    await signIn(page, ownerEmail);
    await page.goto(`/app/calendar?view=day&date=${day}`);
    const switcher = page.getByRole('group', { name: 'Barber' });
    await switcher.waitFor();
    expect(await page.locator('.day-view__column').count()).toBe(1);
    expect(await page.locator(`[data-barber="${ana.id}"]`).count()).toBe(1);
    await switcher.getByRole('button', { name: ben.name }).click();
    await page.locator(`[data-barber="${ben.id}"]`).waitFor();
    expect(await page.locator('.day-view__column').count()).toBe(1);
    // Every menu item is on screen (none hidden off to the side), and the page is no wider than the phone.
    for (const link of await page.getByRole('navigation', { name: 'Shop' }).getByRole('link').all()) {
      const box = await link.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 375, await link.textContent() ?? '').toBe(true);
    }
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'front-desk-day-phone');

    await switcher.getByRole('button', { name: ana.name }).click();
    await page.locator(`[data-appointment="${created.id}"]`).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Move…' }).click();
    await dialog.getByLabel('New time').fill('14:20');
    await dialog.getByLabel('Barber').selectOption(ben.id);
    await screenshot(page, 'front-desk-move-dialog-phone', { fullPage: false });
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await dialog.getByText('Ben').first().waitFor();
    const moved = (await calendar(day)).appointments.find((a) => a.id === created.id);
    expect(moved).toMatchObject({ barberId: ben.id });
    expect(moved?.start).toMatch(new RegExp(`^${day}T14:20:00`));

    for (const path of ['/app/services', '/app/barbers', '/app/team', '/app/settings', '/app/numbers']) {
      await page.goto(path);
      await page.locator('main h1, main h2').first().waitFor();
      // Measured once the page's data is in (tables, charts), not while it shows skeletons.
      await page.locator('main [aria-busy="true"], main .skeleton').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
      await page.waitForLoadState('networkidle');
      expect(await pageWidth(page), path).toBeLessThanOrEqual(375);
    }
    await page.goto(`/book/${SLUG}`);
    await page.getByTestId('current-wait').waitFor();
    await screenshot(page, 'front-desk-public-wait-phone');
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    expect(unexpected(errors)).toEqual([]);
    await page.context().close();
  });

  /** The zone's offset on a date at noon, "-05:00" or "-04:00". */
  async function calendarOffset(date: string): Promise<string> {
    const at = new Date(`${date}T17:00:00Z`);
    return new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value.replace('GMT', '') || '+00:00';
  }
});
