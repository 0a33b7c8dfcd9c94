// Devices: touch on a tablet, and the layout from a 375 px phone to a 4K projector.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, openTinyVgg, SHOTS } from './a11yHelpers';

test.describe('touch', () => {
  test.use({ hasTouch: true, viewport: { width: 768, height: 1024 } });

  test('tap a channel to zoom, tap a unit to read it and pin its field', async ({ page }) => {
    await openTinyVgg(page);
    await page.getByTestId('channel').nth(2).locator('button').tap();
    const map = page.getByTestId('zoomed-channel').locator('canvas');
    await expect(map).toBeVisible();
    const box = (await map.boundingBox())!;
    // conv_1_1 is 62×62: tap the unit in row 31, column 10.
    await page.touchscreen.tap(box.x + (10.5 / 62) * box.width, box.y + (31.5 / 62) * box.height);
    await expect(page.getByTestId('hover-readout')).toContainText('channel 2 · y 31 · x 10');
    await expect(page.getByTestId('field-panel')).toContainText('channel 2, y 31, x 10');
    await expect(page.getByTestId('field-panel')).toContainText('pinned');
    await expect(page.getByTestId('field-input')).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/a11y-touch-768.png` });
    // The layer cards: move buttons on the selected card, no drag needed.
    await page.locator('[data-card-id=conv_1_2] .card-main').tap();
    await page.getByRole('button', { name: 'Move conv_1_2 left' }).tap();
    await expect(page.getByTestId('layer-card').nth(2)).toHaveAttribute('data-card-id', 'conv_1_2');
  });
});

/** '' when the page is no wider than `width`, else its width and the elements sticking out. */
async function sideScroll(page: Page, width: number): Promise<string> {
  return page.evaluate((w) => {
    const wide = document.scrollingElement!.scrollWidth;
    if (wide <= w + 1) return '';
    const inScroller = (e: Element) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement)
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      return false;
    };
    const out = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > w + 1 && !inScroller(e))
      .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= w + 1)
      .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`)
      .slice(0, 8);
    return `page ${wide} px wide: ${out.join(', ')}`;
  }, width);
}

test.describe('phone to projector', () => {
  /** The page does not scroll sideways (else the message names what sticks out). */
  const noSideScroll = (page: Page, width: number) =>
    expect.poll(() => sideScroll(page, width), { timeout: 5000 }).toBe('');

  /** The element's box lies within the page's width (it may need a vertical scroll). */
  async function inWidth(page: Page, selector: string, width: number) {
    const el = page.locator(selector).first();
    await el.scrollIntoViewIfNeeded();
    await expect(el).toBeVisible();
    const b = (await el.boundingBox())!;
    expect(b.x, selector).toBeGreaterThanOrEqual(-1);
    expect(b.x + b.width, selector).toBeLessThanOrEqual(width + 1);
  }

  test('375×667: one column, nothing wider than the phone', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 667 });
    await openTinyVgg(page, false);
    await page.screenshot({ path: `${SHOTS}/a11y-phone-375.png` });
    await page.screenshot({ path: `${SHOTS}/a11y-phone-375-full.png`, fullPage: true });
    await noSideScroll(page, 375);
    for (const sel of [
      '[data-testid=preset-select]',
      '[data-testid=summary-toggle]',
      '[data-testid=builder]',
      '.strip',
      '[data-testid=tab-steps]',
      '[data-testid=feature-maps]',
      '[data-testid=kernel-view]',
      '[data-testid=arithmetic]',
    ])
      await inWidth(page, sel, 375);
    // The layer's settings are a bottom sheet: closed to its handle, open within the phone.
    await page.getByTestId('sheet-toggle').click();
    await inWidth(page, '[data-testid=layer-editor]', 375);
    await page.screenshot({ path: `${SHOTS}/a11y-phone-375-sheet.png` });
    await page.getByTestId('sheet-toggle').click();
    // The layer strip scrolls inside itself.
    const strip = page.locator('.strip');
    expect(await strip.evaluate((s) => s.scrollWidth > s.clientWidth)).toBe(true);
    // A zoomed channel, the step view and the summary table fit or scroll inside their box.
    await page.getByTestId('channel').first().locator('button').click();
    await inWidth(page, '[data-testid=zoomed-channel] canvas', 375);
    const map = page.getByTestId('zoomed-channel').locator('canvas');
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.move(0, 0);
    await expect(page.getByTestId('field-input')).toBeVisible();
    await noSideScroll(page, 375);
    await expectAccessible(page, '375 px, a pinned unit');
    await page.getByTestId('feature-maps').screenshot({ path: `${SHOTS}/a11y-phone-375-zoom.png` });
    await page.getByTestId('field-panel').screenshot({ path: `${SHOTS}/a11y-phone-375-field.png` });
    await page.getByTestId('tab-steps').click();
    await expect(page.getByTestId('equation')).toBeVisible();
    await noSideScroll(page, 375);
    await page.getByTestId('conv-steps').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/a11y-phone-375-steps.png` });
    await expectAccessible(page, '375 px, watch it compute');
    await page.getByTestId('summary-toggle').click();
    await noSideScroll(page, 375);
    await page.screenshot({ path: `${SHOTS}/a11y-phone-375-summary.png` });
  });

  for (const [w, h] of [
    [768, 1024],
    [1280, 800],
  ])
    test(`${w}×${h}: no sideways scroll (screenshot)`, async ({ page }) => {
      await page.setViewportSize({ width: w, height: h });
      await openTinyVgg(page, false);
      await noSideScroll(page, w);
      await page.screenshot({ path: `${SHOTS}/a11y-${w}x${h}.png`, fullPage: true });
    });

  test('3840×2160: the columns fill the screen, scaled up for the back row', async ({ page }) => {
    await page.setViewportSize({ width: 3840, height: 2160 });
    await openTinyVgg(page, false);
    await noSideScroll(page, 3840);
    const cols = await page.evaluate(() =>
      ['.col-left', '.col-mid', '.col-right'].map((s) => {
        const r = document.querySelector(s)!.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top };
      }),
    );
    // Three columns side by side from edge to edge, the maps' column the widest.
    expect(cols[0].left).toBeLessThan(100);
    expect(cols[2].right).toBeGreaterThan(3840 - 100);
    expect(cols[1].left).toBeGreaterThan(cols[0].right);
    expect(cols[2].left).toBeGreaterThan(cols[1].right);
    expect(cols[1].right - cols[1].left).toBeGreaterThan(3840 / 3);
    // Text and maps are drawn larger than on a laptop.
    const title = await page.locator('h1').boundingBox();
    expect(title!.height).toBeGreaterThan(40);
    // Pointing still finds the right unit on the scaled-up page.
    await page.getByTestId('channel').first().locator('button').click();
    const map = page.getByTestId('zoomed-channel').locator('canvas');
    const box = (await map.boundingBox())!;
    await page.mouse.move(box.x + (10.5 / 62) * box.width, box.y + (31.5 / 62) * box.height);
    await expect(page.getByTestId('hover-readout')).toContainText('channel 0 · y 31 · x 10');
    // The page fills the screen's height, no more.
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight)).toBeLessThan(
      2160 * 1.8,
    );
    await page.screenshot({ path: `${SHOTS}/a11y-3840x2160.png` });
  });
});
