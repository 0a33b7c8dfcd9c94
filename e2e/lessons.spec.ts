// "Start here" as a newcomer does it: every step's question answered by doing what it asks on
// the page, progress kept across a reload, and a step's link (for a slide) opening that step.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './a11yHelpers';
import { collectConsoleErrors } from './fixtures';

const panel = (page: Page) => page.getByTestId('lesson-panel');

async function answered(page: Page, id: string) {
  await expect(panel(page)).toHaveAttribute('data-lesson', id);
  await expect(panel(page)).toHaveAttribute('data-answered', 'true', { timeout: 90_000 });
  await expect(page.getByTestId('lesson-status')).toContainText('✓');
}

async function next(page: Page, id: string) {
  await page.getByTestId('lesson-next').click();
  await expect(panel(page)).toHaveAttribute('data-lesson', id);
  await expect(panel(page)).toHaveAttribute('data-answered', 'false');
}

async function setField(page: Page, testId: string, value: string) {
  const f = page.getByTestId(testId);
  await f.fill(value);
  await f.press('Enter');
  await f.blur();
}

test('a newcomer finds Start here and answers every step by doing it', async ({ page }) => {
  test.setTimeout(300_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./');
  await page.getByTestId('lessons-open').click();
  await expect(panel(page)).toHaveAttribute('data-lesson', 'slide');
  await expectAccessible(page, 'the first lesson step');

  for (let i = 0; i < 4; i++) await page.getByTestId('step-forward').click();
  await expect(page.getByTestId('eq-output')).toHaveText('4');
  await answered(page, 'slide');

  await next(page, 'filters');
  await setField(page, 'field-out-channels', '16');
  await answered(page, 'filters');

  await next(page, 'padding');
  await setField(page, 'field-padding', '0');
  await answered(page, 'padding');

  await next(page, 'stride');
  await setField(page, 'field-stride', '2');
  await answered(page, 'stride');

  await next(page, 'dilation');
  await setField(page, 'field-dilation', '2');
  await answered(page, 'dilation');

  await next(page, 'field');
  await page.locator('[data-testid=channel] button').first().click();
  await page.getByTestId('zoom-surface').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await answered(page, 'field');
  await expect(page.getByTestId('field-count')).toContainText('25 input pixels');

  await next(page, 'pooling');
  await page.getByTestId('step-forward').click();
  await answered(page, 'pooling');

  await next(page, 'normalization');
  await page.getByTestId('bn-mode-toggle').click();
  await answered(page, 'normalization');

  await next(page, 'parameters');
  await setField(page, 'field-kernel', '3');
  await answered(page, 'parameters');

  await next(page, 'architectures');
  await page.locator('[data-card-id$=".add"] .card-main').first().click();
  await answered(page, 'architectures');

  await next(page, 'learning');
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('train-start').click();
  await answered(page, 'learning');
  await page.getByTestId('train-stop').click();

  await next(page, 'transfer');
  await page.getByTestId('transfer-demo').click();
  await answered(page, 'transfer');

  const steps = page.getByTestId('lesson-step');
  await expect(steps).toHaveCount(12);
  await expect(page.locator('[data-testid=lesson-step][data-done=true]')).toHaveCount(12);
  // Progress stays on this device.
  await page.reload();
  await page.getByTestId('lessons-open').click();
  await expect(page.locator('[data-testid=lesson-step][data-done=true]')).toHaveCount(12);
  expect(errors).toEqual([]);
});

test('a step’s link opens that step with its own state; a bad one says so', async ({ page }) => {
  await page.goto('./?lesson=pooling');
  await expect(panel(page)).toHaveAttribute('data-lesson', 'pooling');
  await expect(page.getByTestId('preset-select')).toHaveValue('teach_maxpool_4x4');
  await expect(page.getByTestId('lesson-question')).toContainText('maximum is 8');
  await expect(page.locator('.lesson-point')).toHaveCount(1);
  await page.goto('./?lesson=nope');
  await expect(page.getByTestId('notice').first()).toContainText("no lesson step 'nope'");
});
