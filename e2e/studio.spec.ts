// The training studio: LeNet-5 from random weights learns MNIST in the browser (the CPU path, in a
// worker), with curves, the filters changing, a confusion matrix whose counts add up to the
// held-out set and whose cells open exactly their examples; a learning rate of 1e3 diverges and
// says so; the learnt weights stay as one undo step.
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';

test('LeNet-5 learns MNIST in one epoch on the CPU; curves, confusion matrix, undo', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5&weights=random&backend=cpu');
  await page.getByTestId('train-toggle').click();
  const panel = page.getByTestId('train-panel');
  await expect(panel).toBeVisible();
  const filtersBefore = await page.getByTestId('kernel-view').screenshot();
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('train-chart-loss')).toBeVisible();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'done', {
    timeout: 150_000,
  });
  // One epoch of 8,495 digits: the held-out accuracy is well above chance (10%).
  const heldout = await page.getByTestId('train-heldout').textContent();
  const accuracy = Number(/([\d.]+)%/.exec(heldout ?? '')![1]);
  expect(accuracy).toBeGreaterThan(90);
  // The filters are the learnt ones now.
  expect(await page.getByTestId('kernel-view').screenshot()).not.toEqual(filtersBefore);
  // The confusion matrix counts every held-out digit once.
  const confusion = page.getByTestId('confusion');
  await expect(confusion).toContainText('of 1505 right');
  const counts = await confusion
    .locator('button[data-count]')
    .evaluateAll((bs) => bs.map((b) => Number(b.getAttribute('data-count'))));
  expect(counts).toHaveLength(100);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(1505);
  // A mistake cell opens exactly its examples (at most 24 shown).
  const cells = await confusion
    .locator('button[data-count]:not(.diag):not([disabled])')
    .evaluateAll((bs) =>
      bs.map((b) => [b.getAttribute('data-cell'), Number(b.getAttribute('data-count'))] as const),
    );
  const [cell, n] = cells.sort((a, b) => b[1] - a[1])[0];
  await confusion.locator(`button[data-cell="${cell}"]`).click();
  await expect(page.getByTestId('confusion-examples').locator('button.example')).toHaveCount(
    Math.min(n, 24),
  );
  // Clicking one makes it the input, and the prediction panel agrees with the cell.
  const [truth, predicted] = cell!.split('-');
  await page.getByTestId('confusion-examples').locator('button.example').first().click();
  await expect(page.getByTestId('prediction-truth')).toContainText(`True class: ${truth}`);
  await expect(page.locator('[data-testid=prediction-bars] li.best')).toHaveAttribute(
    'data-class',
    predicted,
  );
  // The learnt weights are one undo step.
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('kernel-view')).toContainText('He initialization');
  expect(errors).toEqual([]);
});

test('a learning rate of 1000 stops with the divergence message', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  // Tiny VGG (ReLU) on the colour shapes: its weights grow until the numbers overflow. (LeNet-5's
  // tanh saturates instead: its loss grows huge but stays finite.)
  await page.goto('./?preset=tinyvgg&weights=random&backend=cpu');
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('train-dataset').selectOption('colors');
  await page.getByTestId('train-optimizer').selectOption('sgd');
  await page.getByTestId('train-lr-slider').fill('3');
  await expect(page.getByTestId('train-lr')).toHaveText('1000');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-message')).toContainText('the loss became', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'failed');
  expect(errors).toEqual([]);
});
