import { expect, test } from '@playwright/test';
import { computedOn } from './debug';
import { collectConsoleErrors } from './fixtures';

test('without WebGPU the app computes on the CPU and shows a notice saying why', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=tinyvgg');
  await expect(page.getByTestId('backend-notice')).toContainText('computing on the CPU');
  await computedOn(page, 'cpu');
  await expect(page.getByTestId('feature-maps').locator('canvas')).toHaveCount(10);
  expect(errors).toEqual([]);
});
