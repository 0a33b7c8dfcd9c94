// The training studio while it trains LeNet-5 on MNIST: the page's frame rate (requestAnimationFrame
// callbacks a second, the bar is ≥ 30) and training speed (examples a second, the
// studio's own count), with the live views on (a parameter snapshot every 10 steps redraws the
// filters, the maps and the prediction) and off, on the CPU path (a worker) and the GPU path.
// Run after `npm run build`:   npm run bench:studio        (TRAIN_MS per case, default 8000)
// SwiftShader is a CPU: compare rows of one run, never across machines.
import { printTable, startPreview } from '../scripts/previewServer.mjs';

const TRAIN_MS = Number(process.env.TRAIN_MS ?? 8000);
const { base, browser, stop } = await startPreview();
const rows = [];
try {
  for (const backend of ['cpu', 'gpu'])
    for (const live of [true, false]) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(`${base}?preset=lenet5&weights=random&debug&backend=${backend}`);
      await page
        .locator(`[data-testid=compute-status][data-status=done][data-backend=${backend}]`)
        .waitFor({ timeout: 120000 });
      await page.evaluate((on) => window.__cnnDebug.liveViews(on), live);
      await page.getByTestId('train-toggle').click();
      await page.getByTestId('train-start').click();
      await page
        .locator('[data-testid=train-status][data-status=running]')
        .waitFor({ timeout: 120000 });
      // Warm up a second, then count frames and read the studio's examples per second.
      await page.waitForTimeout(1000);
      const frames = await page.evaluate(
        (ms) =>
          new Promise((resolve) => {
            let n = 0;
            let longest = 0;
            let last = performance.now();
            const t0 = last;
            const tick = (t) => {
              n++;
              longest = Math.max(longest, t - last);
              last = t;
              if (t - t0 < ms) requestAnimationFrame(tick);
              else resolve({ fps: (n * 1000) / (t - t0), longest });
            };
            requestAnimationFrame(tick);
          }),
        TRAIN_MS,
      );
      const status = await page.getByTestId('train-status').textContent();
      const eps = Number(/(\d+) examples\/s/.exec(status ?? '')?.[1] ?? NaN);
      await page.getByTestId('train-stop').click();
      rows.push({
        backend,
        live_views: live ? 'on' : 'off',
        fps: frames.fps.toFixed(1),
        longest_frame_ms: Math.round(frames.longest),
        examples_per_s: eps,
      });
      await page.close();
    }
} finally {
  await stop();
}
printTable(rows);
