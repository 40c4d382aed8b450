import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The client's path through /book/{slug}, step by step, as a person would click it. */
export async function chooseServiceAndBarber(page: Page, service: string, barber: string): Promise<void> {
  await page.locator(`[data-service="${service}"]`).click();
  await page.locator(`[data-barber="${barber}"]`).click();
}

/** Picks the first free time of the day the picker opened on; returns its start as the API wrote it. */
export async function pickFirstTime(page: Page): Promise<string> {
  const slot = page.locator('button.slot').first();
  await slot.waitFor();
  const start = (await slot.getAttribute('data-start')) as string;
  await slot.click();
  return start;
}

export async function fillDetails(page: Page, client: { name: string; email: string; phone?: string }): Promise<void> {
  await page.locator('#client-name').fill(client.name);
  await page.locator('#client-email').fill(client.email);
  if (client.phone) await page.locator('#client-phone').fill(client.phone);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.review__confirm').waitFor();
}

export async function expectConfirmed(page: Page): Promise<string> {
  await page.waitForURL(/\/confirmed\//);
  await page.getByRole('heading', { name: 'You are booked!' }).waitFor();
  const token = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) as string);
  expect(token.length).toBeGreaterThan(10);
  return token;
}

export interface ApiSlot {
  readonly start: string;
  readonly end: string;
  readonly barberIds: string[];
}

/** The API's own view of the free slots (to check what the page showed). */
export async function freeSlots(base: string, slug: string, query: { serviceId: string; date: string; barberId?: string }): Promise<ApiSlot[]> {
  const params = new URLSearchParams({ serviceId: query.serviceId, date: query.date, ...(query.barberId && { barberId: query.barberId }) });
  const response = await fetch(`${base}/api/v1/locations/${slug}/availability?${params.toString()}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { slots: ApiSlot[] }).slots;
}
