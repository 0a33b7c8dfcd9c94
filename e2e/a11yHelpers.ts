// Shared by the accessibility and device specs: axe's serious findings, and Tiny VGG drawn.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const SHOTS = 'test-results/screens';

/** Serious and critical axe violations of the page as it is now: rule, help and the elements. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}`);
      const detail = v.nodes[0]?.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? '';
      return `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length}×; e.g. ${detail})\n${nodes.join('\n')}`;
    });
}

export async function expectAccessible(page: Page, view: string) {
  const found = await seriousViolations(page);
  expect(found.length, `${view}:\n${found.join('\n')}`).toBe(0);
}

/** Tiny VGG with its maps drawn; without ?debug for screenshots (no latency overlay). */
export async function openTinyVgg(page: Page, debug = true) {
  await page.goto(`./?preset=tinyvgg${debug ? '&debug' : ''}`);
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('feature-maps').getByTestId('channel').first()).toBeVisible();
}
