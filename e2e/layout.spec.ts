// Layout checks, not pixel snapshots: an edit and its consequences on one screen. At laptop
// sizes the selected layer's settings, its maps and the explanation of what the pointer is on
// are all in the first viewport; on a phone the settings are a bottom sheet over the maps. Then
// axe in every main view, in both themes, in lecture mode and in the lessons.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SHOTS, expectAccessible, openTinyVgg } from './a11yHelpers';

/** The element's top `need` px (or all of it, if shorter) lie inside the viewport. */
async function inFirstScreen(page: Page, el: Locator, what: string, need = 80) {
  const vp = page.viewportSize()!;
  const b = (await el.boundingBox())!;
  expect(b, what).not.toBeNull();
  const seen = Math.min(b.height, need);
  expect(b.y, `${what}: top at ${Math.round(b.y)}`).toBeGreaterThanOrEqual(0);
  expect(b.y + seen, `${what}: top at ${Math.round(b.y)} of ${vp.height}`).toBeLessThanOrEqual(
    vp.height,
  );
  expect(b.x, what).toBeGreaterThanOrEqual(0);
  expect(b.x + Math.min(b.width, need), what).toBeLessThanOrEqual(vp.width);
}

const scrollTop = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollTop);

for (const [w, h] of [
  [1440, 900],
  [1280, 720],
] as const)
  test(`${w}×${h}: settings, maps and the explanation in one screen, before and after an edit`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: w, height: h });
    await openTinyVgg(page, false);
    const editor = page.getByTestId('layer-editor');
    const firstMap = page.getByTestId('feature-maps').getByTestId('channel').first();
    const field = page.getByTestId('field-panel');
    await inFirstScreen(page, editor, 'layer settings');
    await inFirstScreen(page, page.getByTestId('field-kernel'), 'the kernel box', 30);
    await inFirstScreen(page, firstMap, 'first feature map');
    await inFirstScreen(page, field, 'receptive-field panel');
    await page.screenshot({ path: `${SHOTS}/layout-${w}x${h}.png` });
    // An edit: the kernel to 5. The maps change size in place; nothing has scrolled.
    await page.getByTestId('field-kernel').fill('5');
    await page.getByTestId('field-kernel').press('Enter');
    await expect(page.locator('[data-card-id=conv_1_1]')).toContainText('10×60×60');
    await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
    expect(await scrollTop(page)).toBe(0);
    await inFirstScreen(page, firstMap, 'first feature map after the edit');
    await inFirstScreen(page, editor, 'layer settings after the edit');
    // Point at a unit: its receptive field shows beside the map, in the same screen.
    await firstMap.locator('button').click();
    const zoomed = page.getByTestId('zoomed-channel').locator('canvas');
    const box = (await zoomed.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + Math.min(box.height * 0.3, 40));
    await expect(page.getByTestId('field-input')).toBeVisible();
    await inFirstScreen(page, page.getByTestId('field-input'), 'the field on the input', 60);
    await inFirstScreen(page, zoomed, 'the zoomed map', 60);
    await inFirstScreen(page, editor, 'layer settings with a pinned unit');
    await page.screenshot({ path: `${SHOTS}/layout-${w}x${h}-field.png` });
    // The step view: the settings, the step grid and the equation together.
    await page.getByTestId('tab-steps').click();
    await inFirstScreen(page, page.getByTestId('slide-input').first(), 'the step grid', 60);
    await inFirstScreen(page, editor, 'layer settings beside the steps');
    await page.screenshot({ path: `${SHOTS}/layout-${w}x${h}-steps.png` });
  });

test('375×667: the settings are a bottom sheet; an edit and its maps in one screen', async ({
  browser,
}) => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 667 },
    hasTouch: true,
    isMobile: true,
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  await openTinyVgg(page, false);
  const sheet = page.getByTestId('settings-sheet');
  const maps = page.getByTestId('feature-maps');
  await maps.scrollIntoViewIfNeeded();
  await page.getByTestId('sheet-toggle').tap();
  await expect(page.getByTestId('layer-editor')).toBeVisible();
  // The editor's − / + steppers replace the slider on a touch screen, 44 px each.
  const more = page.getByTestId('field-kernel-more');
  await expect(more).toBeVisible();
  const tap = (await more.boundingBox())!;
  expect(Math.min(tap.width, tap.height)).toBeGreaterThanOrEqual(43.5);
  await more.tap();
  await more.tap();
  await expect(page.getByTestId('field-kernel')).toHaveValue('5');
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  // The maps it changed: in the viewport, above the sheet.
  const sheetTop = (await sheet.boundingBox())!.y;
  const map = maps.getByTestId('channel').first();
  await map.scrollIntoViewIfNeeded();
  const m = (await map.boundingBox())!;
  const top = (await sheet.boundingBox())!.y;
  expect(top).toBe(sheetTop);
  expect(m.y).toBeGreaterThanOrEqual(0);
  expect(m.y + Math.min(m.height, 60)).toBeLessThanOrEqual(top);
  await expect(maps).toContainText('−'); // a reading of the new maps' scale
  await page.screenshot({ path: `${SHOTS}/layout-375-sheet.png` });
  // Closed, the sheet is a 44 px handle.
  await page.getByTestId('sheet-toggle').tap();
  expect((await sheet.boundingBox())!.height).toBeLessThan(60);
  await context.close();
});

test.describe('axe in every main view, both themes', () => {
  test.setTimeout(120_000);
  for (const theme of ['light', 'dark'] as const)
    test(`${theme} theme`, async ({ page }) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openTinyVgg(page, false);
      if (theme === 'dark') await page.getByTestId('theme-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await expectAccessible(page, `${theme}: feature maps`);
      await page.getByTestId('tab-steps').click();
      await expect(page.getByTestId('equation')).toBeVisible();
      await expectAccessible(page, `${theme}: watch it compute`);
      await page.getByTestId('summary-toggle').click();
      await expect(page.getByTestId('summary-drawer')).toBeVisible();
      await expectAccessible(page, `${theme}: summary`);
      await page.getByTestId('summary-close').click();
      await page.getByTestId('train-toggle').click();
      await expect(page.getByTestId('train-panel')).toBeVisible();
      await expectAccessible(page, `${theme}: training studio`);
      await page.getByTestId('train-toggle').click();
      await page.getByTestId('lessons-open').click();
      await expect(page.getByTestId('lesson-panel')).toBeVisible();
      await expectAccessible(page, `${theme}: lessons`);
      await page.getByTestId('lessons-open').click();
      await page.getByTestId('lecture-toggle').click();
      await expect(page.locator('html')).toHaveClass(/lecture/);
      await expectAccessible(page, `${theme}: lecture mode, maps`);
      await page.locator('body').press('e');
      await expect(page.getByTestId('lecture-settings')).toBeVisible();
      await expectAccessible(page, `${theme}: lecture mode, settings drawer`);
      await page.locator('body').press('e');
      await page.locator('body').press('l');
      await expect(page.locator('html')).not.toHaveClass(/lecture/);
      // LeNet-5's prediction and its Why panel.
      await page.goto('./?preset=lenet5');
      await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
      if ((await page.locator('html').getAttribute('data-theme')) !== theme)
        await page.getByTestId('theme-toggle').click();
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      await page.getByTestId('why-open').click();
      await expect(page.getByTestId('why-panel')).toBeVisible();
      await expectAccessible(page, `${theme}: the Why panel`);
      await page.screenshot({ path: `${SHOTS}/axe-${theme}-why.png` });
    });
});
