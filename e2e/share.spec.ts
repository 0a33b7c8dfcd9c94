// Links, files and code out of the app: a copied link reproduces the screen; hostile links are
// refused with a message and the default network; JSON round-trips; PyTorch code matches the
// summary table.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { HOSTILE_LINKS } from '../src/core/testing/hostileLinks';
import { collectConsoleErrors, summary } from './fixtures';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** What the middle panel shows: selected card, tab, animation position, pinned unit. */
const screenOf = async (page: Page) => ({
  card: await page.locator('[data-testid=layer-card].selected').getAttribute('data-card-id'),
  tab: await page.locator('[role=tab][aria-selected=true]').innerText(),
  step: await page.getByTestId('step-label').innerText(),
  equation: await page.getByTestId('equation').getAttribute('data-output'),
  field: await page.getByTestId('field-count').innerText(),
});

test('copy link → a new page shows the same network, summary and view', async ({
  page,
  context,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
  // Edit: C1 gets a 3×3 kernel with padding 1; C3 stays selected below.
  await page.getByTestId('field-kernel').fill('3');
  await page.getByTestId('field-kernel').press('Enter');
  await expect(page.locator('[data-card-id=c1] [data-testid=card-shape]')).toHaveText('6×30×30');
  await page.getByTestId('tab-steps').click();
  for (let i = 0; i < 5; i++) await page.getByTestId('step-forward').click();
  await page.getByTestId('tab-maps').click();
  await page.getByTestId('channel').nth(2).click();
  await page
    .getByTestId('zoomed-channel')
    .locator('canvas')
    .click({ position: { x: 40, y: 40 } });
  await page.getByTestId('tab-steps').click();
  await expect(page.getByTestId('field-count')).toBeVisible();
  const before = { rows: await summary(page), screen: await screenOf(page) };

  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-status')).toContainText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('net=');

  const other = await context.newPage();
  const otherErrors = collectConsoleErrors(other);
  await other.goto(link);
  await expect(other.getByTestId('slide-view')).toBeVisible();
  await expect(other.getByTestId('field-count')).toBeVisible();
  expect(await screenOf(other)).toEqual(before.screen);
  expect(await summary(other)).toEqual(before.rows);
  // The address bar follows the screen, so a reload is the same screen too.
  await other.reload();
  await expect(other.getByTestId('slide-view')).toBeVisible();
  expect(await screenOf(other)).toEqual(before.screen);
  expect([...errors, ...otherErrors]).toEqual([]);
});

for (const h of HOSTILE_LINKS) {
  test(`hostile link (${h.name}): a message and the default network`, async ({ page }) => {
    const errors = collectConsoleErrors(page);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await page.goto(`./${h.query}`);
    await expect(page.getByTestId('notice').first()).toContainText(h.expect);
    await expect(page.getByTestId('notice').first()).toContainText('Showing Tiny VGG');
    await expect(page.getByTestId('preset-select')).toHaveValue('tinyvgg');
    await expect(page.getByTestId('feature-maps')).toBeVisible();
    expect(dialogs).toBe(0);
    expect(errors).toEqual([]);
  });
}

test('a link whose unit no longer exists opens its network and says what it ignored', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5&layer=c3&unit=c3:99:0:0');
  await expect(page.getByTestId('notice').first()).toContainText(
    'Part of this link was ignored — unit: c3 is 16×10×10',
  );
  await expect(page.getByTestId('preset-select')).toHaveValue('lenet5');
  await expect(page.locator('[data-testid=layer-card].selected')).toHaveAttribute(
    'data-card-id',
    'c3',
  );
  expect(errors).toEqual([]);
});

test('network JSON: export, then import on a fresh page, gives the same summary', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=resnet18');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
  const rows = await summary(page);
  await page.getByTestId('export-open').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-json').click(),
  ]);
  const path = await download.path();
  const text = readFileSync(path, 'utf8');
  expect(JSON.parse(text).format).toBe('cnn-visualizer/network');

  await page.goto('./?preset=lenet5');
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'net.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('share-status')).toContainText('Opened net.json');
  expect(await summary(page)).toEqual(rows);
  // A broken file is refused and the network stays.
  await page.getByTestId('import-file').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      '{"format":"cnn-visualizer/network","version":1,"network":{"input":{"n":1,"c":1,"h":8,"w":8},"layers":[{"id":"x","kind":"conv2d","outChannels":1e9}]}}',
    ),
  });
  await expect(page.getByTestId('share-status')).toContainText('Could not open bad.json');
  expect(await summary(page)).toEqual(rows);
  expect(errors).toEqual([]);
});

/** `# <id> -> [1, C, H, W]` comments of the exported code, as the summary writes shapes. */
const shapesOfCode = (code: string) =>
  new Map(
    [...code.matchAll(/# (.+?) -> \[1, ([\d, ]+)\]/g)].map((m) => [
      m[1].trim(),
      m[2].split(', ').join('×'),
    ]),
  );

for (const preset of ['lenet5', 'resnet18']) {
  test(`PyTorch code for ${preset} has the summary table's layer shapes`, async ({ page }) => {
    await page.goto(`./?preset=${preset}`);
    await expect(page.getByTestId('feature-maps')).toBeVisible();
    const rows = await summary(page);
    await page.getByTestId('export-open').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-pytorch').click(),
    ]);
    const code = readFileSync(await download.path(), 'utf8');
    expect(code).toContain('from torch import nn');
    const shapes = shapesOfCode(code);
    // Every layer of the summary has its shape comment, equal to the table's output shape.
    for (const r of rows) expect(shapes.get(r.name), r.name).toBe(r.cols['output-shape']);
    const total = rows.reduce((sum, r) => sum + (r.cols.params as number), 0);
    expect(code).toContain(`expected ${total}`);
    if (preset === 'lenet5') expect(code).toContain('nn.Conv2d(1, 6, kernel_size=(5, 5)');
    else expect(code).toMatch(/class \w+\(nn\.Module\)/);
  });
}

test('PNG of a panel and SVG of the overview are real pictures', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=lenet5');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
  await page.getByTestId('export-open').click();
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-png-feature-maps').click(),
  ]);
  const bytes = readFileSync(await png.path());
  expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  // Width from the IHDR chunk: twice the panel's CSS width (pixelRatio 2).
  const panelWidth = await page.getByTestId('feature-maps').evaluate((el) => el.clientWidth);
  expect(Math.abs(bytes.readUInt32BE(16) - 2 * panelWidth)).toBeLessThan(8);

  await page.getByTestId('export-open').click();
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-svg-overview').click(),
  ]);
  const text = readFileSync(await svg.path(), 'utf8');
  expect(text.startsWith('<svg')).toBe(true);
  const doc = await page.evaluate(
    (t) =>
      new DOMParser().parseFromString(t, 'image/svg+xml').querySelectorAll('parsererror').length,
    text,
  );
  expect(doc).toBe(0);
  expect(text).toContain('fill:');
  expect(errors).toEqual([]);
});
