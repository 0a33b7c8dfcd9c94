// Receptive fields: click a unit, see the input pixels (and every layer's units) it depends on.
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';

test('two stacked 3×3 convs: the centre unit of the last layer sees 25 input pixels', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=teach_two_3x3&debug');
  await page.locator('[data-card-id=conv2] .card-main').click();
  await page.getByTestId('channel').first().click();
  const cells = page.getByTestId('zoomed-channel').locator('td');
  await expect(cells).toHaveCount(9);
  await cells.nth(4).click();
  await page.mouse.move(0, 0);
  await expect(page.getByTestId('field-input')).toHaveAttribute('data-pixels', '25');
  await expect(page.getByTestId('field-input')).toHaveAttribute('data-in-frame', '25');
  await expect(page.getByTestId('field-count')).toContainText('25 input pixels in a 5×5 box');
  // conv1: the 3×3 units the centre unit reads.
  await expect(page.locator('[data-testid=field-layer][data-layer-id=conv1]')).toHaveAttribute(
    'data-units',
    '9',
  );
  await expect(
    page.locator('[data-testid=rf-table] tr[data-layer-id=conv2] [data-col=size]'),
  ).toHaveText('5×5');
  await expect(page.getByTestId('rf-substituted')).toContainText('5');
  await page.screenshot({ path: 'test-results/screens/field-two-3x3.png', fullPage: true });
  // A corner unit with padding: the dilation preset's first layer reaches into the padding.
  await page.goto('./?preset=teach_dilation&debug');
  await page.locator('[data-card-id=conv3] .card-main').click();
  await page.getByTestId('channel').first().click();
  const canvas = page.getByTestId('zoomed-channel').locator('canvas');
  const box = (await canvas.boundingBox())!;
  await page.mouse.click(box.x + 2, box.y + 2);
  await page.mouse.move(0, 0);
  // Unit (0, 0) after dilations 1, 2, 4 (field 15×15): 8×8 of it in the image, the rest padding.
  await expect(page.getByTestId('field-input')).toHaveAttribute('data-pixels', '64');
  await expect(page.getByTestId('field-panel')).toContainText('padding');
  expect(errors).toEqual([]);
});

test('VGG-16: the centre unit of pool5 has a 212×212 field', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('./?preset=vgg16&debug');
  await page.locator('[data-card-id=pool5] .card-main').click();
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done', {
    timeout: 90_000,
  });
  await page.getByTestId('channel').first().click();
  // 7×7: the zoomed map prints its numbers; the centre unit is cell 24.
  await page.getByTestId('zoomed-channel').locator('td').nth(24).click();
  await page.mouse.move(0, 0);
  await expect(
    page.locator('[data-testid=rf-table] tr[data-layer-id=pool5] [data-col=size]'),
  ).toHaveText('212×212');
  await expect(page.getByTestId('field-count')).toContainText('input pixels');
});

test('a dense unit depends on the whole input: LeNet-5 output 3 reads all 32×32 pixels', async ({
  page,
}) => {
  await page.goto('./?preset=lenet5&debug');
  await page.locator('[data-card-id=output] .card-main').click();
  await page.locator('.vector .cell').nth(3).click();
  await page.mouse.move(0, 0);
  await expect(page.getByTestId('field-count')).toContainText('1,024 input pixels in a 32×32 box');
  await expect(page.locator('[data-testid=rf-table] tr[data-layer-id=output]')).toContainText(
    'the whole input',
  );
});
