// The builder flows of the visualizer: build, break, fix, type an exercise, keyboard only.
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: false });

async function startEmpty(page: Page) {
  await page.goto('./?debug');
  await page.getByTestId('preset-select').selectOption('empty');
  await expect(page.getByTestId('layer-card')).toHaveCount(1);
}

async function setField(page: Page, testId: string, value: string) {
  const field = page.getByTestId(testId);
  await field.fill(value);
  await field.blur();
}

async function add(page: Page, kind: string) {
  await page.getByTestId(`palette-${kind}`).click();
}

test('build LeNet-5 from an empty network by clicking: 61,706 parameters', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await startEmpty(page);
  await page.locator('[data-card-id=input] .card-main').click();
  await setField(page, 'field-input-h', '32');
  await setField(page, 'field-input-w', '32');
  for (const stage of [6, 16]) {
    await add(page, 'conv2d');
    await setField(page, 'field-out-channels', String(stage));
    await setField(page, 'field-kernel', '5');
    await add(page, 'activation');
    await page.getByTestId('field-activation').selectOption('tanh');
    await add(page, 'avgPool2d');
  }
  await add(page, 'flatten');
  for (const f of [120, 84]) {
    await add(page, 'linear');
    await setField(page, 'field-out-features', String(f));
    await add(page, 'activation');
    await page.getByTestId('field-activation').selectOption('tanh');
  }
  await add(page, 'linear');
  const shapes = await page.getByTestId('card-shape').allTextContents();
  expect(shapes).toEqual([
    '1×32×32',
    '6×28×28',
    '6×28×28',
    '6×14×14',
    '16×10×10',
    '16×10×10',
    '16×5×5',
    '400',
    '120',
    '120',
    '84',
    '84',
    '10',
  ]);
  await page.getByTestId('summary-toggle').click();
  await expect(page.getByTestId('total-params')).toHaveText('61,706');
  await shot(page, 'lenet5-built-summary');
  await page.getByTestId('summary-close').click();
  // The last layer's ten outputs are computed and drawn.
  await expect(page.getByTestId('feature-maps')).toHaveAttribute('data-channels', '10');
  await shot(page, 'lenet5-built');
  expect(errors).toEqual([]);
});

test('an invalid kernel size is explained while the old maps stay, dimmed', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg&debug');
  const maps = page.getByTestId('feature-maps');
  await expect(maps.getByTestId('channel')).toHaveCount(10);
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  // 80 is past what any link can carry (64): refused beside the field, nothing changes.
  await setField(page, 'field-kernel', '80');
  await expect(page.getByTestId('field-kernel-hint')).toContainText('at most 64');
  await expect(maps).toHaveAttribute('data-stale', 'false');
  // Kernel 64 dilated by 2 spans 127 cells: a link can carry it, the 64×64 input cannot hold it.
  await setField(page, 'field-kernel', '64');
  await setField(page, 'field-padding', '0');
  await setField(page, 'field-dilation', '2');
  await expect(page.getByTestId('layer-error')).toContainText('kernel');
  await expect(maps).toHaveAttribute('data-stale', 'true');
  await expect(maps.getByTestId('channel')).toHaveCount(10);
  await expect(page.locator('[data-card-id=conv_1_1]')).toHaveClass(/error/);
  // Text that is not a number is only hinted at, never committed.
  await page.getByTestId('field-stride').fill('two');
  await expect(page.locator('.field-hint')).toHaveText('type a number');
  await shot(page, 'invalid-kernel');
  await setField(page, 'field-stride', '1');
  await setField(page, 'field-dilation', '1');
  await setField(page, 'field-kernel', '3');
  await expect(maps).toHaveAttribute('data-stale', 'false');
  await expect(page.getByTestId('layer-error')).toHaveCount(0);
  // Ctrl+Z walks back through the edits.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('field-kernel')).toHaveValue('64');
  expect(errors).toEqual([]);
});

