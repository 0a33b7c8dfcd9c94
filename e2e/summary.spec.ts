import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors, readSummary } from './fixtures';

async function open(page: Page, query: string) {
  await page.goto(`./?${query}`);
  // The summary table is one click away, in a drawer.
  await page.getByTestId('summary-toggle').click();
  await expect(page.getByTestId('layer-summary')).toBeVisible();
}

test('?preset=vgg16: the summary table reads VGG-16 (138,357,544 parameters)', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await open(page, 'preset=vgg16');
  const rows = await readSummary(page);
  // 13 conv + 13 relu + 5 pool + flatten + 3 linear + 2 relu + softmax
  expect(rows.length).toBeGreaterThanOrEqual(37);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const first = rows[0];
  expect(first.cols['output-shape']).toBe('64×224×224');
  expect(first.cols.params).toBe(1792);
  expect(first.cols['rf-size']).toMatch(/^3×3/);
  const convs = rows.filter((r) => r.kind === 'Conv');
  expect(convs).toHaveLength(13);
  expect(convs.at(-1)!.cols['output-shape']).toBe('512×14×14');
  expect(convs.at(-1)!.cols['rf-size']).toMatch(/^196×196/);
  const linears = rows.filter((r) => r.kind === 'Linear');
  expect(linears.map((r) => r.cols.params)).toEqual([102_764_544, 16_781_312, 4_097_000]);
  expect(rows.every((r) => r.cols.status === 'ok')).toBe(true);
  expect(byId.size).toBe(rows.length);
  const total = Number((await page.getByTestId('total-params').innerText()).replace(/[^0-9]/g, ''));
  expect(total).toBe(138_357_544);
  expect(rows.reduce((s, r) => s + (r.cols.params as number), 0)).toBe(total);
  await expect(page.getByTestId('preset-info')).toContainText('matched to the unit');
  // conv1_1 beside a dense layer from 3×224×224 to 64×224×224.
  await expect(page.getByTestId('arith-counts')).toContainText('483,388,358,656');
  expect(errors).toEqual([]);
});

test('?preset=teach_7x7_s3: the doesn’t-fit warning names the uncovered row', async ({ page }) => {
  await open(page, 'preset=teach_7x7_s3');
  const rows = await readSummary(page);
  const conv = rows.find((r) => r.kind === 'Conv')!;
  expect(conv.cols['output-shape']).toBe('1×2×2');
  expect(String(conv.cols.status)).toContain("doesn't fit");
  expect(String(conv.cols.status)).toContain('row 6');
  await expect(page.getByTestId('axis-formula').first()).toContainText('2.33');
  await expect(page.getByTestId('arith-fit')).toContainText('row 6');
  await expect(page.getByTestId('coverage-strip').first()).toHaveAttribute('data-uncovered', '6');
});

test('feature maps of the first conv are computed on the CPU and drawn', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await open(page, 'preset=tinyvgg');
  const maps = page.getByTestId('feature-maps');
  await expect(maps).toBeVisible();
  await expect(maps).toHaveAttribute('data-channels', '10');
  await expect(maps.locator('canvas')).toHaveCount(10);
  // A drawn heatmap has more than one colour.
  const distinct = await maps
    .locator('canvas')
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    });
  expect(distinct).toBeGreaterThan(10);
  expect(errors).toEqual([]);
});

test('the 5×5 exercise shows the lecture’s output, 4 at the top-left', async ({ page }) => {
  await open(page, 'preset=teach_5x5_exercise');
  const maps = page.getByTestId('feature-maps');
  await expect(maps).toHaveAttribute('data-channels', '1');
  const cells = maps.getByTestId('number-grid').first().locator('td');
  await expect(cells).toHaveCount(9);
  const values = await cells.evaluateAll((tds) =>
    tds.map((td) => Number(td.getAttribute('data-value'))),
  );
  expect(values).toEqual([4, 3, 4, 2, 4, 3, 2, 3, 4]);
});

test('selecting a later layer computes it; an unknown preset gives a notice, not a blank page', async ({
  page,
}) => {
  await open(page, 'preset=nope');
  await expect(page.getByTestId('notice')).toContainText("'nope'");
  await expect(page.getByTestId('layer-summary')).toBeVisible();
  const rows = page.locator('[data-testid=layer-summary] tbody tr');
  await rows.nth(3).click();
  await expect(rows.nth(3)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
});
