import type { Page } from '@playwright/test';

interface CnnDebug {
  loseDevice(): void;
  activation(): number[] | null;
  input(): number[] | null;
}

/** The ?debug hooks of the app (src/main.tsx). */
export const debugHooks = {
  loseDevice: (page: Page) =>
    page.evaluate(() => (window as unknown as { __cnnDebug: CnnDebug }).__cnnDebug.loseDevice()),
  input: (page: Page) =>
    page.evaluate(() => (window as unknown as { __cnnDebug: CnnDebug }).__cnnDebug.input()),
  activation: (page: Page) =>
    page.evaluate(() => (window as unknown as { __cnnDebug: CnnDebug }).__cnnDebug.activation()),
};

/** Waits until the footer says the selected layer was computed, and on which backend. */
export async function computedOn(page: Page, backend: 'gpu' | 'cpu'): Promise<void> {
  await page
    .locator(`[data-testid=compute-status][data-status=done][data-backend=${backend}]`)
    .waitFor();
}
