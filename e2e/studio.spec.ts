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
  // The filters are the learnt ones now, and the filmstrip goes back to how they started.
  expect(await page.getByTestId('kernel-view').screenshot()).not.toEqual(filtersBefore);
  const film = page.getByTestId('filmstrip');
  const last = await film.locator('.filmstrip-filters').screenshot();
  await page.getByTestId('filmstrip-slider').fill('0');
  await expect(film).toContainText('filters at step 10');
  expect(await film.locator('.filmstrip-filters').screenshot()).not.toEqual(last);
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

test('a frozen layer keeps its weights bit for bit while the others learn', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5&weights=random&backend=cpu&layer=c1&debug');
  await page.getByTestId('freeze-c1').click();
  await expect(page.getByTestId('freeze-c1')).toHaveAttribute('aria-pressed', 'true');
  const weights = () =>
    page.evaluate(() =>
      (
        window as unknown as { __cnnDebug: { weights(id: string): number[] | null } }
      ).__cnnDebug.weights('c1'),
    );
  const f6 = () =>
    page.evaluate(() =>
      (
        window as unknown as { __cnnDebug: { weights(id: string): number[] | null } }
      ).__cnnDebug.weights('f6'),
    );
  const [c1Before, f6Before] = [await weights(), await f6()];
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'running');
  await page.waitForTimeout(3000);
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'done');
  expect(await weights()).toEqual(c1Before);
  expect(await f6()).not.toEqual(f6Before);
  expect(errors).toEqual([]);
});

test('a reload keeps the trained model (IndexedDB fills in what the link cannot carry)', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5&weights=random&backend=cpu&debug');
  const c5 = () =>
    page.evaluate(() =>
      (
        window as unknown as { __cnnDebug: { weights(id: string): number[] | null } }
      ).__cnnDebug.weights('c5'),
    );
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'running');
  await page.waitForTimeout(2000);
  await page.getByTestId('train-stop').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'done');
  const trained = await c5();
  // The address bar holds the edited network; its 48,000-number c5 array is left out of it.
  await expect(page).toHaveURL(/#net=/);
  await page.reload();
  await expect(page.getByTestId('notice').first()).toContainText(
    'Restored the weights trained in this browser',
  );
  await expect.poll(async () => JSON.stringify(await c5()) === JSON.stringify(trained)).toBe(true);
  expect(errors).toEqual([]);
});

test('transfer learning: LeNet-5 that knows 0–4, fine-tuned on ten digits 5–9, beats the same from scratch', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./?backend=cpu');
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('transfer-demo').click();
  // The pre-trained network, a new head for 5–9 and the early convolutions locked.
  await expect(page.getByTestId('freeze-c1')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('freeze-c3')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('freeze-c5')).toHaveAttribute('aria-pressed', 'false');
  const compare = page.getByTestId('transfer-compare');
  await expect(compare).toHaveAttribute('data-status', 'done', { timeout: 150_000 });
  const text = (await page.getByTestId('transfer-result').textContent()) ?? '';
  const [tuned, scratch] = [...text.matchAll(/([\d.]+)%/g)].map((m) => Number(m[1]));
  expect(text).toContain('after 30 steps');
  expect(tuned).toBeGreaterThan(scratch + 3);
  // The prediction names the new classes.
  await expect(page.getByTestId('prediction-bars').locator('li')).toHaveCount(5);
  await expect(page.locator('[data-testid=prediction-bars] .prediction-name')).toHaveText(
    ['5', '6', '7', '8', '9'].map(() => /^[5-9]/),
  );
  // Reset weights: every layer random again, one undo step away.
  await page.getByTestId('train-reset').click();
  await expect(page.getByTestId('kernel-view')).toContainText('He initialization');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('kernel-view')).not.toContainText('He initialization');
  expect(errors).toEqual([]);
});

type Stroke = readonly (readonly [number, number])[];

test('your own classes: drawn ticks and crosses, an empty class named first, then trained', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5&backend=cpu');
  await page.getByTestId('input-mode-own').click();
  await page.getByTestId('own-source-draw').click();
  await page.getByTestId('train-toggle').click();
  await page.getByTestId('train-dataset').selectOption('own');
  await expect(page.getByTestId('train-refusal')).toContainText('no pictures yet');
  const draw = async (strokes: readonly Stroke[]) => {
    await page.getByTestId('draw-clear').click();
    // Measured each time: the panels grow as pictures are added.
    await page.getByTestId('draw-pad').scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('draw-pad').boundingBox())!;
    for (const stroke of strokes) {
      const at = ([x, y]: readonly [number, number]) =>
        [box.x + x * box.width, box.y + y * box.height] as const;
      await page.mouse.move(...at(stroke[0]));
      await page.mouse.down();
      for (const p of stroke.slice(1)) await page.mouse.move(...at(p), { steps: 5 });
      await page.mouse.up();
    }
  };
  const tick = (d: number): Stroke[] => [
    [
      [0.25 + d, 0.5],
      [0.42 + d, 0.72],
      [0.78 + d, 0.22],
    ],
  ];
  const cross = (d: number): Stroke[] => [
    [
      [0.25 + d, 0.25],
      [0.75 + d, 0.75],
    ],
    [
      [0.75 + d, 0.25],
      [0.25 + d, 0.75],
    ],
  ];
  const names = page.getByTestId('captured').locator('input[aria-label^="Name of class"]');
  await names.nth(0).fill('tick');
  await names.nth(0).blur();
  await names.nth(1).fill('cross');
  await names.nth(1).blur();
  const shifts = [-0.08, -0.04, 0, 0.04, 0.08, -0.06, 0.06];
  for (const d of shifts) {
    await draw(tick(d));
    await page.getByTestId('captured-add-0').click();
  }
  await expect(page.getByTestId('captured-count-0')).toHaveText('7 pictures');
  // One class still empty: said before training, by name.
  await expect(page.getByTestId('train-refusal')).toContainText(
    "Class 'cross' has no pictures yet",
  );
  for (const d of shifts) {
    await draw(cross(d));
    await page.getByTestId('captured-add-1').click();
  }
  // The 10-digit head does not fit two classes: the studio says so and offers the fix.
  await expect(page.getByTestId('train-refusal')).toContainText('has 2 classes');
  await page.getByTestId('replace-head').click();
  await expect(page.getByTestId('train-refusal')).toHaveCount(0);
  // 12 pictures to train on (one of each class held out): batches of 8, 30 passes.
  await page.getByTestId('train-batch').selectOption('8');
  await page.getByTestId('train-epochs').fill('30');
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('train-status')).toHaveAttribute('data-status', 'done', {
    timeout: 120_000,
  });
  // A new tick and a new cross, drawn once more, are named by the classes.
  await draw(tick(0.02));
  await expect(page.getByTestId('prediction-top')).toContainText('tick');
  await draw(cross(-0.02));
  await expect(page.getByTestId('prediction-top')).toContainText('cross');
  expect(errors).toEqual([]);
});
