// A lecture hall without network: after one visit, the service worker has precached the app,
// the MNIST file, the shipped weights and the sample images, and the built app reloads and
// computes with the network cut off (Playwright's offline mode).
import { expect, test } from '@playwright/test';

test.use({ serviceWorkers: 'allow' });

test('after one visit, the app reloads and computes offline: trained LeNet-5, a dataset digit, the Why panel', async ({
  page,
  context,
}) => {
  await page.goto('./?preset=lenet5');
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  // The worker is installed once everything is precached (data/mnist.bin is the largest).
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const reg = await navigator.serviceWorker.getRegistration();
          if (!reg?.active) return false;
          for (const name of await caches.keys()) {
            const urls = (await (await caches.open(name)).keys()).map((r) => r.url);
            if (urls.some((u) => u.includes('data/mnist.bin'))) return true;
          }
          return false;
        }),
      { timeout: 60_000 },
    )
    .toBe(true);
  expect(
    await page.evaluate(async () => {
      const m = await fetch('manifest.webmanifest').then((r) => r.json());
      return [m.name, m.display, m.icons.length];
    }),
  ).toEqual(['CNN Visualizer', 'standalone', 3]);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('compute-status')).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('prediction-panel')).toContainText('trained on MNIST digits');
  // A held-out digit: the 7.85 MB MNIST file comes from the cache.
  await page.goto('./?preset=lenet5&example=mnist:3');
  await expect(page.getByTestId('prediction-truth')).toContainText('right');
  // Lazy code (the Why panel, KaTeX) loads from the cache too.
  await page.getByTestId('why-open').click();
  await expect(page.getByTestId('why-status')).toHaveAttribute('data-status', 'done', {
    timeout: 30_000,
  });
  await expect(page.locator('[data-testid=why-note] .katex').first()).toBeVisible();
  // Really offline: a request past the cache fails.
  expect(
    await page.evaluate(() =>
      fetch('https://example.org/', { mode: 'no-cors' }).then(
        () => 'reached',
        () => 'offline',
      ),
    ),
  ).toBe('offline');
});
