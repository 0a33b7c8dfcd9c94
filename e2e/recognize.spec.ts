// The trained LeNet-5 (shipped weights) recognizes digits: drawn on the pad with synthetic pointer
// strokes, and a held-out MNIST example picked from the dataset browser, with its true class.
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';
import { draw, type Stroke } from './drawPad';

/** Strokes of a digit in the pad's unit square (x right, y down). */
const DIGITS: Record<string, readonly Stroke[]> = {
  '1': [
    [
      [0.45, 0.2],
      [0.55, 0.15],
      [0.55, 0.85],
    ],
  ],
  '7': [
    [
      [0.25, 0.2],
      [0.75, 0.2],
      [0.45, 0.85],
    ],
  ],
  '0': [
    Array.from({ length: 25 }, (_, i) => {
      const a = (i / 24) * 2 * Math.PI;
      return [0.5 + 0.22 * Math.sin(a), 0.5 - 0.32 * Math.cos(a)] as const;
    }),
  ],
};

test('digits drawn on the pad are recognized by the trained LeNet-5 (CPU)', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5&backend=cpu');
  await expect(page.getByTestId('weights-select')).toHaveValue('lenet5-mnist');
  await expect(page.getByTestId('prediction-panel')).toContainText('trained on MNIST digits');
  await page.getByTestId('input-mode-own').click();
  await page.getByTestId('own-source-draw').click();
  for (const [digit, strokes] of Object.entries(DIGITS)) {
    await page.getByTestId('draw-clear').click();
    await draw(page, strokes);
    await expect(page.locator('[data-testid=prediction-bars] li.best')).toHaveAttribute(
      'data-class',
      digit,
    );
  }
  expect(errors).toEqual([]);
});

test('a held-out digit from the dataset browser: its true class and the prediction', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5');
  await page.getByTestId('dataset-details').locator('summary').click();
  const browser = page.getByTestId('dataset-browser');
  // The first held-out digits run 0, 1, …, 9: the third in the row of 3s is a 3.
  await browser
    .locator('tr', { has: page.locator('th', { hasText: '3' }) })
    .locator('button.example')
    .first()
    .click();
  await expect(page.getByTestId('prediction-truth')).toContainText('True class: 3');
  await expect(page.getByTestId('prediction-truth')).toContainText('✓ right');
  await expect(page.locator('[data-testid=prediction-bars] li.best')).toHaveAttribute(
    'data-class',
    '3',
  );
  // Random weights: the same digit, a different (untrained) answer, and the link says so.
  await page.getByTestId('weights-select').selectOption('');
  await expect(page.getByTestId('prediction-panel')).toContainText('untrained');
  await expect(page).toHaveURL(/weights=random/);
  await expect(page).toHaveURL(/example=mnist/);
  expect(errors).toEqual([]);
});
