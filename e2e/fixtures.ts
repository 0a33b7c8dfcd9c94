import { expect, type Page } from '@playwright/test';

export interface SummaryRow {
  readonly id: string;
  readonly kind: string;
  /** The layer's name as the table shows it (its id when it has none). */
  readonly name: string;
  /** Numeric columns parsed (thousands separators removed); others as text. */
  readonly cols: Record<string, string | number>;
}

const NUMERIC = new Set(['params', 'macs']);

export async function readSummary(page: Page): Promise<SummaryRow[]> {
  const raw = await page.locator('[data-testid=layer-summary] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({
      id: tr.getAttribute('data-layer-id') ?? '',
      kind: tr.querySelector('.kind')?.textContent ?? '',
      name: tr.querySelector('.layer-name')?.firstChild?.textContent ?? '',
      cols: Object.fromEntries(
        [...tr.querySelectorAll('[data-col]')].map((td) => [
          td.getAttribute('data-col'),
          td.textContent ?? '',
        ]),
      ),
    })),
  );
  return raw.map((r) => ({
    ...r,
    cols: Object.fromEntries(
      Object.entries(r.cols as Record<string, string>).map(([k, v]) => [
        k,
        NUMERIC.has(k) ? Number(v.replace(/[^0-9]/g, '')) : v.trim(),
      ]),
    ),
  }));
}

/** Console errors and uncaught exceptions of the page, for asserting there are none. */
export function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Opens the summary drawer, reads its rows, closes it. */
export async function summary(page: Page): Promise<SummaryRow[]> {
  await page.getByTestId('summary-toggle').click();
  await expect(page.getByTestId('layer-summary')).toBeVisible();
  const rows = await readSummary(page);
  await page.getByTestId('summary-close').click();
  return rows;
}
