// Lecture mode, themes, the shortcut overlay, reduced motion and the Content-Security-Policy.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';
import { smallestVisibleText } from './textSize';

async function noSeriousViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(' ')})`)).toEqual(
    [],
  );
}

const fontSize = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));

test('lecture mode: bigger type and equation, fewer panels; L toggles it', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('./?preset=teach_5x5_exercise&view=steps');
  await expect(page.getByTestId('equation')).toBeVisible();
  const small = await fontSize(page, 'equation');
  await expect(page.getByTestId('layer-editor')).toBeVisible();

  await page.getByTestId('lecture-toggle').click();
  await expect(page.locator('html')).toHaveClass(/lecture/);
  await expect(page.getByTestId('lecture-banner')).toBeVisible();
  await expect(page.getByTestId('layer-editor')).toHaveCount(0);
  await expect(page.getByTestId('kernel-view')).toHaveCount(0);
  await expect(page.getByTestId('copy-link')).toBeHidden();
  expect(await fontSize(page, 'equation')).toBeGreaterThan(small * 1.4);
  await noSeriousViolations(page);
  // In the link too, so a projected screen can be bookmarked.
  await expect.poll(() => page.url()).toContain('lecture=1');

  await page.locator('body').press('l');
  await expect(page.locator('html')).not.toHaveClass(/lecture/);
  await expect(page.getByTestId('layer-editor')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the ? overlay lists the shortcuts, and they work', async ({ page }) => {
  await page.goto('./?preset=lenet5');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
  await page.locator('body').press('?');
  const overlay = page.getByTestId('shortcuts-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('Lecture mode');
  await expect(overlay).toContainText('Previous / next layer');
  await noSeriousViolations(page);
  await page.keyboard.press('Escape');
  await expect(overlay).toBeHidden();

  await page.locator('body').press('w');
  await expect(page.getByTestId('slide-view')).toBeVisible();
  await page.locator('body').press('.');
  await page.locator('body').press('.');
  await expect(page.getByTestId('step-label')).toContainText('position 3 of');
  await page.locator('body').press(']');
  await expect(page.locator('[data-testid=layer-card].selected')).toHaveAttribute(
    'data-card-id',
    'tanh1',
  );
  await page.locator('body').press('m');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
  await page.locator('body').press('d');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await noSeriousViolations(page);
  await page.locator('body').press('d');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('prefers-reduced-motion: the animation starts at half speed', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto('./?preset=teach_5x5_exercise&view=steps');
  await expect(page.getByTestId('step-speed')).toHaveValue('0.5');
  await context.close();
});

test('the built page carries a CSP without unsafe-eval, and eval is refused', async ({ page }) => {
  await page.goto('./?preset=lenet5');
  const csp = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  await expect(page.getByTestId('feature-maps')).toBeVisible();
  // A string handed to setTimeout is compiled by the page itself (not by the test driver,
  // which may evaluate freely), so the page's policy decides: it must refuse.
  const outcome = await page.evaluate(
    () =>
      new Promise<{ ran: boolean; blocked: string[] }>((done) => {
        const blocked: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => blocked.push(e.blockedURI));
        const w = window as unknown as { __evaled?: number; setTimeout(code: string): void };
        w.setTimeout('window.__evaled = 1');
        setTimeout(() => done({ ran: w.__evaled === 1, blocked }), 300);
      }),
  );
  expect(outcome).toEqual({ ran: false, blocked: ['eval'] });
});

for (const [w, h] of [
  [1920, 1080],
  [1280, 720],
] as const)
  test(`lecture mode at ${w}×${h}: no text under 18 px, the step grid in the first screen, the settings one key away`, async ({
    page,
  }) => {
    const errors = collectConsoleErrors(page);
    await page.setViewportSize({ width: w, height: h });
    await page.goto('./?preset=teach_7x7_s3&view=steps&lecture=1');
    const grid = page.getByTestId('slide-input').first();
    await expect(grid).toBeVisible();
    await page.waitForTimeout(500);
    expect(await smallestVisibleText(page)).toEqual([]);
    const box = (await grid.boundingBox())!;
    expect(box.y).toBeLessThan(h - 100);
    // E: the settings drawer; the stride changes live, and the step grid follows.
    await page.locator('body').press('e');
    await expect(page.getByTestId('lecture-settings')).toBeVisible();
    expect(await smallestVisibleText(page)).toEqual([]);
    await page.getByTestId('field-stride').fill('2');
    await page.getByTestId('field-stride').press('Enter');
    await expect(page.getByTestId('step-label')).toContainText('of 9');
    await page.getByTestId('field-stride').blur();
    await page.locator('body').press('e');
    await expect(page.getByTestId('lecture-settings')).toHaveCount(0);
    // H: only the view; H again (or the corner button) brings the controls back.
    await page.locator('body').press('h');
    await expect(page.getByTestId('preset-select')).toBeHidden();
    await expect(page.getByTestId('builder')).toBeHidden();
    await expect(grid).toBeVisible();
    await page.getByTestId('lecture-unbare').click();
    await expect(page.getByTestId('preset-select')).toBeVisible();
    // Feature maps of Tiny VGG too.
    await page.goto('./?preset=tinyvgg&lecture=1');
    await expect(page.getByTestId('feature-maps')).toBeVisible();
    await page.waitForTimeout(500);
    expect(await smallestVisibleText(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
