// Nothing the student built is lost: edits the app cannot keep are refused where they are typed
// (and a reload brings back the same network), Back and Forward walk the edits, a long
// computation shows its progress and can be cancelled, and the network rides in the fragment.
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors, summary } from './fixtures';

const card = (page: Page, id: string) => page.locator(`[data-card-id=${id}] .card-main`);

/** Lets the debounced address-bar sync (400 ms) write whatever it would write. */
const settle = (page: Page) => page.waitForTimeout(700);

// The nine edits that once replaced the student's network with Tiny VGG after a reload.
const NINE: [string, string, string, string, RegExp][] = [
  ['a name with <', 'conv_1_1', 'field-name', 'a<b', /plain text/],
  ['a name with a backtick', 'conv_1_1', 'field-name', 'a`b', /plain text/],
  ['a name of 81 characters', 'conv_1_1', 'field-name', 'x'.repeat(81), /at most 80/],
  ['input batch 0', 'input', 'field-input-n', '0', /at least 1/],
  ['input height 2.5', 'input', 'field-input-h', '2.5', /whole number/],
  ['input height 1025', 'input', 'field-input-h', '1025', /at most 1024/],
  ['conv channels 5000', 'conv_1_1', 'field-out-channels', '5000', /at most 4096/],
  ['kernel −1', 'conv_1_1', 'field-kernel', '-1', /at least 0/],
  ['kernel 65', 'conv_1_1', 'field-kernel', '65', /at most 64/],
];

test.describe('an edit a link could not carry', () => {
  for (const [what, layer, field, value, why] of NINE) {
    test(`${what}: refused beside the field, and a reload finds the same network`, async ({
      page,
    }) => {
      const errors = collectConsoleErrors(page);
      await page.goto('./?preset=tinyvgg');
      // One kept edit first, so the link carries a document (not just ?preset=).
      await card(page, 'conv_1_1').click();
      await page.getByTestId('field-out-channels').fill('12');
      await page.getByTestId('field-out-channels').blur();
      await expect(page.locator('[data-card-id=conv_1_1] [data-testid=card-shape]')).toHaveText(
        '12×62×62',
      );
      const before = await summary(page);
      await card(page, layer).click();
      await page.getByTestId(field).fill(value);
      await expect(page.getByTestId(`${field}-hint`)).toContainText(why);
      await expect(page.getByTestId(field)).toHaveAttribute('aria-invalid', 'true');
      expect(await summary(page)).toEqual(before);
      await settle(page);
      await page.reload();
      await expect(page.getByTestId('layer-card')).toHaveCount(before.length + 1);
      expect(await summary(page)).toEqual(before);
      await expect(page.getByTestId('notice')).toHaveCount(0);
      expect(errors).toEqual([]);
    });
  }
});

test('Back and Forward walk the network edits and stay in the app', async ({ page }) => {
  await page.goto('./?preset=tinyvgg');
  const shape = page.locator('[data-card-id=conv_1_1] [data-testid=card-shape]');
  await expect(shape).toHaveText('10×62×62');
  await card(page, 'conv_1_1').click();
  await page.getByTestId('field-kernel').fill('5');
  await page.getByTestId('field-kernel').blur();
  await expect(shape).toHaveText('10×60×60');
  await page.getByTestId('field-out-channels').fill('12');
  await page.getByTestId('field-out-channels').blur();
  await expect(shape).toHaveText('12×60×60');
  await settle(page);
  await page.goBack();
  await expect(shape).toHaveText('10×60×60');
  await page.goBack();
  await expect(shape).toHaveText('10×62×62');
  await page.goForward();
  await expect(shape).toHaveText('10×60×60');
  expect(new URL(page.url()).pathname).toBe('/');
  // A reload after walking back shows what is on screen.
  await settle(page);
  await page.reload();
  await expect(shape).toHaveText('10×60×60');
});

test('a slider drag is one history entry', async ({ page }) => {
  await page.goto('./?preset=tinyvgg');
  await card(page, 'conv_1_1').click();
  const shape = page.locator('[data-card-id=conv_1_1] [data-testid=card-shape]');
  const box = page.getByTestId('field-out-channels');
  for (const v of ['11', '12', '13', '14']) await box.fill(v); // typed digit by digit: one step
  await box.blur();
  await expect(shape).toHaveText('14×62×62');
  await settle(page);
  await page.goBack();
  await expect(shape).toHaveText('10×62×62');
});

test('the network rides in the fragment; the skip link leaves it there', async ({ page }) => {
  await page.goto('./?preset=tinyvgg');
  await card(page, 'conv_1_1').click();
  await page.getByTestId('field-kernel').fill('5');
  await page.getByTestId('field-kernel').blur();
  await settle(page);
  const url = new URL(page.url());
  expect(url.search).not.toContain('net=');
  expect(url.hash).toMatch(/^#net=/);
  await page.locator('.skip-link').focus(); // shown on focus, as a keyboard user meets it
  await page.keyboard.press('Enter');
  await expect(page.locator('#inspector')).toBeFocused();
  expect(new URL(page.url()).hash).toBe(url.hash);
  await page.reload();
  await expect(page.locator('[data-card-id=conv_1_1] [data-testid=card-shape]')).toHaveText(
    '10×60×60',
  );
});

test('a long computation shows layer k of n and can be cancelled; a new selection cancels it', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  // VGG-16's conv5_3 on the CPU: many seconds of work.
  await page.goto('./?preset=vgg16&layer=conv5_3&backend=cpu');
  const progress = page.getByTestId('compute-progress');
  await expect(progress).toContainText(/layer \d+ of 29 done \((conv|relu|pool)[\d_]+\)/);
  await page.getByTestId('compute-cancel').click();
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('compute-retry')).toBeVisible();
  // The page answers at once: another layer computes.
  await card(page, 'conv1_1').click();
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  // Selecting conv5_3 again, then an earlier layer, cancels the stale computation.
  await card(page, 'conv5_3').click();
  await expect(progress).toBeVisible();
  await card(page, 'pool1').click();
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('feature-maps')).toHaveAttribute('data-channels', '64');
  expect(errors).toEqual([]);
});
