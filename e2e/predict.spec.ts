// The prediction panel: its top class is the argmax of the network's softmax layer, on the CPU
// and on the GPU (SwiftShader here).
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './fixtures';

const softmax = (page: import('@playwright/test').Page) =>
  page.evaluate(() =>
    (
      window as unknown as { __cnnDebug: { activation(): number[] | null } }
    ).__cnnDebug.activation(),
  );

for (const backend of ['cpu', 'gpu'] as const) {
  test(`the top class is the softmax layer's argmax (${backend})`, async ({ page }) => {
    const errors = collectConsoleErrors(page);
    await page.goto(`./?preset=lenet5&weights=random&layer=softmax&debug&backend=${backend}`);
    const best = page.locator('[data-testid=prediction-bars] li.best');
    await expect(best).toHaveCount(1);
    await page.waitForFunction(
      () =>
        (
          window as unknown as { __cnnDebug?: { activation(): number[] | null } }
        ).__cnnDebug?.activation()?.length === 10,
    );
    const p = (await softmax(page))!;
    const argmax = p.indexOf(Math.max(...p));
    await expect(best).toHaveAttribute('data-class', String(argmax));
    await expect(page.getByTestId('prediction-top')).toContainText(
      `${(p[argmax] * 100).toFixed(1)}%`,
    );
    expect(errors).toEqual([]);
  });
}
