// Accessibility: axe-core on the main views (no serious or critical violations), the keyboard and
// Accessibility: axe-core on the main views (no serious or critical violations) and the
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';
import { expectAccessible, openTinyVgg } from './a11yHelpers';

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
    // Kernel 64 dilated by 2 spans 127 cells: kept (a link can carry it), but it does not fit.
    await page.getByTestId('field-kernel').fill('64');
    await page.getByTestId('field-kernel').blur();
    await page.getByTestId('field-dilation').fill('2');
    await page.getByTestId('field-dilation').blur();
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
    for (let i = 0; i < 12 && !(await onConv2()); i++) await page.keyboard.press('Tab');
    expect(await onConv2(), 'Tab never reached the conv2 card').toBe(true);
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

test('the first Tab offers a skip link to the maps', async ({ page }) => {
  await openTinyVgg(page, false);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the feature maps' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#inspector')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('tab-maps')).toBeFocused();
});
