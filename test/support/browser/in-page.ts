import type { Page } from 'playwright-core';

// Code that runs inside the page. The project's TypeScript has no DOM library (it is a server), so the
// few page globals used here are typed by hand. (Strings would not do: the app's CSP forbids eval.)
interface InPageButton {
  readonly disabled: boolean;
  readonly offsetParent: unknown;
}
interface InPage {
  readonly document: { querySelector(selector: string): InPageButton | null; readonly documentElement: { readonly scrollWidth: number } };
  scrollTo(x: number, y: number): void;
}

export async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as InPage).document.documentElement.scrollWidth);
}

export async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(() => (globalThis as unknown as InPage).scrollTo(0, 0));
}

/** Milliseconds from navigation start until the first service button is visible and enabled. */
export async function firstServiceInteractiveAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => {
    const button = (globalThis as unknown as InPage).document.querySelector('[data-service]');
    return button && !button.disabled && button.offsetParent !== null ? performance.now() : false;
  });
  return Number(await handle.jsonValue());
}