test('the 5×5 exercise typed in numeric mode reads 4 in the top-left output cell', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await startEmpty(page);
  await page.locator('[data-card-id=input] .card-main').click();
  await setField(page, 'field-input-h', '5');
  await setField(page, 'field-input-w', '5');
  await page.getByTestId('input-mode-numeric').click();
  const image = [
    [1, 1, 1, 0, 0],
    [0, 1, 1, 1, 0],
    [0, 0, 1, 1, 1],
    [0, 0, 1, 1, 0],
    [0, 1, 1, 0, 0],
  ];
  for (const [y, row] of image.entries())
    for (const [x, v] of row.entries())
      await page.locator(`[data-testid=input-cell][data-y="${y}"][data-x="${x}"]`).fill(String(v));
  await add(page, 'conv2d');
  await setField(page, 'field-out-channels', '1');
  await page.getByTestId('field-bias').uncheck();
  await page.getByTestId('filter').first().click();
  const kernel = [1, 0, 1, 0, 1, 0, 1, 0, 1];
  const cells = page.getByTestId('weight-cell');
  for (const [i, v] of kernel.entries()) await cells.nth(i).fill(String(v));
  await cells.last().blur();
  const grid = page.getByTestId('feature-maps').getByTestId('number-grid');
  await expect(grid.locator('td').first()).toHaveAttribute('data-value', '4');
  const values = await grid
    .locator('td')
    .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-value'))));
  expect(values).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
  await shot(page, 'exercise-5x5');
  expect(errors).toEqual([]);
});

test('colour scale modes: per layer, per channel, global', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg&debug');
  const legend = page.getByTestId('legend');
  await expect(page.getByTestId('channel')).toHaveCount(10);
  const layerText = await legend.textContent();
  await page.getByTestId('scale-channel').click();
  await expect(page.locator('.map .range')).toHaveCount(10);
  await page.getByTestId('scale-global').click();
  await expect(legend).toContainText('every layer');
  await expect.poll(async () => legend.textContent()).not.toBe(layerText);
  await page.getByTestId('scale-layer').click();
  await expect(legend).toHaveText(layerText ?? '');
  // Hover reads channel, y, x and value; a click zooms.
  const first = page.getByTestId('channel').first().locator('canvas');
  const box = (await first.boundingBox())!;
  await page.mouse.move(box.x + 2, box.y + 2);
  await expect(page.getByTestId('hover-readout')).toContainText('channel 0 · y 0 · x 0 · value');
  await first.click();
  await expect(page.getByTestId('zoomed-channel')).toBeVisible();
  await shot(page, 'zoomed');
  expect(errors).toEqual([]);
});

test('keyboard only: add a layer and change its stride', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg&debug');
  await expect(page.getByTestId('channel')).toHaveCount(10);
  const focusOn = async (testId: string) => {
    for (let i = 0; i < 200; i++) {
      if (
        (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId
      )
        return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${testId}`);
  };
  await focusOn('palette-maxPool2d');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-card-id=pool1]')).toHaveClass(/selected/);
  await focusOn('field-stride');
  await page.keyboard.press('Control+a');
  await page.keyboard.type('1');
  await expect(page.locator('[data-card-id=pool1] [data-testid=card-shape]')).toHaveText(
    '10×61×61',
  );
  expect(errors).toEqual([]);
});

test('overview, drag and the history buttons', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=resnet18&debug');
  const blocks = page.getByTestId('overview-block');
  // The input and every layer are drawn; skip connections join the adds.
  await expect(blocks).toHaveCount(await page.getByTestId('layer-card').count());
  await expect(page.locator('.ov-skip').first()).toBeAttached();
  await page.locator('[data-testid=overview-block][data-layer-id="layer1.0.conv2"]').click();
  await expect(page.locator('[data-card-id="layer1.0.conv2"]')).toHaveClass(/selected/);
  await expect(page.getByTestId('feature-maps')).toHaveAttribute('data-channels', '64');
  await page.goto('./?preset=lenet5&debug');
  const names = () => page.locator('[data-testid=layer-card] .card-name').allTextContents();
  const before = await names();
  await page.locator('[data-card-id=s2]').dragTo(page.locator('[data-card-id=c1]'));
  expect((await names()).slice(1, 4)).toEqual([before[3], before[1], before[2]]);
  await page.getByTestId('undo').click();
  expect(await names()).toEqual(before);
  await page.getByTestId('redo').click();
  expect((await names())[1]).toBe(before[3]);
  await page.getByTestId('reset').click();
  expect(await names()).toEqual(before);
  expect(errors).toEqual([]);
});
