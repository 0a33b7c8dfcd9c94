// Accessibility: axe-core on the main views (no serious or critical violations), the keyboard and
// touch ways to pin a receptive field, and the layout from a 375 px phone to a 4K projector.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';

const SHOTS = 'test-results/screens';

/** Serious and critical axe violations of the page as it is now: rule, help and the elements. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}`);
      const detail = v.nodes[0]?.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? '';
      return `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length}×; e.g. ${detail})\n${nodes.join('\n')}`;
    });
}

async function expectAccessible(page: Page, view: string) {
  const found = await seriousViolations(page);
  expect(found.length, `${view}:\n${found.join('\n')}`).toBe(0);
}

/** Tiny VGG with its maps drawn; without ?debug for screenshots (no latency overlay). */
async function openTinyVgg(page: Page, debug = true) {
  await page.goto(`./?preset=tinyvgg${debug ? '&debug' : ''}`);
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('feature-maps').getByTestId('channel').first()).toBeVisible();
}

test.describe('axe: no serious or critical violations', () => {
  test('the default screen: Tiny VGG, feature maps', async ({ page }) => {
    const errors = collectConsoleErrors(page);
    await openTinyVgg(page);
    await expectAccessible(page, 'default screen');
    expect(errors).toEqual([]);
  });

  test('watch it compute, on a conv layer', async ({ page }) => {
    await openTinyVgg(page);
    await page.getByTestId('tab-steps').click();
    await expect(page.getByTestId('conv-steps')).toBeVisible();
    await expect(page.getByTestId('equation')).toBeVisible();
    await expectAccessible(page, 'watch it compute');
  });

  test('a zoomed channel with a pinned unit and its receptive field', async ({ page }) => {
    await openTinyVgg(page);
    await page.getByTestId('channel').first().click();
    const zoomed = page.getByTestId('zoomed-channel');
    const target = zoomed.locator('td, canvas').first();
    await target.click({ position: { x: 3, y: 3 } });
    await page.mouse.move(0, 0);
    await expect(page.getByTestId('field-input')).toBeVisible();
    await expect(page.getByTestId('rf-table')).toBeVisible();
    await expectAccessible(page, 'zoomed channel + receptive field');
  });

  test('the summary drawer', async ({ page }) => {
    await openTinyVgg(page);
    await page.getByTestId('summary-toggle').click();
    await expect(page.getByTestId('summary-drawer')).toBeVisible();
    await expectAccessible(page, 'summary drawer');
  });

  test('numeric input and the filter editor', async ({ page }) => {
    await page.goto('./?preset=teach_5x5_exercise&debug');
    await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
    await page.getByTestId('input-mode-numeric').click();
    await expect(page.getByTestId('numeric-input')).toBeVisible();
    await page.getByTestId('filter').first().click();
    await expect(page.getByTestId('filter-editor')).toBeVisible();
    await expectAccessible(page, 'numeric input + filter editor');
  });

  test('a layer with an error', async ({ page }) => {
    await openTinyVgg(page);
    await page.getByTestId('field-kernel').fill('80');
    await page.getByTestId('field-kernel').blur();
    await expect(page.getByTestId('layer-error')).toBeVisible();
    await expectAccessible(page, 'layer error');
  });

  test('a flat output (LeNet-5) with a pinned feature, and its dense steps', async ({ page }) => {
    await page.goto('./?preset=lenet5&debug');
    await page.locator('[data-card-id=output] .card-main').click();
    await page.locator('.vector .cell').nth(3).click();
    await page.mouse.move(0, 0);
    await expect(page.getByTestId('field-count')).toContainText('1,024 input pixels');
    await expectAccessible(page, 'flat output + pinned feature');
    await page.getByTestId('tab-steps').click();
    await expect(page.getByTestId('linear-steps')).toBeVisible();
    await expectAccessible(page, 'dense steps');
  });

  test('the empty network', async ({ page }) => {
    await page.goto('./?debug');
    await page.getByTestId('preset-select').selectOption('empty');
    await expect(page.getByTestId('layer-card')).toHaveCount(1);
    await expectAccessible(page, 'empty network');
  });
});

