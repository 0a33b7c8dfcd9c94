// Numbers you can trust: the words beside the numbers say what the numbers are. 'same' padding
// with stride > 1 is TensorFlow's, flat layers have no jump, each norm sentence names what that
// mode pools, and a layer being computed says so (with the input still on screen).
import { expect, test } from '@playwright/test';
import { expectAccessible } from './a11yHelpers';
import { debugHooks } from './debug';
import { collectConsoleErrors } from './fixtures';

test("'same' with stride 2 says TensorFlow style, ⌈224/2⌉ = 112, and that PyTorch refuses it", async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=mobilenet_v1&layer=conv1&backend=cpu');
  const mode = page.getByTestId('field-padding-mode');
  await expect(mode).toHaveValue('same');
  await expect(mode.locator('option[value=same]')).toHaveText(
    'same, TensorFlow style: ⌈224/2⌉ = 112',
  );
  await expect(page.getByTestId('same-note')).toContainText('padding 0 before, 1 after');
  await expect(page.getByTestId('same-note')).toContainText(
    "PyTorch’s padding='same' refuses stride > 1",
  );
  // The arithmetic panel: how 'same' chose the padding, before the output-size formulas.
  const same = page.getByTestId('arith-same');
  await expect(same).toContainText('TensorFlow style: the output is ⌈I/S⌉');
  await expect(same).toContainText('refuses stride > 1');
  await page.screenshot({ path: 'test-results/screens/same-stride2.png', fullPage: true });
  await expectAccessible(page, "'same' note and arithmetic");
  // A stride-1 'same' conv keeps the size and says only that.
  await page.locator('[data-card-id=conv_dw_1] .card-main').click();
  await expect(mode.locator('option[value=same]')).toHaveText('same: keeps 112×112');
  await expect(page.getByTestId('same-note')).not.toContainText('PyTorch');
  await expect(page.getByTestId('arith-same')).toContainText('keeps the input size');
  expect(errors).toEqual([]);
});

test('flatten and linear have no receptive-field jump: "—" with a title, not 52', async ({
  page,
}) => {
  await page.goto('./?preset=tinyvgg&summary=1&backend=cpu');
  const jump = (id: string) =>
    page.locator(`[data-testid=layer-summary] tr[data-layer-id="${id}"] [data-col=rf-jump]`);
  await expect(jump('flatten')).toHaveText('—');
  await expect(jump('flatten')).toHaveAttribute('title', /no rows or columns/);
  const linears = page.locator('[data-testid=layer-summary] tr').filter({ hasText: 'Linear' });
  await expect(linears).not.toHaveCount(0);
  for (const row of await linears.all())
    await expect(row.locator('[data-col=rf-jump]')).toHaveText('—');
  // The last pooling layer before them still has its jump, 4.
  const pools = page.locator('[data-testid=layer-summary] tr').filter({ hasText: 'MaxPool' });
  await expect(pools.last().locator('[data-col=rf-jump]')).toHaveText('4');
});

test('batch norm with 64 channels: the hidden-channel note names what each mode pools', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=resnet18&layer=bn1&view=steps&backend=cpu');
  await expect(page.getByTestId('norm-steps')).toBeVisible({ timeout: 40_000 });
  const hidden = page.getByTestId('norm-hidden');
  await expect(hidden).toContainText('First 16 of 64 channels shown');
  await expect(hidden).toContainText('batch norm pools each channel on its own');
  await expect(hidden).not.toContainText('layer norm');
  // N = 1: the batch is this one image.
  await expect(page.getByTestId('norm-pools')).toContainText('with a batch of one');
  await expect(page.getByTestId('norm-modes')).toContainText('a batch of one');
  await page.getByTestId('pool-layerNorm').click();
  await expect(hidden).toContainText('layer norm pools all 64 of them');
  await expect(page.getByTestId('norm-what-if')).toContainText('This layer is a batch norm');
  expect(errors).toEqual([]);
});

test('while a layer computes: the step tab says so, and the input stays on screen', async ({
  page,
}) => {
  // VGG-16 up to relu5_3 on the CPU takes seconds: long enough to look at the page while it runs.
  await page.goto('./?preset=vgg16&layer=relu5_3&view=steps&backend=cpu');
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'running');
  const computing = page.getByTestId('computing');
  await expect(computing).toContainText('Computing ‘relu5_3’');
  await expect(page.getByTestId('slide-unavailable')).toHaveCount(0);
  // No input computed yet: the sample image stands in, not a blank square.
  const thumb = page.getByTestId('input-image');
  await expect(thumb).toHaveAttribute('data-pending', 'true');
  await expect(thumb.locator('img')).toHaveAttribute('src', /chelsea/);
  await expect
    .poll(() => thumb.locator('img').evaluate((i: HTMLImageElement) => i.naturalWidth))
    .toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/screens/computing.png', fullPage: true });
  // Cancelled before relu5_3: it says it stopped and offers to compute again.
  await page.getByTestId('compute-cancel').click();
  await expect(page.getByTestId('slide-unavailable')).toContainText('Stopped before ‘relu5_3’');
});

test('batch norm in training mode: the maps use the batch statistics, and the link says so', async ({
  page,
}) => {
  await page.goto('./?preset=resnet18&layer=bn1&view=steps&backend=cpu&debug');
  const status = page.getByTestId('compute-status');
  await expect(status).toHaveAttribute('data-status', 'done');
  const inference = (await debugHooks.activation(page))!;
  await page.getByTestId('bn-mode-toggle').click();
  await expect(page.getByTestId('norm-modes')).toContainText('training mode');
  await expect(status).toHaveAttribute('data-status', 'done');
  await expect.poll(async () => (await debugHooks.activation(page))![0]).not.toBe(inference[0]);
  const training = (await debugHooks.activation(page))!;
  // With the batch's own statistics each channel comes out with mean ≈ 0 (γ = 1, β = 0).
  const plane = training.length / 64;
  const mean = training.slice(0, plane).reduce((a, b) => a + b, 0) / plane;
  expect(Math.abs(mean)).toBeLessThan(1e-3);
  await page.waitForTimeout(700);
  expect(page.url()).toContain('bn=training');
});
