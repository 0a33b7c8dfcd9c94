// The training studio's layer health: while LeNet-5 trains on MNIST (CPU, in a worker) a report
// per layer appears every 10 steps — weight and gradient histograms, the update/weight ratio with
// a verdict in words — and a learning rate of 10 is called out as exploding, in plain words.
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';

const LAYERS = ['c1', 'c3', 'c5', 'f6', 'output'];

test('layer health while LeNet-5 learns MNIST: every layer, a verdict, no warning', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5&weights=random&backend=cpu');
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('train-start').click();
  const health = page.getByTestId('layer-health');
  await expect(health).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'paused');
  for (const id of LAYERS) {
    const row = health.getByTestId(`health-${id}`);
    await expect(row).toBeVisible();
    // Text alternatives for both histograms, and the verdict as a word.
    await expect(row.getByRole('img')).toHaveCount(2);
    await expect(row.getByRole('img').first()).toHaveAttribute('aria-label', /weight: mean/);
    await expect(row.getByRole('img').last()).toHaveAttribute('aria-label', /typical \(RMS\) ~/);
    await expect(row.locator('.health-chip')).toHaveText(/(ok|slow|large) [\d.]+%/);
  }
  await expect(page.getByTestId('health-fine')).toBeVisible();
  await page.getByTestId('train-panel').screenshot({ path: info.outputPath('health-panel.png') });
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'done');
  expect(errors).toEqual([]);
});

test('a learning rate of 10 with SGD: "Exploding updates … lower it"', async ({ page }, info) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5&weights=random&backend=cpu');
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('train-optimizer').selectOption('sgd');
  await page.getByTestId('train-lr-slider').fill('1');
  await expect(page.getByTestId('train-lr')).toHaveText('10');
  await page.getByTestId('train-start').click();
  const warnings = page.getByTestId('health-warnings');
  await expect(warnings).toContainText('Exploding updates', { timeout: 60_000 });
  await expect(warnings).toContainText('lower it');
  // Pause to look: the report stays until the next one (a saturated tanh network may then vanish).
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'paused');
  await page
    .getByTestId('train-panel')
    .screenshot({ path: info.outputPath('health-exploding.png') });
  if (await page.getByTestId('train-stop').isVisible())
    await page.getByTestId('train-stop').click();
  expect(errors).toEqual([]);
});

test('Tiny VGG (ReLU) on the colour shapes: dead-unit counts after each ReLU', async ({
  page,
}, info) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg&weights=random&backend=cpu');
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('train-dataset').selectOption('colors');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('health-dead')).toContainText(/after \S+ \d+ of \d+/, {
    timeout: 90_000,
  });
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'paused');
  await page.getByTestId('layer-health').screenshot({ path: info.outputPath('health-relu.png') });
  await page.getByTestId('train-stop').click();
  expect(errors).toEqual([]);
});
