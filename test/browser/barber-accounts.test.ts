import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestPlatform } from '../support/test-platform.js';
import type { TestPlatform } from '../support/test-platform.js';
import { DESKTOP, PHONE, describeInBrowser, launchBrowser, openPage, screenshot, unexpected } from '../support/browser/browser.js';
import { pageWidth } from '../support/browser/in-page.js';
import { ensureWebBuild, startWebServer } from '../support/browser/web-server.js';
import type { WebServer } from '../support/browser/web-server.js';

const OWNER = { email: 'owner@demo.bookedbarber.dev', password: 'demo-owner-2027' };

const nyDate = (daysAhead: number): string => {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date());
  const value = new Date(`${today}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + daysAhead);
  return value.toISOString().slice(0, 10);
};

/**
 * Issue 17 item 4 in a real browser against the real server with the demo
 * franchise: an owner invites a barber by email for Jay Alvarez's column; the
 * barber opens the emailed link on a phone, creates the account, sees their own
 * day and blocks their lunch; then the barber resets the password by email. The
 * links are read from the queued messages as the sender renders them.
 */
describeInBrowser('barber accounts: invitation, my day, password reset', () => {
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

  async function ownerSession(): Promise<{ cookie: string; franchiseId: string }> {
    const login = await fetch(`${server.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const me = (await (await fetch(`${server.base}/api/v1/me`, { headers: { cookie } })).json()) as { memberships: { franchiseId: string }[] };
    return { cookie, franchiseId: me.memberships[0]?.franchiseId as string };
  }

  async function invitationLink(franchiseId: string, email: string): Promise<string> {
    const { db } = await tp.platform.core.router.primaryFor(franchiseId);
    const row = await db.selectFrom('outbox').select(['dedupe_key', 'kind']).where('franchise_id', '=', franchiseId).where('recipient', '=', email).executeTakeFirstOrThrow();
    expect(row.kind).toBe('invitation');
    const message = await tp.platform.accountMessages.invitation(row.dedupe_key.replace(/^invitation:/, ''), server.base);
    return pathIn(message?.text, '/app/invitation/');
  }

  async function resetLink(email: string): Promise<string> {
    const row = await tp.platform.core.catalog.selectFrom('account_messages').select('subject_id').where('recipient', '=', email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const message = await tp.platform.accountMessages.passwordReset(row.subject_id, server.base);
    return pathIn(message?.text, '/app/reset-password/');
  }

  /** The link a rendered message carries, as a path on this server. */
  function pathIn(text: string | undefined, prefix: string): string {
    const url = (text ?? '').split(/\s+/).find((word) => word.startsWith(`${server.base}${prefix}`));
    expect(url).toBeDefined();
    return (url as string).slice(server.base.length);
  }

  async function shoot(page: Page, name: string): Promise<void> {
    expect(await pageWidth(page)).toBeLessThanOrEqual(page.viewportSize()?.width ?? 0);
    await screenshot(page, name);
  }

  it('an invited barber accepts on a phone, sees only their day and blocks their own lunch', async () => {
    const owner = await ownerSession();
    const barbers = (await (await fetch(`${server.base}/api/v1/franchises/${owner.franchiseId}/barbers`, { headers: { cookie: owner.cookie } })).json()) as {
      barbers: { id: string; name: string }[];
    };
    const jay = barbers.barbers.find((b) => b.name === 'Jay Alvarez') as { id: string };
    const email = `jay-${Date.now()}@example.test`;
    const invited = await fetch(`${server.base}/api/v1/franchises/${owner.franchiseId}/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: owner.cookie },
      body: JSON.stringify({ email, role: 'barber', barberId: jay.id }),
    });
    expect(invited.status).toBe(201);
    const link = await invitationLink(owner.franchiseId, email);

    // The owner's team page lists it as pending.
    const desk = await openPage(browser, server.base, DESKTOP);
    await desk.page.goto('/app/signin');
    await desk.page.getByLabel('Email').fill(OWNER.email);
    await desk.page.getByLabel('Password').fill(OWNER.password);
    await desk.page.getByRole('button', { name: 'Sign in' }).click();
    await desk.page.waitForURL(/\/app\/calendar/);
    await desk.page.goto('/app/team');
    await desk.page.getByTestId('pending-invitations').getByText(email).waitFor();
    await shoot(desk.page, 'h17c-team-invitations-desktop');
    await desk.page.setViewportSize(PHONE.viewport);
    await shoot(desk.page, 'h17c-team-invitations-375');
    await desk.page.setViewportSize(DESKTOP.viewport);
    await desk.page.goto(link);
    await desk.page.getByTestId('accept-invitation').waitFor();
    await shoot(desk.page, 'h17c-invitation-signed-in-as-other-desktop');
    await desk.context.close();

    const { page, context, errors } = await openPage(browser, server.base, PHONE);
    await page.goto(link);
    await page.getByText('Fade & Co').first().waitFor();
    await page.getByLabel('Your name').fill('Jay Alvarez');
    await page.getByLabel('Choose a password').fill('jay-long-password');
    await shoot(page, 'h17c-invitation-375');
    await page.getByRole('button', { name: 'Create my account and accept' }).click();
    await page.waitForURL(/\/app\/calendar/);

    const tomorrow = nyDate(1);
    await page.goto(`/app/calendar?view=day&date=${tomorrow}`);
    await page.getByText('My day').waitFor();
    await page.locator('.day-view__barber').first().waitFor();
    expect(await page.locator('.day-view__barber').allTextContents()).toEqual([expect.stringContaining('Jay Alvarez')]);
    await shoot(page, 'h17c-my-day-375');

    await page.getByRole('button', { name: 'Block time off' }).click();
    const form = page.getByRole('dialog');
    expect(await form.getByLabel('Barber').locator('option').allTextContents()).toEqual(['Jay Alvarez']);
    await form.getByLabel('From time').fill('12:00');
    await form.getByLabel('Until time').fill('13:00');
    await form.getByLabel('Reason').fill('Lunch');
    await form.getByRole('button', { name: 'Block this time' }).click();
    await page.locator('.block--off', { hasText: 'Lunch' }).waitFor();
    await shoot(page, 'h17c-my-day-lunch-375');

    await page.goto('/app/account');
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    await shoot(page, 'h17c-account-375');
    // The invitation page asks /me first to see who is signed in: a 401 there is the expected "nobody".
    expect(unexpected(errors, [/status of 401/])).toEqual([]);
    await context.close();
  }, 120_000);

  it('resets a password end to end from the emailed link; the link works once', async () => {
    const owner = await ownerSession();
    const email = `riley-${Date.now()}@example.test`;
    await fetch(`${server.base}/api/v1/franchises/${owner.franchiseId}/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: owner.cookie },
      body: JSON.stringify({ email, role: 'barber' }),
    });
    const accepted = await fetch(`${server.base}${(await invitationLink(owner.franchiseId, email)).replace('/app/invitation/', '/api/v1/invitations/')}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'first password here' }),
    });
    expect(accepted.status).toBe(200);

    for (const [shape, suffix] of [[PHONE, '375'], [DESKTOP, 'desktop']] as const) {
      const { page, context, errors } = await openPage(browser, server.base, shape);
      await page.goto('/app/signin');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByLabel('Email').fill(email);
      await shoot(page, `h17c-forgot-password-${suffix}`);
      await page.getByRole('button', { name: 'Email me a link' }).click();
      await page.getByTestId('reset-requested').waitFor();
      const link = await resetLink(email);
      await page.goto(link);
      const newPassword = `renewed password ${suffix}`;
      await page.getByLabel('New password').fill(newPassword);
      await shoot(page, `h17c-reset-password-${suffix}`);
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.waitForURL(/\/app\/signin\?reset=1/);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(newPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(/\/app\/calendar/);
      if (suffix === 'desktop') {
        await page.goto('/app/account');
        await page.getByRole('heading', { name: 'Your account' }).waitFor();
        await shoot(page, 'h17c-account-desktop');
        // Riley's invitation named no column: the calendar says so rather than showing anyone else's.
        await page.goto(`/app/calendar?view=day&date=${nyDate(1)}`);
        await page.getByText('Your sign-in is not tied to a column here yet').waitFor();
      }
      // The same link again: spent.
      await page.goto(link);
      await page.getByLabel('New password').fill('yet another password');
      await page.getByRole('button', { name: 'Set the new password' }).click();
      await page.getByText('This link has expired or was already used.').waitFor();
      expect(unexpected(errors, [/400/])).toEqual([]);
      await context.close();
    }
  }, 120_000);

  it("the demo barber signs in on a desktop and sees his own day only", async () => {
    const { page, context, errors } = await openPage(browser, server.base, DESKTOP);
    await page.goto('/app/signin');
    await page.getByLabel('Email').fill('marcus@demo.bookedbarber.dev');
    await page.getByLabel('Password').fill('demo-barber-2027');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/app\/calendar/);
    await page.goto(`/app/calendar?view=day&date=${nyDate(1)}`);
    await page.getByText('My day').waitFor();
    await page.locator('[data-appointment]').first().waitFor();
    expect(await page.locator('.day-view__barber').allTextContents()).toEqual([expect.stringContaining('Marcus Reid')]);
    await page.locator('[data-appointment]').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Close' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Cancel' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await shoot(page, 'h17c-my-day-desktop');
    expect(unexpected(errors)).toEqual([]);
    await context.close();
  }, 60_000);
});