/** What has the focus: its test id, else its tag and class. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const id = el.closest('[data-testid]')?.getAttribute('data-testid') ?? '';
    return `${id}|${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`;
  });

test.describe('keyboard', () => {
  test('Tab alone reaches every kind of control, each with a visible focus ring', async ({
    page,
  }) => {
    await openTinyVgg(page);
    const seen = new Set<string>();
    const unringed = new Set<string>();
    for (let i = 0; i < 220; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      seen.add(f);
      // An outline on HTML controls; the overview's SVG boxes draw a dashed frame instead.
      const ring = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | SVGElement | null;
        if (!el || el === document.body) return true;
        if (el instanceof SVGElement) {
          const frame = el.querySelector('.ov-focus');
          return !!frame && getComputedStyle(frame).stroke !== 'none';
        }
        const s = getComputedStyle(el);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
      });
      if (!ring) unringed.add(f);
    }
    const all = [...seen].join('\n');
    for (const want of [
      'preset-select|select',
      'summary-toggle|button',
      'overview-block|g',
      'palette-conv2d|button',
      'layer-card|button.card-main',
      'field-kernel|input',
      'sample-select|select',
      'input-mode-numeric|button',
      'tab-steps|button',
      'scale-layer|button',
      'channel|button.map-button',
      'filter|button.filter',
      'reinit|button',
    ])
      expect(all, `Tab never reached ${want}`).toContain(want);
    expect([...unringed], 'focused without a visible ring').toEqual([]);
  });

  test('a receptive field pinned with the keyboard alone', async ({ page }) => {
    await page.goto('./?preset=teach_two_3x3&debug');
    await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
    // Select conv2 from its card, then zoom its first channel: Tab and Enter only.
    const tabTo = async (want: string) => {
      for (let i = 0; i < 150; i++) {
        if ((await focused(page)).startsWith(want)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error(`Tab never reached ${want}; last ${await focused(page)}`);
    };
    await tabTo('layer-card|button.card-main');
    const onConv2 = () =>
      page.evaluate(() => !!document.activeElement?.textContent?.includes('conv2'));
    for (let i = 0; i < 5 && !(await onConv2()); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-card-id=conv2]')).toHaveClass(/selected/);
    await tabTo('channel|button');
    await page.keyboard.press('Enter');
    // Zooming moves the focus to the map: the arrows walk a cursor, Enter pins its unit.
    await expect(page.getByTestId('zoom-surface')).toBeFocused();
    // The first arrow shows the cursor on the top-left unit; then it moves.
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('zoom-cursor')).toContainText('row 0, column 0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('zoom-cursor')).toContainText('row 1, column 1');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('zoom-cursor')).toContainText('pinned');
    await expectAccessible(page, 'keyboard cursor on a pinned unit');
    await expect(page.getByTestId('field-panel')).toContainText('channel 0, y 1, x 1');
    await expect(page.getByTestId('field-panel')).toContainText('pinned');
    await expect(page.getByTestId('field-count')).toContainText('25 input pixels in a 5×5 box');
    // Back to all channels: the focus returns to the channel it came from.
    for (let i = 0; i < 5 && !(await focused(page)).startsWith('zoom-back'); i++)
      await page.keyboard.press('Shift+Tab');
    await expect(page.getByTestId('zoom-back')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid=channel][data-channel="0"] button')).toBeFocused();
  });

  test('the summary opens into the focus and closes with Escape', async ({ page }) => {
    await openTinyVgg(page);
    await page.getByTestId('summary-toggle').focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid=summary-drawer] .table-wrap')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.locator('[data-testid=summary-drawer] .layer-name').first()).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('summary-drawer')).toHaveCount(0);
    await expect(page.getByTestId('summary-toggle')).toBeFocused();
  });
});

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
      '[data-testid=layer-editor]',
      '[data-testid=kernel-view]',
      '[data-testid=arithmetic]',
    ])
      await inWidth(page, sel, 375);
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
