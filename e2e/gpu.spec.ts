import { expect, test } from '@playwright/test';
import { computedOn, debugHooks } from './debug';
import { collectConsoleErrors } from './fixtures';

test('on a software WebGPU adapter (SwiftShader) the app picks the faster CPU path and says why', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg');
  await computedOn(page, 'cpu');
  await expect(page.getByTestId('backend-notice')).toContainText('software adapter');
  await expect(page.getByTestId('backend-notice')).toContainText('backend=gpu');
  await expect(page.getByTestId('compute-status')).toContainText('WebGPU here is software');
  expect(errors).toEqual([]);
});

test('with backend=gpu the app computes on the GPU, and the 5×5 exercise reads 4,3,4 / 2,4,3 / 2,3,4', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=teach_5x5_exercise&debug&backend=gpu');
  await computedOn(page, 'gpu');
  await expect(page.getByTestId('compute-status')).toContainText('the GPU');
  expect(await debugHooks.activation(page)).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
  expect(errors).toEqual([]);
});

test('TinyVGG conv_1_2 on the GPU equals the CPU backend within 1e-4', async ({
  page,
  browser,
}) => {
  await page.goto('./?preset=tinyvgg&debug&backend=gpu');
  await page.locator('[data-layer-id=conv_1_2]').click();
  await computedOn(page, 'gpu');
  const gpu = (await debugHooks.activation(page))!;
  const cpuPage = await browser.newPage();
  await cpuPage.goto('./?preset=tinyvgg&debug&backend=cpu');
  await cpuPage.locator('[data-layer-id=conv_1_2]').click();
  await computedOn(cpuPage, 'cpu');
  const cpu = (await debugHooks.activation(cpuPage))!;
  expect(gpu.length).toBe(10 * 60 * 60);
  const worst = gpu.reduce(
    (m, g, i) => Math.max(m, Math.abs(g - cpu[i]) / Math.max(1, Math.abs(cpu[i]))),
    0,
  );
  expect(worst).toBeLessThan(1e-4);
});

test('a lost GPU device is recovered: same network, same numbers, a notice says so', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg&debug&backend=gpu');
  await computedOn(page, 'gpu');
  const before = (await debugHooks.activation(page))!;
  await debugHooks.loseDevice(page);
  await expect(page.getByTestId('backend-notice')).toContainText('restored');
  await computedOn(page, 'gpu');
  const after = (await debugHooks.activation(page))!;
  expect(after).toEqual(before);
  // The network survived: input + 13 layer cards.
  await expect(page.getByTestId('layer-card')).toHaveCount(14);
  expect(errors.filter((e) => !/lost|destroyed/i.test(e))).toEqual([]);
});

test('after repeated device losses the app falls back to the CPU and says so', async ({ page }) => {
  await page.goto('./?preset=teach_5x5_exercise&debug&backend=gpu');
  await computedOn(page, 'gpu');
  for (let i = 1; i <= 2; i++) {
    await debugHooks.loseDevice(page);
    await expect(page.getByTestId('backend-notice')).toContainText(`(${i} of 3 losses`);
    await computedOn(page, 'gpu');
  }
  await debugHooks.loseDevice(page);
  await expect(page.getByTestId('backend-notice')).toContainText('computing on the CPU');
  await computedOn(page, 'cpu');
  expect(await debugHooks.activation(page)).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
});
